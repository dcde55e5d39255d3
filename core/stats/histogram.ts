// A fixed wait-time histogram: the same bucket bounds everywhere, so histograms of any
// intervals add up key by key and a percentile of a day is exact to one bucket. Stored
// as a flat object of numbered keys ({"0": n, "1": n, …}): no arrays, no '.' in keys.

/** Upper bounds (exclusive) in seconds; the last bucket is open-ended. 20 s (80/20) and 2400 s (40 min walk-in) are bounds. */
export const WAIT_BOUNDS = [
  5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2400, 3600, 7200, 14400, 28800, 86400, 172800, 604800,
] as const;

export type Histogram = Record<string, number>;

/** Index of the bucket holding `seconds`: bucket k holds [WAIT_BOUNDS[k-1], WAIT_BOUNDS[k]). */
export function bucketIndex(seconds: number): number {
  const s = Math.max(0, seconds);
  for (let k = 0; k < WAIT_BOUNDS.length; k++) if (s < WAIT_BOUNDS[k]!) return k;
  return WAIT_BOUNDS.length;
}

export function bucketRange(k: number): [number, number] {
  const lo = k === 0 ? 0 : WAIT_BOUNDS[k - 1]!;
  const hi = k < WAIT_BOUNDS.length ? WAIT_BOUNDS[k]! : Infinity;
  return [lo, hi];
}

export function histogramOf(values: number[]): Histogram {
  const h: Histogram = {};
  for (const v of values) {
    const k = String(bucketIndex(v));
    h[k] = (h[k] ?? 0) + 1;
  }
  return h;
}

export function mergeHistograms(into: Histogram, add: Histogram | undefined): Histogram {
  if (!add) return into;
  for (const [k, n] of Object.entries(add)) into[k] = (into[k] ?? 0) + n;
  return into;
}

export function histogramCount(h: Histogram | undefined): number {
  return h ? Object.values(h).reduce((a, b) => a + b, 0) : 0;
}

/**
 * The p-th percentile (0 < p ≤ 1), interpolated linearly inside its bucket; the open last
 * bucket answers with its lower bound. null when the histogram is empty.
 */
export function percentile(h: Histogram | undefined, p: number): number | null {
  const total = histogramCount(h);
  if (!h || total === 0) return null;
  const rank = p * total;
  let seen = 0;
  for (let k = 0; k <= WAIT_BOUNDS.length; k++) {
    const n = h[String(k)] ?? 0;
    if (n === 0) continue;
    if (seen + n >= rank) {
      const [lo, hi] = bucketRange(k);
      if (!Number.isFinite(hi)) return lo;
      return lo + ((hi - lo) * Math.max(0, rank - seen)) / n;
    }
    seen += n;
  }
  return bucketRange(WAIT_BOUNDS.length)[0];
}

/** Share of the histogram at or above `seconds`, which must be a bucket bound to be exact. */
export function shareAtLeast(h: Histogram | undefined, seconds: number): number | null {
  const total = histogramCount(h);
  if (!h || total === 0) return null;
  const from = bucketIndex(seconds);
  let n = 0;
  for (const [k, c] of Object.entries(h)) if (Number(k) >= from) n += c;
  return n / total;
}
