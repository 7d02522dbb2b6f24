// Every examples/*.mts runs against a started emulator (the quick start twice: it must leave the
// workspace as it found it) and typechecks with `tsc --strict`, importing the package by name as a
// user's script does (through the built dist/: the test runner builds first).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, type Emulator } from "../src/emulator/index.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const examplesDir = join(root, "examples");
const examples = readdirSync(examplesDir).filter((f) => f.endsWith(".mts")).sort();
const RUNS: Record<string, number> = { "quickstart.mts": 2 };

interface Run { code: number | null; output: string }
function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

let emu: Emulator;
test.before(async () => {
  emu = await startEmulator({ port: 0, seed: true, deployDelayMs: 0, streamDelayMs: 0 });
});
test.after(async () => {
  await emu.close();
});

test("there are examples", () => {
  assert.ok(examples.includes("quickstart.mts"), examples.join(", "));
});

for (const file of examples) {
  test(`examples/${file} runs against the emulator${(RUNS[file] ?? 1) > 1 ? ` ${RUNS[file]} times in a row` : ""}`, async () => {
    // The emulator as "the workspace": credentials in the environment, as a user would set them.
    const env = { DATABRICKS_HOST: emu.url, DATABRICKS_TOKEN: emu.token, DATABRICKS_CONFIG_FILE: join(root, ".tmp", "no-databrickscfg") };
    const scopesBefore = (await emu.client().listSecretScopes()).map((s) => s.name).sort();
    const endpointsBefore = (await emu.client().listEndpoints()).map((e) => e.name).sort();
    for (let i = 1; i <= (RUNS[file] ?? 1); i++) {
      const r = await run(["--import", "tsx", join(examplesDir, file)], env);
      assert.is(r.code, 0, `run ${i} of ${file}:\n${r.output}`);
      assert.match(r.output, new RegExp(`workspace ${emu.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`), "it talked to the started emulator");
    }
    // Cleaned up after itself.
    assert.equal((await emu.client().listSecretScopes()).map((s) => s.name).sort(), scopesBefore);
    assert.equal((await emu.client().listEndpoints()).map((e) => e.name).sort(), endpointsBefore);
  });
}

test("the examples typecheck with tsc --strict, importing the package by name", async () => {
  const r = await run([join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(examplesDir, "tsconfig.json")], {});
  assert.is(r.code, 0, r.output);
});

test.run();
