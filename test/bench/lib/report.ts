/**
 * The benchmark report: rows of figures, each with its ratio to a baseline measured in the same
 * run and an optional budget; rendered as a Markdown table and written as JSON.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem, loadavg } from "node:os";
import { join } from "node:path";
import { fmt } from "./stats.js";

/** A budget on a row: its `ratio` (or its `value`) must stay at or below / at or above `limit`. */
export interface Budget { on: "ratio" | "value"; op: "<=" | ">=" | "<"; limit: number }

/** One measured figure. */
export interface Row {
  section: string;
  figure: string;
  value: number;
  unit: string;
  /** Name of the baseline the ratio is against, e.g. "raw http". */
  vs?: string;
  ratio?: number;
  budget?: Budget;
  pass?: boolean;
  note?: string;
}

/**
 * Fills `pass` from the budget.
 *
 * @example
 * judge({ section: "s", figure: "f", value: 1, unit: "x", ratio: 1.1, budget: { on: "ratio", op: "<=", limit: 1.25 } });
 */
export function judge(row: Row): Row {
  if (!row.budget) return row;
  const x = row.budget.on === "ratio" ? row.ratio ?? Number.NaN : row.value;
  const { op, limit } = row.budget;
  const pass = Number.isFinite(x) && (op === "<=" ? x <= limit : op === "<" ? x < limit : x >= limit);
  return { ...row, pass };
}

function budgetText(b: Budget | undefined): string {
  if (!b) return "";
  return `${b.on === "ratio" ? "×" : ""} ${b.op} ${b.limit}`.replace("<=", "≤").replace(">=", "≥").trim();
}

/**
 * Renders rows as one Markdown table.
 *
 * @example
 * console.log(markdownTable(rows));
 */
export function markdownTable(rows: readonly Row[]): string {
  const lines = ["| section | figure | value | vs | ratio | budget | result |", "|---|---|---|---|---|---|---|"];
  for (const r of rows) {
    const result = r.pass === undefined ? "" : r.pass ? "PASS" : "**FAIL**";
    lines.push(`| ${r.section} | ${r.figure}${r.note ? ` (${r.note})` : ""} | ${fmt(r.value)} ${r.unit} | ${r.vs ?? ""} | ${r.ratio === undefined ? "" : `${fmt(r.ratio)}×`} | ${budgetText(r.budget)} | ${result} |`);
  }
  return lines.join("\n");
}

/** A description of the machine the run happened on (for the README). */
export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}, load ${loadavg().map((l) => l.toFixed(1)).join("/")}`;
}

/**
 * Writes the run as JSON under `bench-results/` and returns the file path.
 *
 * @example
 * writeJson(process.cwd(), rows, { quick: false });
 */
export function writeJson(root: string, rows: readonly Row[], meta: Record<string, unknown>): string {
  const dir = join(root, "bench-results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(dir, `bench-${stamp}.json`);
  const body = JSON.stringify({ date: new Date().toISOString(), machine: machine(), ...meta, rows }, null, 2);
  writeFileSync(file, body);
  writeFileSync(join(dir, "latest.json"), body);
  return file;
}
