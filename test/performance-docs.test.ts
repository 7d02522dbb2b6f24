// The performance page and the README's headline are generated from one bench run's JSON
// (scripts/perf-docs.mjs): the generator on a fixture, and the committed README against the page.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { extractHeadline, renderHeadline, renderPerformancePage, rowId, spliceHeadline, writePerformanceDocs, HEADLINE_START, HEADLINE_END, type BenchRun } from "../scripts/perf-docs.mjs";
import { tempDir } from "./helpers/temp-dir.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const fixture = JSON.parse(readFileSync(join(root, "test/fixtures/bench-run.json"), "utf8")) as BenchRun;
const docs = suite("performance docs generator");

docs("the page has one table row per figure: measured (ratio first), budget, pass/FAIL, machine", () => {
  const page = renderPerformancePage(fixture);
  const table = page.split("\n").filter((l) => l.startsWith("| "));
  assert.is(table[0], "| figure | measured | budget | result | machine |");
  assert.is(table.length, 1 + fixture.rows.length);
  assert.ok(table.includes("| predict c1: client CPU per call | 1.52× raw http (140 µs) | ≤ 1.6× raw http | pass | AMD EPYC 7B13 × 2, Node v20.20.2, load 0.4/0.6/0.7 |"), table.join("\n"));
  assert.ok(table.includes("| REPL tmux 100×30: CPU share | 9.40 % of a core | ≤ 8 % of a core | **FAIL** | AMD EPYC 7B13 × 2, Node v20.20.2, load 0.4/0.6/0.7 |"), table.join("\n"));
  // a `|` in a label is escaped, a row without budget has empty cells, an unknown row is kept
  assert.ok(table.some((l) => l.startsWith("| emulator c16: emulator \\| unpaced | 0.91× bare (5,100 req/s) | ≥ 0.9× bare | pass |")), table.join("\n"));
  assert.ok(table.some((l) => l.startsWith("| memory: emulator heap-used trend (after GC) | 0.12 MB |  |  |")), table.join("\n"));
  assert.ok(table.some((l) => l.startsWith("| someone else's figure (section could not run) | n/a |  | **FAIL** |")), table.join("\n"));
  assert.match(page, /\*\*2 budgets fail on this run:\*\* REPL tmux 100×30: CPU share; someone else's figure\./);
  assert.match(page, /Machine: AMD EPYC 7B13 × 2, 24 GiB, Node v20\.20\.2, linux, load 0\.4\/0\.6\/0\.7\./);
});

docs("the headline is three lines: the chosen figures, then the verdict and the machine", () => {
  const lines = renderHeadline(fixture).split("\n");
  assert.equal(lines, [
    "- REPL tmux 100×30: CPU share: **9.40 % of a core** (budget ≤ 8 % of a core, FAIL)",
    "- emulator c16: emulator | unpaced: **0.91× bare (5,100 req/s)** (budget ≥ 0.9× bare, pass)",
    "- 2 of 4 budgets pass on AMD EPYC 7B13 × 2, 24 GiB, Node v20.20.2, linux, load 0.4/0.6/0.7, 2026-12-02: every figure in [docs/performance.md](docs/performance.md).",
  ]);
  // without the preferred ids, the first budgeted rows stand in
  const other = renderHeadline({ ...fixture, rows: fixture.rows.filter((r) => r.id !== "repl-cpu" && r.id !== "emulator-c16") }).split("\n");
  assert.is(other.length, 3);
  assert.match(other[0]!, /^- predict c1: client CPU per call: \*\*1\.52× raw http/);
  assert.is(other[1], "- (no budgeted figure in this run)");
});

docs("row ids are stable slugs when a row has none", () => {
  assert.is(rowId({ section: "memory", figure: "emulator heap-used trend (after GC)", value: 1 }), "memory-emulator-heap-used-trend-after-gc");
  assert.is(rowId({ id: "repl-cpu", value: 1 }), "repl-cpu");
});

docs("writing the docs replaces only the headline block of the README, and needs its markers", () => {
  const dir = tempDir("perf-docs-");
  mkdirSync(join(dir, "docs"));
  const readme = `# x\n\nintro\n\n${HEADLINE_START}\nold line\n${HEADLINE_END}\n\nrest stays\n`;
  writeFileSync(join(dir, "README.md"), readme);
  writePerformanceDocs(dir, fixture);
  const written = readFileSync(join(dir, "README.md"), "utf8");
  assert.is(written, `# x\n\nintro\n\n${HEADLINE_START}\n${renderHeadline(fixture)}\n${HEADLINE_END}\n\nrest stays\n`);
  assert.is(readFileSync(join(dir, "docs/performance.md"), "utf8"), renderPerformancePage(fixture));
  assert.throws(() => spliceHeadline("# no markers\n", "x"), /perf-headline:start/);
});

docs("the committed README's headline is the one on the committed docs/performance.md", () => {
  const readme = extractHeadline(readFileSync(join(root, "README.md"), "utf8"));
  const page = extractHeadline(readFileSync(join(root, "docs/performance.md"), "utf8"));
  assert.ok(readme !== undefined, "README.md has the perf-headline markers");
  assert.ok(page !== undefined, "docs/performance.md has the perf-headline block");
  assert.is(readme.split("\n").length, 3);
  // the page links to its own table where the README links to the page
  assert.is(readme.replace("](docs/performance.md)", "](#figures)"), page);
});

docs.run();
