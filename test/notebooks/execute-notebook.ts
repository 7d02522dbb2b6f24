// Runs one notebook afresh with Jupyter and the tslab kernel, on the emulator, as one uvu test
// (one test file per notebook, so the test runner can run them side by side). Without
// /usr/bin/jupyter-execute it prints why it skips — or fails, when REQUIRE_NOTEBOOKS=1.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { missingOutputs } from "./expectations.js";
import { timeScale } from "../helpers/eventually.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const runner = join(root, "scripts", "notebooks.mjs");
export const JUPYTER_EXECUTE = "/usr/bin/jupyter-execute";

function runNotebook(name: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // The runner bounds each cell (--timeout) and the whole notebook, and stops the kernel it started.
    // Both bounds stretch with TEST_TIME_SCALE: at load ~27 a batch cell outran a fixed 120 s.
    const child = spawn(process.execPath, [runner, name, `--timeout=${Math.round(120 * timeScale())}`, `--startup-timeout=${Math.round(90 * timeScale())}`], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Registers and runs the suite for `notebooks/<name>.ipynb`. */
export function executeNotebook(name: string): void {
  const test = suite(`notebook ${name} executed with the tslab kernel`);
  const required = process.env.REQUIRE_NOTEBOOKS === "1";
  if (!existsSync(JUPYTER_EXECUTE)) {
    console.log(`SKIP notebooks: ${name} not executed — ${JUPYTER_EXECUTE} is not installed (Debian: apt-get install python3-nbclient)${required ? "; REQUIRE_NOTEBOOKS=1 makes that a failure" : ""}`);
    if (required) test("Jupyter is installed (REQUIRE_NOTEBOOKS=1)", () => assert.unreachable(`${JUPYTER_EXECUTE} is missing`));
    test.run();
    return;
  }
  test(`${name}.ipynb runs cleanly, outputs free of secrets`, async () => {
    assert.ok(existsSync(join(root, "notebooks", `${name}.ipynb`)), `notebooks/${name}.ipynb`);
    assert.ok(existsSync(join(root, "dist", "cjs", "src", "index.js")), "the notebooks load the built package: run `npm run build` first");
    const { code, output } = await runNotebook(`${name}.ipynb`);
    assert.is(code, 0, `\n${output}`);
    assert.match(output, /1 of 1 notebooks ran cleanly/);
    // The runner leaves the executed copy, outputs included, in .tmp/notebooks/.
    assert.equal(missingOutputs(name, join(root, ".tmp", "notebooks", `${name}.ipynb`)), [], "outputs the notebook promises but did not show");
  });
  test.run();
}
