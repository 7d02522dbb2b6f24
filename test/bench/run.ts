/**
 * `npm run bench [-- --quick] [-- --check] [-- --only=predict,stream] [-- --write-docs]`: every
 * figure measured side by side in one run (interleaved rounds, medians of CPU time), printed as a
 * Markdown table with the machine (CPU, cores, load, Node) and written to bench-results/. With
 * --check the exit code is 1 when any budget fails; with --write-docs the run's JSON becomes
 * docs/performance.md and the README's headline (scripts/perf-docs.mjs).
 */
import { predictCost, streamCost, clientMemory } from "./sections/requests.js";
import { importTime } from "./sections/imports.js";
import { emulatorThroughput, emulatorMemory } from "./sections/emulator.js";
import { replTerminal } from "./sections/repl.js";
import { batchBudgets } from "./sections/batch.js";
import { machine, markdownTable, writeJson, type Row } from "./lib/report.js";
import { writePerformanceDocs, type BenchRun } from "../../scripts/perf-docs.mjs";
import type { Context } from "./lib/context.js";
import { snapshotDist } from "./lib/dist.js";
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const quick = args.includes("--quick");
const writeDocs = args.includes("--write-docs");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");

const sections: Record<string, (ctx: Context) => Promise<Row[]>> = {
  predict: predictCost,
  stream: streamCost,
  import: importTime,
  emulator: emulatorThroughput,
  repl: replTerminal,
  "client-memory": clientMemory,
  "emulator-memory": emulatorMemory,
  batch: batchBudgets,
};

const root = process.cwd();
const dist = snapshotDist(root);
process.env.BENCH_DIST = dist; // the workers import the project from here
const ctx: Context = {
  root,
  dist,
  quick,
  log: (line) => process.stderr.write(`  ${line}\n`),
};

process.stderr.write(`Machine: ${machine()}\n`);
const rows: Row[] = [];
const started = Date.now();
for (const [name, run] of Object.entries(sections)) {
  if (only && !only.includes(name)) continue;
  const t0 = Date.now();
  process.stderr.write(`» ${name}\n`);
  try {
    rows.push(...(await run(ctx)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`  ${name} failed: ${message}\n`);
    rows.push({ section: name, figure: "section could not run", value: Number.NaN, unit: "", pass: false, note: message.slice(0, 160) });
  }
  process.stderr.write(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}

const failed = rows.filter((r) => r.pass === false);
console.log(`\n${markdownTable(rows)}\n`);
console.log(`Machine: ${machine()}. Command: npm run bench${quick ? " -- --quick" : ""}. ${((Date.now() - started) / 1000).toFixed(0)} s.`);
const file = writeJson(ctx.root, rows, { quick, durationMs: Date.now() - started });
console.log(`${rows.filter((r) => r.pass === true).length} budgets pass, ${failed.length} fail. JSON: ${file}`);
if (writeDocs) {
  const written = writePerformanceDocs(ctx.root, JSON.parse(readFileSync(file, "utf8")) as BenchRun);
  console.log(`Wrote ${written.page} and the headline in ${written.readme}.`);
}
if (check && failed.length > 0) process.exit(1);
