import { describe, expect, it } from 'vitest';
import { addSeconds, formatTimestamp, isoTimestamp } from '../../runtime/engine/timestamps.js';

describe('engine timestamps', () => {
  it('isoTimestamp writes exactly what toISOString writes', () => {
    const edges = [0, 1, 999, 1000, 59_999, 3_599_999, 86_399_999, 86_400_000, 951_782_400_000, 1_709_164_799_999, 253_402_300_799_999];
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 253_402_300_800_000;
    const values = [...edges, ...Array.from({ length: 5000 }, () => Math.floor(random()))];
    for (const ms of values) expect(isoTimestamp(new Date(ms)), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('falls back to the builtin outside 1970-9999 and for invalid dates', () => {
    for (const ms of [-1, -62_167_219_200_000, 253_402_300_800_000]) expect(isoTimestamp(new Date(ms))).toBe(new Date(ms).toISOString());
    expect(() => isoTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('same day twice, then another day: the cached date part follows the day', () => {
    expect(isoTimestamp(new Date('2025-05-04T23:59:59.999Z'))).toBe('2025-05-04T23:59:59.999Z');
    expect(isoTimestamp(new Date('2025-05-04T00:00:00.000Z'))).toBe('2025-05-04T00:00:00.000Z');
    expect(isoTimestamp(new Date('2025-05-05T00:00:00.001Z'))).toBe('2025-05-05T00:00:00.001Z');
  });

  it('formatTimestamp and addSeconds keep goflow nanosecond digits', () => {
    expect(formatTimestamp(new Date(0))).toBe('1970-01-01T00:00:00.000000000Z');
    expect(addSeconds('2025-01-01T00:00:00.091000000Z', 7 * 86_400)).toBe('2025-01-08T00:00:00.091000000Z');
  });
});

describe('addSeconds', () => {
  it('gives the same result for the timestamp just formatted and for any other timestamp', () => {
    const just = formatTimestamp(new Date('2025-03-01T10:00:00.123Z'));
    expect(addSeconds(just, 600)).toBe('2025-03-01T10:10:00.123000000Z');
    expect(addSeconds('2025-03-01T10:00:00.123Z', 600)).toBe('2025-03-01T10:10:00.123000000Z');
    expect(addSeconds('2024-02-28T23:59:59.999000000Z', 1)).toBe('2024-02-29T00:00:00.999000000Z');
    expect(addSeconds(just, -86_400)).toBe('2025-02-28T10:00:00.123000000Z');
  });
});
