/** What every bench section receives. */
export interface Context {
  root: string;
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
