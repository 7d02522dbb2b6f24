// An integer as `toLocaleString("en-US")` writes it, without ICU: its first call builds a number
// formatter (5–16 ms on this project's machines), and the status line's token count is on the
// REPL's first frame.

/**
 * `1234567` → `"1,234,567"`; anything but a safe integer goes to `toLocaleString("en-US")`.
 *
 * @example
 * groupDigits(5000); // "5,000"
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}
