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

/**
 * One measured figure. The saved JSON is an array of these, each also given `id` (stable, for
 * the docs generator and for comparing runs) and `label`; a section may add fields of its own.
 */
export interface Row {
  /** A stable id (e.g. `repl-cpu`); defaults to a slug of section and figure. */
  id?: string;
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

/** The machine a run happened on, as facts. */
export interface MachineInfo { cpu: string; cores: number; memoryGiB: number; node: string; platform: string; load: number[] }

/**
 * The machine now: CPU model, cores, memory, Node, platform and the 1/5/15-minute load.
 *
 * @example
 * machineInfo().cores; // 2
 */
export function machineInfo(): MachineInfo {
  const cpu = cpus();
  return { cpu: cpu[0]?.model.trim() ?? "unknown CPU", cores: cpu.length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform, load: loadavg().map((l) => Math.round(l * 10) / 10) };
}

/**
 * A description of the machine the run happened on, printed with every run and saved with it.
 *
 * @example
 * machine(); // "AMD EPYC 7B13 × 2, 24 GiB, Node v20.20.2, linux, load 0.3/0.5/0.6"
 */
export function machine(info: MachineInfo = machineInfo()): string {
  return `${info.cpu} × ${info.cores}, ${info.memoryGiB} GiB, Node ${info.node}, ${info.platform}, load ${info.load.map((l) => l.toFixed(1)).join("/")}`;
}

/**
 * A row's stable id: its own, else a slug of its section and figure.
 *
 * @example
 * rowId({ section: "memory", figure: "heap", value: 1, unit: "MB" }); // "memory-heap"
 */
export function rowId(row: Row): string {
  return row.id ?? `${row.section} ${row.figure}`.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
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
  const info = machineInfo();
  const saved = rows.map((r) => ({ id: rowId(r), label: `${r.section}: ${r.figure}`, ...r }));
  // NaN (a section that could not run) is saved as null, which JSON can hold
  const body = JSON.stringify({ date: new Date().toISOString(), machine: machine(info), machineInfo: info, ...meta, rows: saved }, null, 2);
  writeFileSync(file, body);
  writeFileSync(join(dir, "latest.json"), body);
  return file;
}
