/**
 * Small statistics for noisy shared machines: medians over interleaved rounds, never means.
 *
 * @example
 * median([3, 1, 2]); // 2
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Ratio of medians, rounded for display.
 *
 * @example
 * ratio(150, 100); // 1.5
 */
export function ratio(value: number, base: number): number {
  return base > 0 ? Math.round((value / base) * 100) / 100 : Number.NaN;
}

/**
 * The median of per-round ratios (`values[i] / bases[i]`, measured side by side in round `i`),
 * rounded for display: a change of the machine's load between rounds moves both sides of a
 * round, so it cancels out here where it does not in a ratio of two medians.
 *
 * @example
 * pairedRatio([110, 220, 300], [100, 200, 100]); // 1.1
 */
export function pairedRatio(values: readonly number[], bases: readonly number[]): number {
  const ratios = values.flatMap((v, i) => (bases[i]! > 0 ? [v / bases[i]!] : []));
  return ratio(median(ratios), 1);
}

/**
 * Formats a number with a sensible number of digits for a table cell.
 *
 * @example
 * fmt(1234.567); // "1235"
 */
export function fmt(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (digits !== undefined) return value.toFixed(digits);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * Runs `rounds` interleaved rounds: each round visits every variant once, in a rotated order so
 * no variant always runs first (drift and neighbours' load then fall on all of them alike).
 *
 * @example
 * const samples = await interleave(["a", "b"], 5, async (v) => measure(v));
 */
export async function interleave<V extends string>(
  variants: readonly V[],
  rounds: number,
  measure: (variant: V, round: number) => Promise<number>,
): Promise<Record<V, number[]>> {
  const samples = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<V, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const variant = variants[(i + round) % variants.length]!;
      samples[variant].push(await measure(variant, round));
    }
  }
  return samples;
}

/**
 * Growth across a series of checkpoints taken at equal steps, from its least-squares slope:
 * slope × (points − 1). A leak grows steadily and shows in full; the allocator's and the young
 * generation's ups and downs mostly cancel out, unlike a last-minus-first difference.
 *
 * @example
 * trend([10, 11, 12, 13]); // 3
 */
export function trend(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => { num += (x - meanX) * (y - meanY); den += (x - meanX) ** 2; });
  return (num / den) * (n - 1);
}
