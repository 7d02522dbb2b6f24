// The notebooks as committed: the tslab kernel, cells equal to their readable sources, saved
// outputs of a clean run with nothing secret in them. (Each notebook is also executed afresh by
// its own test file beside this one.)
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { missingOutputs } from "./expectations.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const runnerPath = join(root, "scripts", "notebooks.mjs");

interface Cell { cell_type: string; id?: string; source: string | string[]; outputs?: Array<{ output_type: string }> }
interface Notebook { cells: Cell[]; metadata: { kernelspec?: Record<string, string> } }
interface Runner {
  listNotebooks(): string[];
  inspectOutputs(notebook: Notebook): string[];
  parseSource(text: string): Array<{ cell_type: string; source: string }>;
  toNotebook(cells: Array<{ cell_type: string; source: string }>): Notebook;
  JUPYTER_EXECUTE: string;
}
const runner = (await import(runnerPath)) as Runner;
const notebooks = runner.listNotebooks();
const EXPECTED = ["01-databricks-deployments", "02-fluent-builder", "03-streaming-and-conversations", "04-limits-errors-and-waiting", "05-tools-and-structured-outputs", "06-batch-prompts"];
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Notebook;
const text = (source: string | string[]) => (Array.isArray(source) ? source.join("") : source);

const committed = suite("committed notebooks");

committed("the five notebooks are there, each with its readable source", () => {
  assert.equal(notebooks.map((f) => basename(f, ".ipynb")), EXPECTED);
  for (const name of EXPECTED) assert.ok(existsSync(join(root, "notebooks", "src", `${name}.ts`)), `notebooks/src/${name}.ts`);
});

for (const file of notebooks) {
  const name = basename(file);
  committed(`${name}: tslab kernel, cells equal to its source, outputs of a clean run`, () => {
    const notebook = read(file);
    assert.equal(notebook.metadata.kernelspec, { name: "tslab", display_name: "TypeScript", language: "typescript" });
    const source = readFileSync(join(root, "notebooks", "src", name.replace(/\.ipynb$/, ".ts")), "utf8");
    const expected = runner.toNotebook(runner.parseSource(source)).cells.map((c) => [c.cell_type, text(c.source)]);
    assert.equal(notebook.cells.map((c) => [c.cell_type, text(c.source)]), expected, "regenerate with `npm run notebooks`");
    const code = notebook.cells.filter((c) => c.cell_type === "code");
    const withOutput = code.filter((c) => (c.outputs ?? []).length > 0);
    assert.ok(withOutput.length >= code.length / 2, `${withOutput.length} of ${code.length} code cells have saved outputs: run \`npm run notebooks\``);
    assert.equal(runner.inspectOutputs(notebook), []);
    assert.equal(missingOutputs(name.replace(/\.ipynb$/, ""), file), [], "outputs the notebook promises but does not show");
    // Connects in its first code cell and closes what it opened in its last one.
    assert.match(text(code[0]!.source), /connect\(/);
    assert.match(text(code[code.length - 1]!.source), /close\(\)/);
  });
}

committed("the secret scan catches tokens, keys and error outputs", () => {
  const leaky: Notebook = {
    metadata: {},
    cells: [
      { cell_type: "code", source: "x", outputs: [{ output_type: "stream", text: "token dapi0123456789abcdef0123" } as { output_type: string }] },
      { cell_type: "code", source: "y", outputs: [{ output_type: "display_data", data: { "text/html": "<td>sk-proj-abcdefghijklmnop</td>" } } as { output_type: string }] },
      { cell_type: "code", source: "z", outputs: [{ output_type: "error", ename: "Error", evalue: "boom", traceback: [] } as { output_type: string }] },
    ],
  };
  const problems = runner.inspectOutputs(leaky);
  assert.is(problems.length, 3, problems.join("\n"));
  assert.match(problems[0]!, /cell 1/);
});

committed("the percent-format source: markdown comments unwrapped, code kept, blank edges and empty cells dropped", () => {
  const cells = runner.parseSource("// %% [markdown]\r\n// # Title\r\n//\r\n// text\r\n\r\n// %%\r\n\r\nconst a = 1; // a comment\r\n\r\n// %%\r\n\r\n// %%\r\nconsole.log(a);\r\n");
  assert.equal(cells, [
    { cell_type: "markdown", source: "# Title\n\ntext" },
    { cell_type: "code", source: "const a = 1; // a comment" },
    { cell_type: "code", source: "console.log(a);" },
  ]);
  const notebook = runner.toNotebook(cells);
  assert.equal(notebook.cells.map((c) => c.id), ["cell-01", "cell-02", "cell-03"]);
  assert.equal(notebook.cells[0]!.source, ["# Title\n", "\n", "text"]);
});

committed.run();
