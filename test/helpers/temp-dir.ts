// Temporary directories for tests, removed when the test process exits (also after a failure),
// so a thousand suite runs do not leave a thousand directories in /tmp.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];
process.once("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/**
 * A new empty directory under the OS temp dir, removed when this process exits.
 *
 * @example
 * const home = tempDir("repl-home-");
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
