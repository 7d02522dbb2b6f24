#!/usr/bin/env node
// The whole test command: the typecheck, the build and every test file, each in its own process
// (isolation: servers, tmux sessions and Jupyter kernels cannot leak between files), two at a time.
// uvu prints totals in its own words; this prints the closing line `N passed, N failed`.
//
// Scheduling: a file whose first line is `// @heavy…` (Jupyter, tmux, crash, load) runs alone or
// beside light files only — never beside another heavy file or an Ink suite (a .tsx file), whose
// renders are what a starved event loop breaks. A `// @bulk…` file (npm install, tsc: a core's
// worth of work and no timing in it) may also run beside one heavy file, as a light file would,
// but never beside an Ink suite or another bulk file. The typecheck and the build are jobs of the same
// pool, run beside light files; a file that loads dist/ waits for the build, the others start at
// once. The typecheck is incremental (its state in node_modules/.cache) and the build is skipped
// when dist/ is newer than all its inputs (`build.mjs --if-stale`): a rerun checks only what
// changed, with the same result as a full check. `--no-typecheck` skips the typecheck only: the
// build still runs (if stale) when a selected file loads dist/. Children get TEST_TIME_SCALE (as given, else 3
// when CI is set, else 1): test/helpers/eventually.ts stretches its backstop deadlines by it.
//
// Each file runs as an ESM bundle of itself and the project's TypeScript it imports
// (scripts/test-bundle.mjs, one esbuild build for all the selected files, ~2 s): plain Node starts
// a file in ~0.15 s of CPU where tsx's loader took ~0.6 s. `TEST_TSX=1` runs the sources through
// tsx instead (and so does a bundle build that fails, with its reason printed).
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus } from "node:os";
import { bundleTests } from "./test-bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith("--"));
const skipTypecheck = args.includes("--no-typecheck");
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 240_000);
const CONCURRENCY = Number(process.env.TEST_CONCURRENCY ?? Math.max(2, Math.min(cpus().length, 4)));
const TIME_SCALE = process.env.TEST_TIME_SCALE ?? (process.env.CI ? "3" : "1");

let passed = 0;
let failed = 0;
const failures = [];

function step(name, command, commandArgs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, commandArgs, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      const ms = Date.now() - started;
      if (code === 0) { passed++; console.log(`✔ ${name} (${ms} ms)`); }
      else {
        failed++; failures.push(name);
        console.log(`✘ ${name} (${ms} ms)\n${output}`);
      }
      resolve(code === 0);
    });
  });
}

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== "bench" && entry.name !== "fixtures") out.push(...findTests(path)); }
    else if (/\.test\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

async function runFile(file) {
  const { bundles } = await bundling;
  const bundle = bundles?.get(file);
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, bundle ? ["--enable-source-maps", bundle] : ["--import", "tsx", file], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", TEST_TIME_SCALE: TIME_SCALE },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, "SIGKILL"); } catch { child.kill("SIGKILL"); }
    }, FILE_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      const text = strip(output);
      const total = Number(/Total:\s+(\d+)/.exec(text)?.[1] ?? NaN);
      const ok = Number(/Passed:\s+(\d+)/.exec(text)?.[1] ?? NaN);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(text)?.[1] ?? 0);
      resolve({ file, code, text, total, ok, skipped, timedOut, ms: Date.now() - started });
    });
  });
}

const started = Date.now();
const files = findTests(join(root, "test")).filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)));
/** `heavy` (first line `// @heavy`), `bulk` (`// @bulk`), `ink` (a .tsx suite rendering with ink-testing-library) or `light`. */
function kindOf(file) {
  const first = readFileSync(file, "utf8");
  if (/^\/\/ @heavy\b/.test(first)) return "heavy";
  if (/^\/\/ @bulk\b/.test(first)) return "bulk";
  return file.endsWith(".tsx") ? "ink" : "light";
}
// A file needs the build when it, or a test/ or scripts/ module it imports (transitively), names
// dist/, imports the package by its name (resolved to dist/ through package.json's exports) or
// names a script that loads it (the notebook runner, the build itself). Modules under src/ and
// repl/ are not followed: they run from source. A false "needs" only makes a file wait.
const usesDist = new Map();
function needsBuild(file) {
  if (usesDist.has(file)) return usesDist.get(file);
  usesDist.set(file, false); // an import cycle ends here
  let text = "";
  try { text = readFileSync(file, "utf8"); } catch { return false; }
  let needs = /\bdist\b|notebooks\.mjs|build\.mjs|from\s+["']databricks-deployments\b/.test(text);
  for (const [, spec] of needs ? [] : text.matchAll(/(?:from\s+|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = join(dirname(file), spec);
    const rel = relative(root, target);
    if (!rel.startsWith("test/") && !rel.startsWith("scripts/")) continue;
    const candidates = [target, target.replace(/\.js$/, ".ts"), target.replace(/\.js$/, ".tsx"), target.replace(/\.mjs$/, ".mts")];
    const found = candidates.find((c) => { try { return statSync(c).isFile(); } catch { return false; } });
    if (found !== undefined && needsBuild(found)) { needs = true; break; }
  }
  usesDist.set(file, needs);
  return needs;
}
const kinds = new Map(files.map((f) => [f, kindOf(f)]));
// A folder of this run's own (another run in the same checkout has its own), removed at the end.
const bundleDir = join(root, ".tmp", `test-build-${process.pid}`);
// ...and the folders of runs that were interrupted (their process is gone).
for (const entry of (() => { try { return readdirSync(join(root, ".tmp")); } catch { return []; } })()) {
  const pid = Number(/^test-build-(\d+)$/.exec(entry)?.[1]);
  if (!Number.isInteger(pid) || pid === process.pid) continue;
  try { process.kill(pid, 0); } catch { rmSync(join(root, ".tmp", entry), { recursive: true, force: true }); }
}
const bundling = process.env.TEST_TSX === "1"
  ? Promise.resolve({ bundles: undefined, reason: undefined })
  : bundleTests(root, files, bundleDir).then((result) => {
    if (result.reason) console.log(`(the test bundles did not build, running the sources through tsx: ${result.reason})`);
    return result;
  });
// Heavy files first: they are the longest, and each runs with only light files beside it, so
// together they are the run's critical path. Within each group, longest first by the last run's
// times (kept outside the tree, in node_modules/.cache), so the run does not end with one long
// file on one core while the other idles. Order only: every file still runs in its own process;
// a file with no recorded time goes first.
const timesPath = join(root, "node_modules/.cache/test-times.json");
let lastTimes = {};
try { lastTimes = JSON.parse(readFileSync(timesPath, "utf8")); } catch { /* first run: file order */ }
const lastMs = (f) => lastTimes[relative(root, f)] ?? Infinity;
const longestFirst = (list) => [...list].sort((a, b) => lastMs(b) - lastMs(a));
/** One job of the pool: a test file, or the typecheck / the build (`step`). */
const job = (file) => ({ file, kind: kinds.get(file), needsBuild: needsBuild(file) });
const early = (f) => kinds.get(f) === "heavy" || kinds.get(f) === "bulk";
const queue = [...longestFirst(files.filter(early)), ...longestFirst(files.filter((f) => !early(f)))].map(job);
// The typecheck and the build are two more jobs of the same pool (each mostly one core), not a
// phase before it: the build goes first, since the files that load dist/ (the notebooks, the
// tarball, the CLI suites) wait for it; the typecheck after the heavy files. Each keeps a core
// busy for 15-60 s, so both are scheduled like an Ink suite: never beside a heavy file (a tmux
// reply starved beside the typecheck with the cores busy); files that run from source start
// beside them. Neither reads what a
// test writes: tsc --noEmit writes nothing (its incremental state lives in node_modules/.cache),
// the build writes only dist/ and swaps it in whole. A failing typecheck still lets the suites
// run: they say what works; a failing build fails the files that need it.
let built = !queue.some((j) => j.needsBuild);
let buildFailed = false;
if (!skipTypecheck) {
  const tsbuildinfo = join(root, "node_modules/.cache/typecheck.tsbuildinfo");
  const typecheck = { step: ["typecheck (tsc --noEmit)", process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--noEmit", "--incremental", "--tsBuildInfoFile", tsbuildinfo]], kind: "ink", needsBuild: false };
  const firstLight = queue.findIndex((j) => j.kind !== "heavy" && j.kind !== "bulk");
  queue.splice(firstLight < 0 ? queue.length : firstLight, 0, typecheck);
}
// `--no-typecheck` skips only the typecheck: files that load dist/ must not test a stale one.
if (!skipTypecheck || !built) queue.unshift({ step: ["build (esm, cjs, d.ts)", process.execPath, [join(root, "scripts/build.mjs"), "--if-stale"]], kind: "ink", needsBuild: false, isBuild: true });
const times = { ...lastTimes };
const running = { heavy: 0, bulk: 0, ink: 0, all: 0 };
const ALLOWED = {
  heavy: () => running.heavy === 0 && running.ink === 0,
  bulk: () => running.bulk === 0 && running.ink === 0,
  ink: () => running.heavy === 0 && running.bulk === 0,
  light: () => true,
};
const allowed = (j) => (j.needsBuild && !built ? false : ALLOWED[j.kind]());

function report(file, r) {
  const name = relative(root, file);
  const counted = Number.isFinite(r.total) && Number.isFinite(r.ok);
  const filePassed = counted ? r.ok : 0;
  let fileFailed = counted ? Math.max(0, r.total - r.ok - r.skipped) : 1;
  if (r.timedOut || (r.code !== 0 && fileFailed === 0)) fileFailed += 1;
  passed += filePassed;
  failed += fileFailed;
  const tag = fileFailed === 0 ? "✔" : "✘";
  console.log(`${tag} ${name}: ${filePassed} passed, ${fileFailed} failed (${r.ms} ms)${r.timedOut ? " — timed out" : ""}`);
  // A file that skips part of itself (no tmux, no Jupyter) says so on a line starting `SKIP `.
  for (const line of r.text.split("\n")) if (line.startsWith("SKIP ")) console.log(`    ${line}`);
  if (fileFailed > 0) failures.push(name);
  if (fileFailed > 0 || process.env.TEST_VERBOSE) {
    console.log(r.text.split("\n").map((l) => "    " + l).join("\n"));
  }
}

/** Runs one job; a test file that needs a build which failed is reported failed without running. */
async function run(j) {
  if (j.step) {
    const ok = await step(...j.step);
    if (j.isBuild) { built = true; buildFailed = !ok; }
    return;
  }
  const r = j.needsBuild && buildFailed
    ? { file: j.file, code: 1, text: "not run: the build failed", total: NaN, ok: NaN, skipped: 0, timedOut: false, ms: 0 }
    : await runFile(j.file);
  times[relative(root, j.file)] = r.ms;
  report(j.file, r);
}

await new Promise((done) => {
  const pump = () => {
    while (running.all < CONCURRENCY) {
      const index = queue.findIndex(allowed);
      if (index < 0) break;
      const [j] = queue.splice(index, 1);
      running.all++;
      if (j.kind !== "light") running[j.kind]++;
      void run(j).then(() => {
        running.all--;
        if (j.kind !== "light") running[j.kind]--;
        pump();
      });
    }
    if (queue.length === 0 && running.all === 0) done();
  };
  pump();
});

try { mkdirSync(dirname(timesPath), { recursive: true }); writeFileSync(timesPath, JSON.stringify(times)); } catch { /* ordering is only a hint */ }
rmSync(bundleDir, { recursive: true, force: true });
console.log(`\n${files.length} test files in ${((Date.now() - started) / 1000).toFixed(1)} s${failures.length ? "; failing: " + failures.join(", ") : ""}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
