/** What every bench section receives. */
export interface Context {
  root: string;
  /** The ESM build measured: a snapshot of dist/esm taken at start (see run.ts). */
  dist: string;
  quick: boolean;
  log: (line: string) => void;
}

/**
 * Picks the quick or the full figure.
 *
 * @example
 * size(ctx, 3, 11); // 3 with --quick
 */
export function size(ctx: Context, quick: number, full: number): number {
  return ctx.quick ? quick : full;
}
