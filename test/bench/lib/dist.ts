/**
 * The build the benchmarks measure. `dist/` is rebuilt by every `npm test`; a snapshot taken at
 * the start keeps one run on one build even when the tree is rebuilt meanwhile. It lives under
 * bench-results/ (gitignored) so package imports still resolve from the project's node_modules.
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const ENTRIES = ["src/index.js", "src/emulator/index.js", "src/notebook/index.js", "repl/cli.js"];

/**
 * Copies dist/esm to bench-results/dist-snapshot/esm (building first if an entry is missing) and
 * returns the snapshot's path.
 *
 * @example
 * const esm = snapshotDist(process.cwd());
 */
export function snapshotDist(root: string): string {
  const source = join(root, "dist/esm");
  const target = join(root, "bench-results/dist-snapshot/esm");
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!ENTRIES.every((e) => existsSync(join(source, e)))) spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
    rmSync(target, { recursive: true, force: true });
    try {
      cpSync(source, target, { recursive: true });
    } catch (error) {
      process.stderr.write(`  dist changed while copying (${(error as Error).message}); again\n`);
      continue;
    }
    if (ENTRIES.every((e) => existsSync(join(target, e)))) return target;
  }
  throw new Error("could not snapshot a complete dist/esm (is the build failing?)");
}
