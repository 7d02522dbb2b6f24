// The notebooks, as a reader meets them: the committed .ipynb files (kernel, sources, saved outputs)
// and a fresh run of each one with the tslab kernel through Jupyter, on the emulator.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const runnerPath = join(root, "scripts", "notebooks.mjs");

interface Cell { cell_type: string; source: string | string[]; outputs?: Array<{ output_type: string }> }
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
const EXPECTED = ["01-databricks-deployments", "02-fluent-builder", "03-streaming-and-conversations", "04-limits-errors-and-waiting"];
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Notebook;
const text = (source: string | string[]) => (Array.isArray(source) ? source.join("") : source);

const committed = suite("committed notebooks");

committed("the four notebooks are there, each with its readable source", () => {
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
    const all = JSON.stringify(notebook);
    assert.not.match(all, /"simulated": ?false/);
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

committed.run();

// ---- a fresh run of each notebook with Jupyter and the tslab kernel -------------------------
const executed = suite("notebooks executed with the tslab kernel");
const hasJupyter = existsSync(runner.JUPYTER_EXECUTE);
const required = process.env.REQUIRE_NOTEBOOKS === "1";

function runNotebook(name: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runnerPath, name, "--timeout=120", "--startup-timeout=60"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

if (!hasJupyter) {
  console.log(`notebooks: not executed — ${runner.JUPYTER_EXECUTE} is not installed (Debian: apt-get install python3-nbclient)${required ? "; REQUIRE_NOTEBOOKS=1 makes that a failure" : ""}`);
  if (required) executed("Jupyter is installed (REQUIRE_NOTEBOOKS=1)", () => assert.unreachable(`${runner.JUPYTER_EXECUTE} is missing`));
} else {
  executed.before(() => {
    assert.ok(existsSync(join(root, "dist", "cjs", "src", "index.js")), "the notebooks load the built package: run `npm run build` first");
  });
  for (const file of notebooks) {
    const name = basename(file);
    executed(name, async () => {
      const { code, output } = await runNotebook(name);
      assert.is(code, 0, `\n${output}`);
      assert.match(output, /1 of 1 notebooks ran cleanly/);
    });
  }
}

executed.run();
