#!/usr/bin/env node
// Builds dist/esm (+ dist/types) and dist/cjs with tsc. `--if-stale` skips the build when no
// source file is newer than the last build, so `npm start` stays fast after the first run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, rmSync } from "node:fs";
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
rmSync(join(root, "dist"), { recursive: true, force: true });
for (const project of ["tsconfig.build.json", "tsconfig.cjs.json"]) {
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, project)], { stdio: "inherit", cwd: root });
  if (result.status !== 0) {
    console.error(`build: tsc -p ${project} failed`);
    process.exit(result.status ?? 1);
  }
}
// The package is "type": "module"; the CommonJS tree says so for itself.
mkdirSync(join(root, "dist", "cjs"), { recursive: true });
writeFileSync(join(root, "dist", "cjs", "package.json"), '{ "type": "commonjs" }\n');
writeFileSync(stamp, new Date().toISOString() + "\n");
