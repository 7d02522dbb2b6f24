#!/usr/bin/env node
// Executes the tslab notebooks in notebooks/ with Jupyter (nbclient, the library behind
// `jupyter-execute` and `jupyter nbconvert --execute`).
//
//   node scripts/notebooks.mjs                 run every notebook; the executed copies go to .tmp/notebooks/
//   node scripts/notebooks.mjs --inplace       regenerate each .ipynb from notebooks/src/*.ts, run it, and
//                                              save the outputs into it (what `npm run notebooks` does)
//   node scripts/notebooks.mjs 03              only the notebooks whose file name contains "03"
//   node scripts/notebooks.mjs --generate      only regenerate the .ipynb files from notebooks/src/ (no run)
//   node scripts/notebooks.mjs --kernel-only   only write the kernel spec (to open them in Jupyter, see docs/notebooks.md)
//   --workspace                                keep DATABRICKS_* settings so the notebooks talk to a real
//                                              workspace; by default they run on the emulator
//   --timeout=<s> --startup-timeout=<s>        per cell / kernel start (default 300 / 120)
//
// The kernel spec goes into a project-local JUPYTER_PATH (.jupyter-local/); the user's own Jupyter
// configuration and runtime folders are neither read nor written. Exit code 0 when every notebook ran
// without error and no output holds anything that looks like a token or key.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const notebooksDir = join(root, "notebooks");
const sourcesDir = join(notebooksDir, "src");
const local = join(root, ".jupyter-local");
const scratch = join(root, ".tmp", "notebooks");
export const PYTHON = "/usr/bin/python3";
export const JUPYTER_EXECUTE = "/usr/bin/jupyter-execute";

// Runs one notebook cell by cell, so a failure names its cell; writes the executed notebook (with
// its outputs, also on failure) to argv[2]; prints one JSON line with the result.
const DRIVER = String.raw`
import json, sys, os
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
source, target, timeout, startup, cwd = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
nb = nbformat.read(source, as_version=4)
client = NotebookClient(nb, kernel_name="tslab", timeout=timeout, startup_timeout=startup, record_timing=False, shutdown_kernel="immediate",
                        resources={"metadata": {"path": cwd}})
result = {"ok": True}
index = -1
try:
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as error:
    result = {"ok": False, "cell": index, "kind": type(error).__name__, "message": str(error)[-2000:]}
count = 0
for cell in nb.cells:
    if cell.cell_type == "code":
        cell.metadata.pop("execution", None)
        # tslab reports no execution counts; number the cells that ran, as Jupyter shows them.
        if result["ok"] or cell.get("outputs"):
            count += 1
            cell.execution_count = count
            for output in cell.get("outputs", []):
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = count
nbformat.write(nb, target)
print(json.dumps(result))
sys.exit(0 if result["ok"] else 1)
`;

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : fallback;
};

/** Writes `.jupyter-local/kernels/tslab/kernel.json`: tslab, run by this very Node binary. */
export function writeKernelSpec() {
  const dir = join(local, "kernels", "tslab");
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [process.execPath, join(root, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript",
    language: "typescript",
  };
  const text = JSON.stringify(spec, null, 2) + "\n";
  const file = join(dir, "kernel.json");
  // Notebooks run side by side (one test file each): never let Jupyter read a half-written spec.
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  }
  return dir;
}

/** The environment of Jupyter and the kernel: project-local Jupyter folders, no credentials unless asked. */
function jupyterEnv(keepWorkspace) {
  const env = { ...process.env };
  env.JUPYTER_PATH = local;
  env.JUPYTER_CONFIG_DIR = join(local, "config");
  env.JUPYTER_DATA_DIR = join(local, "data");
  env.JUPYTER_RUNTIME_DIR = join(local, "runtime");
  env.FORCE_COLOR = "0";
  env.NO_COLOR = "1";
  if (!keepWorkspace) {
    // Committed outputs and tests come from the emulator: hide any workspace this machine knows.
    for (const key of Object.keys(env)) if (key.startsWith("DATABRICKS_")) delete env[key];
    env.DATABRICKS_CONFIG_FILE = join(local, "no-databrickscfg");
  }
  return env;
}

function run(command, commandArgs, env, limitMs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: notebooksDir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole process group: the driver and the kernel it started.
      try { process.kill(-child.pid, "SIGKILL"); } catch (error) { stderr += `\n(could not stop it: ${error.message})`; }
    }, limitMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 124 : code ?? 1, stdout, stderr, timedOut });
    });
  });
}

const joinSource = (source) => (Array.isArray(source) ? source.join("") : String(source ?? ""));

/** Text of one output of a code cell, whatever its kind. */
function outputText(output) {
  const parts = [joinSource(output.text)];
  for (const value of Object.values(output.data ?? {})) parts.push(typeof value === "string" || Array.isArray(value) ? joinSource(value) : JSON.stringify(value));
  if (output.output_type === "error") parts.push(`${output.ename}: ${output.evalue}`, ...(output.traceback ?? []));
  return parts.join("\n");
}

// Personal access tokens (workspace and emulator alike start with "dapi"), OpenAI-style keys,
// Authorization headers, and the fake key the notebooks store as a secret.
const SECRET_PATTERNS = [/\bdapi[0-9a-zA-Z]{16,}/, /\bsk-[A-Za-z0-9_-]{12,}/, /\bBearer\s+[A-Za-z0-9._-]{8,}/, /not-a-real-key/];

/** Problems in the outputs of an executed notebook: error outputs and secret-looking strings. */
export function inspectOutputs(notebook) {
  const problems = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const where = `cell ${index + 1} (${firstLine(cell.source)})`;
    for (const output of cell.outputs ?? []) {
      const text = outputText(output);
      if (output.output_type === "error") problems.push(`${where}: error output ${output.ename}: ${output.evalue}`);
      for (const pattern of SECRET_PATTERNS) if (pattern.test(text)) problems.push(`${where}: an output matches ${pattern} (a token or a key?)`);
    }
  });
  return problems;
}

function firstLine(source) {
  return joinSource(source).split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 70) ?? "";
}

/** What a reader needs from a failed cell: where it is, its code, what it printed on stderr. */
function describeFailure(notebook, result) {
  const cell = notebook?.cells?.[result.cell];
  if (!cell) return `    ${result.kind}: ${result.message}`;
  const stderr = (cell.outputs ?? [])
    .filter((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"))
    .map(outputText).join("\n")
    .split("\n").filter((l) => !/^\s+at .*(node:|node_modules[/\\]tslab)/.test(l)).join("\n").trim();
  const code = joinSource(cell.source).split("\n").slice(0, 12).map((l) => "    │ " + l).join("\n");
  const kind = result.kind === "CellExecutionError" ? "" : `${result.kind} (per-cell limit ${option("timeout", 300)} s) `;
  const said = kind + (stderr || `${result.kind}: ${result.message.split("\n").filter((l) => l.trim()).slice(-3).join(" ")}`);
  return `    cell ${result.cell + 1} of ${notebook.cells.length}:\n${code}\n    ${said.split("\n").slice(0, 25).join("\n    ")}`;
}

export function listNotebooks() {
  if (!existsSync(notebooksDir)) return [];
  return readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(notebooksDir, f));
}

// ---- the readable sources: notebooks/src/<name>.ts in the "percent" format ----------------------
// `// %% [markdown]` starts a Markdown cell (its lines are `// `-comments), `// %%` a code cell.

/** Parses a percent-format source into notebook cells (`{ cell_type, source }`). */
export function parseSource(text) {
  const cells = [];
  let current = null;
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    const marker = /^\/\/ %%(?:\s*\[(markdown)\])?\s*$/.exec(line);
    if (marker) {
      current = { cell_type: marker[1] ? "markdown" : "code", lines: [] };
      cells.push(current);
    } else if (current) {
      current.lines.push(current.cell_type === "markdown" ? line.replace(/^\/\/ ?/, "") : line);
    }
  }
  return cells.map(({ cell_type, lines }) => {
    while (lines.length && lines[0].trim() === "") lines.shift();
    while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
    return { cell_type, source: lines.join("\n") };
  }).filter((c) => c.source !== "");
}

/** A fresh nbformat 4.5 notebook (no outputs) for the tslab kernel from parsed cells. */
export function toNotebook(cells) {
  const split = (s) => s.split("\n").map((l, i, all) => (i < all.length - 1 ? l + "\n" : l));
  return {
    cells: cells.map((c, i) => ({
      cell_type: c.cell_type,
      id: `cell-${String(i + 1).padStart(2, "0")}`,
      metadata: {},
      ...(c.cell_type === "code" ? { execution_count: null, outputs: [] } : {}),
      source: split(c.source),
    })),
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/**
 * Generates notebooks/<name>.ipynb from notebooks/src/<name>.ts (into `dir`, notebooks/ by default);
 * returns `[notebook path, file written]` pairs.
 */
export function generate(filter = () => true, dir = notebooksDir) {
  if (!existsSync(sourcesDir)) return [];
  const written = [];
  for (const file of readdirSync(sourcesDir).filter((f) => f.endsWith(".ts")).sort()) {
    const target = join(notebooksDir, file.replace(/\.ts$/, ".ipynb"));
    if (!filter(target)) continue;
    const notebook = toNotebook(parseSource(readFileSync(join(sourcesDir, file), "utf8")));
    const out = join(dir, basename(target));
    writeFileSync(out, JSON.stringify(notebook, null, 1) + "\n");
    written.push([target, out]);
  }
  return written;
}

async function main() {
  const inplace = flag("inplace");
  const filters = args.filter((a) => !a.startsWith("--"));
  const selected = (f) => filters.length === 0 || filters.some((p) => basename(f).includes(p));
  writeKernelSpec();
  if (flag("kernel-only")) {
    console.log(`kernel spec written to ${relative(root, join(local, "kernels", "tslab"))}; open the notebooks with:\n  JUPYTER_PATH=${local} jupyter lab notebooks/`);
    return 0;
  }
  if (flag("generate")) {
    for (const [target] of generate(selected)) console.log(`generated ${relative(root, target)}`);
    return 0;
  }
  mkdirSync(join(scratch, "input"), { recursive: true });
  // --inplace runs the notebooks fresh from their sources, and writes one back only when it ran cleanly.
  const inputs = new Map(inplace ? generate(selected, join(scratch, "input")) : []);
  if (!existsSync(JUPYTER_EXECUTE)) {
    console.error(`notebooks: ${JUPYTER_EXECUTE} not found — install Jupyter's runner (Debian: apt-get install python3-nbclient)`);
    return 2;
  }
  const notebooks = [...new Set([...listNotebooks(), ...inputs.keys()])].sort().filter(selected);
  if (notebooks.length === 0) {
    console.error(`notebooks: no notebook matches ${filters.join(", ") || "notebooks/*.ipynb"}`);
    return 2;
  }
  const env = jupyterEnv(flag("workspace"));
  const timeout = option("timeout", 300);
  const startupTimeout = option("startup-timeout", 120);
  let failures = 0;
  for (const file of notebooks) {
    const name = relative(root, file);
    const executed = join(scratch, basename(file));
    const started = Date.now();
    let run_, result, notebook;
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (!(await builtPackage())) {
        console.log(`✘ ${name}: the package is not built (dist/.build-stamp missing): run \`npm run build\``);
        return 1;
      }
      // A bound on the whole notebook, in case Jupyter itself hangs.
      run_ = await run(PYTHON, ["-c", DRIVER, inputs.get(file) ?? file, executed, String(timeout), String(startupTimeout), notebooksDir], env, (startupTimeout + timeout * 3) * 1000);
      result = parseResult(run_);
      notebook = existsSync(executed) ? JSON.parse(readFileSync(executed, "utf8")) : undefined;
      // A build that ran meanwhile (it empties dist/ first) makes the package vanish mid-run: once more.
      if (result.ok || !JSON.stringify(notebook ?? {}).includes("Cannot find module 'databricks-deployments")) break;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const problems = result.ok && notebook ? inspectOutputs(notebook) : [];
    if (result.ok && problems.length === 0) {
      if (inplace) writeFileSync(file, readFileSync(executed, "utf8"));
      console.log(`✔ ${name} (${seconds} s)${inplace ? ", outputs saved" : ""}`);
      continue;
    }
    failures++;
    if (run_.timedOut) console.log(`✘ ${name}: still running after ${seconds} s — stopped`);
    else if (!result.ok) console.log(`✘ ${name} failed (${seconds} s):\n${describeFailure(notebook, result)}`);
    else console.log(`✘ ${name}: outputs not fit to share:\n${problems.map((p) => "    " + p).join("\n")}`);
    if (notebook) console.log(`    (the executed notebook, outputs included: ${relative(root, executed)})`);
  }
  console.log(`${notebooks.length - failures} of ${notebooks.length} notebooks ran cleanly`);
  return failures === 0 ? 0 : 1;
}

/** Waits (up to a minute) while a build is under way: dist/ holds the package once the stamp is written. */
async function builtPackage() {
  const stamp = join(root, "dist", ".build-stamp");
  for (let waited = 0; waited < 60_000; waited += 500) {
    if (existsSync(stamp) && existsSync(join(root, "dist", "cjs", "src", "index.js"))) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

function parseResult(run_) {
  const line = run_.stdout.trim().split("\n").pop() ?? "";
  try {
    const parsed = JSON.parse(line);
    if (typeof parsed === "object" && parsed !== null && "ok" in parsed) return parsed;
  } catch (error) {
    // not the driver's JSON line: Python or Jupyter failed before the notebook ran; report what it said
    void error;
  }
  return { ok: false, cell: -1, kind: run_.timedOut ? "Timeout" : "JupyterError", message: (run_.stderr || run_.stdout).trim().split("\n").slice(-15).join("\n") };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
