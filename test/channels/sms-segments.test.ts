/**
 * SMS segment counting and splitting (server/channels/common/sms-segments.ts), checked against the
 * outbox's counter (server/messaging/segments.ts) so both agree.
 */
import { describe, expect, it } from 'vitest';
import { isGsm7, smsInfo, smsSegments, splitSms, splitText } from '../../server/channels/common/sms-segments.js';
import { countSegments } from '../../server/messaging/segments.js';

describe('GSM-7 segments', () => {
  it('fits 160 septets in one SMS, then 153 per part', () => {
    expect(smsInfo('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 });
    expect(smsInfo('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2, perSegment: 153 });
    expect(smsSegments('a'.repeat(306))).toBe(2);
    expect(smsSegments('a'.repeat(307))).toBe(3);
  });

  it('counts extension characters (€ [ ] { } ~ ^ | \\) as two septets', () => {
    expect(smsInfo('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsInfo('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
    // 152 plain + "€" = 154 septets; the escape pair cannot straddle the part boundary at 153.
    expect(smsSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toBe(3);
    expect(isGsm7('Bei: [10] {x} ~ ^ | \\ €')).toBe(true);
  });

  it('treats accented letters of the GSM alphabet as GSM-7 (é, ñ, ü) and others as UCS-2', () => {
    expect(smsInfo('é'.repeat(160)).encoding).toBe('gsm7');
    expect(smsInfo('ŵ').encoding).toBe('ucs2');
  });
});

describe('UCS-2 segments', () => {
  it('fits 70 code units in one SMS, then 67 per part', () => {
    expect(smsInfo('ሰ'.repeat(70))).toEqual({ encoding: 'ucs2', units: 70, segments: 1, perSegment: 70 });
    expect(smsInfo('ሰ'.repeat(71))).toEqual({ encoding: 'ucs2', units: 71, segments: 2, perSegment: 67 });
    expect(smsSegments('ሰ'.repeat(134))).toBe(2);
    expect(smsSegments('ሰ'.repeat(135))).toBe(3);
  });

  it('counts an astral emoji as two code units and never splits its surrogate pair', () => {
    expect(smsInfo('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    expect(smsInfo(`${'a'.repeat(66)}😀${'a'.repeat(10)}`)).toMatchObject({ units: 78, segments: 2 });
    const parts = splitText(`${'a'.repeat(66)}😀${'b'.repeat(10)}`, 67, 'sms');
    expect(parts[0]).toBe('a'.repeat(66));
    expect(parts.join('')).toBe(`${'a'.repeat(66)}😀${'b'.repeat(10)}`);
  });

  it('agrees with the outbox counter on a range of texts', () => {
    const texts = ['', 'Habari', 'a'.repeat(160), 'a'.repeat(161), '€'.repeat(81), 'ŵ'.repeat(71), 'ሰ'.repeat(201), 'Jambo 😀'.repeat(30), `${'x'.repeat(300)}{}`];
    for (const t of texts) expect([t.slice(0, 10), smsSegments(t)]).toEqual([t.slice(0, 10), countSegments(t)]);
  });
});

describe('splitting', () => {
  it('cuts on a word boundary and drops the space at the cut', () => {
    expect(splitText('aaa bbb ccc', 8)).toEqual(['aaa bbb', 'ccc']);
    expect(splitText('Habari yako leo', 100)).toEqual(['Habari yako leo']);
    expect(splitText('', 10)).toEqual(['']);
  });

  it('cuts a word only when it is longer than a part', () => {
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('splits SMS so that each part is one segment, extension chars counted twice', () => {
    const text = `${'Neno '.repeat(40)}€€€ mwisho`;
    const parts = splitSms(text);
    expect(parts.every((p) => smsSegments(p) === 1)).toBe(true);
    expect(parts.join(' ')).toBe(text.replace(/\s+$/, ''));
    const ucs = 'ሰላም ለሁሉም '.repeat(20).trim();
    const ucsParts = splitSms(ucs);
    expect(ucsParts.every((p) => p.length <= 70)).toBe(true);
    expect(ucsParts.join(' ')).toBe(ucs);
  });

  it('refuses a nonsense limit', () => {
    expect(() => splitText('abc', 1)).toThrow(/maxUnits must be at least 2/);
  });
});
