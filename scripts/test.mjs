#!/usr/bin/env node
// The whole test command: typecheck, build, then every test file in its own process (isolation:
// servers, tmux sessions and Jupyter kernels cannot leak between files), two at a time.
// uvu prints totals in its own words; this prints the closing line `N passed, N failed`.
//
// Scheduling: a file whose first line is `// @heavy…` (Jupyter, tmux, crash, load) runs alone or
// beside light files only — never beside another heavy file or an Ink suite (a .tsx file), whose
// renders are what a starved event loop breaks. Children get TEST_TIME_SCALE (as given, else 3
// when CI is set, else 1): test/helpers/eventually.ts stretches its backstop deadlines by it.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus } from "node:os";

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

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", "tsx", file], {
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
if (!skipTypecheck) {
  // Side by side: tsc --noEmit writes nothing and the build writes only dist/, so neither reads
  // what the other makes; each is mostly one core, and together they finish in the longer one's
  // time instead of the sum. A failing typecheck still lets the suites run: they say what works.
  await Promise.all([
    step("typecheck (tsc --noEmit)", process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--noEmit"]),
    step("build (esm, cjs, d.ts)", process.execPath, [join(root, "scripts/build.mjs")]),
  ]);
}

const files = findTests(join(root, "test")).filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)));
/** `heavy` (first line `// @heavy`), `ink` (a .tsx suite rendering with ink-testing-library) or `light`. */
function kindOf(file) {
  if (/^\/\/ @heavy\b/.test(readFileSync(file, "utf8"))) return "heavy";
  return file.endsWith(".tsx") ? "ink" : "light";
}
const kinds = new Map(files.map((f) => [f, kindOf(f)]));
// Heavy files first: they are the longest, and each runs with only light files beside it. Within
// each group, longest first by the last run's times (kept outside the tree, in node_modules/.cache),
// so the run does not end with one long file on one core while the other idles. Order only: every
// file still runs in its own process; a file with no recorded time goes first.
const timesPath = join(root, "node_modules/.cache/test-times.json");
let lastTimes = {};
try { lastTimes = JSON.parse(readFileSync(timesPath, "utf8")); } catch { /* first run: file order */ }
const lastMs = (f) => lastTimes[relative(root, f)] ?? Infinity;
const longestFirst = (list) => [...list].sort((a, b) => lastMs(b) - lastMs(a));
const queue = [...longestFirst(files.filter((f) => kinds.get(f) === "heavy")), ...longestFirst(files.filter((f) => kinds.get(f) !== "heavy"))];
const times = { ...lastTimes };
const running = { heavy: 0, ink: 0, all: 0 };
const allowed = (kind) => (kind === "heavy" ? running.heavy === 0 && running.ink === 0 : kind === "ink" ? running.heavy === 0 : true);

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
  if (fileFailed > 0 || process.env.TEST_VERBOSE) {
    failures.push(name);
    console.log(r.text.split("\n").map((l) => "    " + l).join("\n"));
  }
}

await new Promise((done) => {
  const pump = () => {
    while (running.all < CONCURRENCY) {
      const index = queue.findIndex((f) => allowed(kinds.get(f)));
      if (index < 0) break;
      const [file] = queue.splice(index, 1);
      const kind = kinds.get(file);
      running.all++;
      if (kind !== "light") running[kind]++;
      void runFile(file).then((r) => {
        running.all--;
        if (kind !== "light") running[kind]--;
        times[relative(root, file)] = r.ms;
        report(file, r);
        pump();
      });
    }
    if (queue.length === 0 && running.all === 0) done();
  };
  pump();
});

try { mkdirSync(dirname(timesPath), { recursive: true }); writeFileSync(timesPath, JSON.stringify(times)); } catch { /* ordering is only a hint */ }
console.log(`\n${files.length} test files in ${((Date.now() - started) / 1000).toFixed(1)} s${failures.length ? "; failing: " + failures.join(", ") : ""}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
