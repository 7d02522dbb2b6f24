#!/usr/bin/env node
// The performance page and the README's headline, generated from one bench run's JSON
// (bench-results/latest.json unless a file is named): every figure the docs quote comes from here.
//
//   node scripts/perf-docs.mjs [bench-results/latest.json]    (npm run bench -- --write-docs runs it)
//
// The JSON is what test/bench/run.ts saves: `{ date, machine, machineInfo?, quick?, rows: [...] }`, each
// row `{ id?, label?, section?, figure?, value, unit, vs?, ratio?, budget?, pass?, note? }`. Sections
// written by other people add rows; anything this file does not know is carried into the table as is.
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const HEADLINE_START = "<!-- perf-headline:start -->";
export const HEADLINE_END = "<!-- perf-headline:end -->";

/**
 * The figures the headline quotes, in order, when the run has them: the REPL and the emulator.
 * Missing ones are replaced by the next budgeted rows of the run.
 */
export const HEADLINE_IDS = ["repl-cpu", "emulator-c16"];

/** @typedef {{ on: "ratio" | "value", op: "<=" | ">=" | "<", limit: number }} Budget */
/** @typedef {{ id?: string, label?: string, section?: string, figure?: string, value: number | null, unit?: string, vs?: string, ratio?: number | null, budget?: Budget, pass?: boolean, note?: string, machine?: string }} BenchRow */
/** @typedef {{ date?: string, machine?: string, quick?: boolean, durationMs?: number, rows: BenchRow[] }} BenchRun */

/**
 * A stable id for a row that has none: its section and figure as a slug.
 *
 * @example
 * rowId({ section: "memory", figure: "emulator RSS trend" }); // "memory-emulator-rss-trend"
 * @param {BenchRow} row
 * @returns {string}
 */
export function rowId(row) {
  if (row.id) return row.id;
  return `${row.section ?? ""} ${row.figure ?? row.label ?? ""}`.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** @param {BenchRow} row */
function label(row) {
  if (row.label) return row.label;
  return [row.section, row.figure].filter(Boolean).join(": ");
}

/** @param {number | null | undefined} x */
function num(x) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "n/a";
  const abs = Math.abs(x);
  const text = abs >= 100 ? x.toFixed(0) : abs >= 10 ? x.toFixed(1) : x.toFixed(2);
  return abs >= 1_000 ? Number(text).toLocaleString("en-US") : text;
}

/** @param {BenchRow} row */
function measured(row) {
  const value = `${num(row.value)}${row.unit ? ` ${row.unit}` : ""}`;
  if (typeof row.ratio !== "number" || row.vs === undefined || row.vs === "") return value;
  return `${num(row.ratio)}× ${row.vs} (${value})`;
}

/**
 * A budget as the table shows it, e.g. `≤ 8 % of a core` or `≥ 0.9× bare`.
 *
 * @example
 * budgetText({ unit: "ms", budget: { on: "value", op: "<=", limit: 350 } }); // "≤ 350 ms"
 * @param {BenchRow} row
 * @returns {string}
 */
export function budgetText(row) {
  const b = row.budget;
  if (!b) return "";
  const op = b.op === "<=" ? "≤" : b.op === ">=" ? "≥" : "<";
  return b.on === "ratio" ? `${op} ${b.limit}×${row.vs ? ` ${row.vs}` : ""}` : `${op} ${b.limit}${row.unit ? ` ${row.unit}` : ""}`;
}

/** @param {BenchRow} row */
function result(row) {
  if (row.pass === undefined) return "";
  return row.pass ? "pass" : "**FAIL**";
}

/** Table cells must not break the table. @param {string} s */
const cell = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * The headline's three lines: two figures and the run's verdict, each a Markdown list item.
 *
 * @example
 * renderHeadline({ date: "2026-12-02T15:00:00Z", machine: "AMD EPYC × 2", rows }).split("\n").length; // 3
 * @param {BenchRun} run
 * @param {string} [pagePath] the page's path as the README links it
 * @returns {string}
 */
export function renderHeadline(run, pagePath = "docs/performance.md") {
  const rows = run.rows ?? [];
  const byId = new Map(rows.map((r) => [rowId(r), r]));
  const chosen = HEADLINE_IDS.map((id) => byId.get(id)).filter((r) => r !== undefined);
  for (const r of rows) {
    if (chosen.length >= 2) break;
    if (r.budget && !chosen.includes(r)) chosen.push(r);
  }
  const lines = chosen.slice(0, 2).map((r) => `- ${label(r)}: **${measured(r)}** (budget ${budgetText(r)}, ${r.pass ? "pass" : "FAIL"})`);
  while (lines.length < 2) lines.push("- (no budgeted figure in this run)");
  const judged = rows.filter((r) => r.pass !== undefined);
  const passing = judged.filter((r) => r.pass === true).length;
  lines.push(`- ${passing} of ${judged.length} budgets pass on ${run.machine ?? "an unnamed machine"}, ${(run.date ?? "").slice(0, 10)}${run.quick ? " (--quick)" : ""}: every figure in [${pagePath}](${pagePath}).`);
  return lines.join("\n");
}

/**
 * The whole performance page: how it was made, the machine, the headline (the README's copy is
 * checked against it) and one table of every figure.
 *
 * @example
 * writeFileSync("docs/performance.md", renderPerformancePage(JSON.parse(readFileSync("bench-results/latest.json", "utf8"))));
 * @param {BenchRun} run
 * @returns {string}
 */
export function renderPerformancePage(run) {
  const rows = run.rows ?? [];
  const failing = rows.filter((r) => r.pass === false);
  const out = [
    "# Performance",
    "",
    "<!-- Generated by `npm run bench -- --write-docs` (scripts/perf-docs.mjs) from the run's JSON: do not edit by hand. -->",
    "",
    `One run of \`npm run bench${run.quick ? " -- --quick" : ""}\`, ${run.date ?? "undated"}${run.durationMs ? `, ${Math.round(run.durationMs / 1000)} s` : ""}.`,
    `Machine: ${run.machine ?? "not recorded"}.`,
    "Every figure is a median over interleaved rounds, measured beside its baseline in the same run. A ratio against a baseline measured round by round (predict, stream, emulator, batch) is the median of the per-round ratios, so that a change of load between rounds cancels out.",
    "The benchmarks live in `test/bench/` (they are not timed tests); `npm run bench -- --check` exits 1 when a budget fails.",
    "",
    HEADLINE_START,
    renderHeadline(run, "docs/performance.md").replace(/\]\(docs\/performance\.md\)/, "](#figures)"),
    HEADLINE_END,
    "",
    failing.length === 0 ? "All budgets pass on this run." : `**${failing.length} budget${failing.length === 1 ? "" : "s"} fail on this run:** ${failing.map((r) => label(r)).join("; ")}.`,
    "",
    "## Figures",
    "",
    "| figure | measured | budget | result | machine |",
    "|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const note = r.note ? ` (${r.note})` : "";
    out.push(`| ${cell(label(r) + note)} | ${cell(measured(r))} | ${cell(budgetText(r))} | ${result(r)} | ${cell(r.machine ?? shortMachine(run.machine))} |`);
  }
  out.push("");
  return out.join("\n");
}

/** `AMD EPYC 7B13 × 2, 24 GiB, Node v20…, load 1.0/…` → the CPU, cores and Node. @param {string | undefined} m */
function shortMachine(m) {
  if (!m) return "";
  return m.split(", ").filter((part) => !/GiB$|^linux$|^darwin$|^win32$/.test(part)).join(", ");
}

/**
 * Replaces the text between the headline markers of `readme` (both markers kept). Throws when
 * the markers are missing: the README must say where the headline goes.
 *
 * @example
 * spliceHeadline("a\n<!-- perf-headline:start -->\nold\n<!-- perf-headline:end -->\nb", "new");
 * @param {string} readme
 * @param {string} headline
 * @returns {string}
 */
export function spliceHeadline(readme, headline) {
  const start = readme.indexOf(HEADLINE_START);
  const end = readme.indexOf(HEADLINE_END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md has no ${HEADLINE_START} … ${HEADLINE_END} block`);
  return `${readme.slice(0, start + HEADLINE_START.length)}\n${headline}\n${readme.slice(end)}`;
}

/**
 * The headline block's text in a document (between the markers), or undefined.
 *
 * @example
 * extractHeadline(readFileSync("README.md", "utf8"));
 * @param {string} text
 * @returns {string | undefined}
 */
export function extractHeadline(text) {
  const start = text.indexOf(HEADLINE_START);
  const end = text.indexOf(HEADLINE_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return text.slice(start + HEADLINE_START.length, end).trim();
}

/**
 * Writes docs/performance.md and the README's headline from a run, under `root`.
 *
 * @example
 * writePerformanceDocs(process.cwd(), JSON.parse(readFileSync("bench-results/latest.json", "utf8")));
 * @param {string} root
 * @param {BenchRun} run
 * @returns {{ page: string, readme: string }}
 */
export function writePerformanceDocs(root, run) {
  const page = join(root, "docs/performance.md");
  const readme = join(root, "README.md");
  writeFileSync(page, renderPerformancePage(run));
  writeFileSync(readme, spliceHeadline(readFileSync(readme, "utf8"), renderHeadline(run, "docs/performance.md")));
  return { page, readme };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const file = process.argv[2] ?? join(root, "bench-results/latest.json");
  const written = writePerformanceDocs(root, JSON.parse(readFileSync(file, "utf8")));
  console.log(`wrote ${relative(root, written.page)} and the headline in ${relative(root, written.readme)} from ${relative(root, file)}`);
}
