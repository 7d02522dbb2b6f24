#!/usr/bin/env node
// Builds dist/esm (+ dist/types) and dist/cjs with tsc. `--if-stale` skips the build when no
// source file is newer than the last build, so `npm start` stays fast after the first run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, renameSync, statSync, writeFileSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "dist", ".build-stamp");

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (process.argv.includes("--if-stale") && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const inputs = ["src", "repl"].map((d) => newestMtime(join(root, d)));
  const configs = ["package.json", "tsconfig.json", "tsconfig.build.json", "tsconfig.cjs.json"].map((f) => statSync(join(root, f)).mtimeMs);
  if (Math.max(...inputs, ...configs) <= built) process.exit(0);
}

const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
// Build into a private folder and swap it in, so concurrent builds (parallel test runs, a bench
// started while tests run) never see or delete each other's half-written output.
const out = join(root, `.dist-build-${process.pid}`);
rmSync(out, { recursive: true, force: true });
const projects = [
  ["tsconfig.build.json", ["--outDir", join(out, "esm"), "--declarationDir", join(out, "types")]],
  ["tsconfig.cjs.json", ["--outDir", join(out, "cjs")]],
];
for (const [project, dirs] of projects) {
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, project), ...dirs], { stdio: "inherit", cwd: root });
  if (result.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    console.error(`build: tsc -p ${project} failed`);
    process.exit(result.status ?? 1);
  }
}
// The package is "type": "module"; the CommonJS tree says so for itself.
writeFileSync(join(out, "cjs", "package.json"), '{ "type": "commonjs" }\n');
writeFileSync(join(out, ".build-stamp"), new Date().toISOString() + "\n");
const dist = join(root, "dist");
const old = join(root, `.dist-old-${process.pid}`);
for (let attempt = 0; ; attempt++) {
  try {
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(out, dist);
    break;
  } catch (error) {
    // another build swapped its output in between our two renames: take the slot again
    if (attempt >= 5) throw error;
  }
}
rmSync(old, { recursive: true, force: true });
