/**
 * Histogram buckets for numeric answers: at most `maxBuckets` buckets of a "nice" width (1, 2, 5 × 10^n),
 * each `[from, to)` except the last, which includes its upper end. Whole numbers spanning a small range
 * get one bucket per value.
 *
 * Example: `histogram([1, 2, 2, 3, 10])` → `[{ from: 0, to: 2, count: 1 }, { from: 2, to: 4, count: 3 }, …, { from: 10, to: 12, count: 1 }]`.
 */

/** Example: `{ from: 20, to: 30, count: 4 }`. */
export interface Bucket {
  from: number;
  to: number;
  count: number;
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

export function histogram(values: number[], maxBuckets = 10): Bucket[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  let min = Math.min(...finite);
  const max = Math.max(...finite);
  const whole = finite.every((v) => Number.isInteger(v));
  let step: number;
  if (whole && max - min < maxBuckets) step = 1;
  else if (max === min) step = 1;
  else step = niceStep((max - min) / maxBuckets);
  if (whole) step = Math.max(1, Math.round(step));
  min = Math.floor(min / step) * step;
  const count = Math.max(1, Math.floor((max - min) / step) + 1);
  const buckets: Bucket[] = [];
  for (let i = 0; i < count; i++) buckets.push({ from: round(min + i * step), to: round(min + (i + 1) * step), count: 0 });
  for (const v of finite) {
    const index = Math.min(count - 1, Math.floor((v - min) / step));
    buckets[index]!.count++;
  }
  return buckets;
}

// Steps like 0.1 accumulate float error (0.30000000000000004): keep 10 significant digits.
function round(n: number): number {
  return Number(n.toPrecision(10));
}
