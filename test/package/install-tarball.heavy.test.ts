// @bulk (npm pack, a fresh install, tsc: a core busy for ~20 s, nothing timed)
// The package as a user gets it: `npm pack` of the built tree, installed from the tarball path into
// a fresh project (offline from npm's cache where it can; the registry is reachable for the rest),
// then used the ways users use it: ESM import, CommonJS require, the `deployments` bin, `tsc`
// (module node16) for an ESM and a CommonJS consumer, class names, and the tslab kernel's own
// compiler and executor loading it by package name. Heavy (~30 s): it installs a project.
// Needs the build (`node scripts/build.mjs`; the test runner builds first).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const test = suite("the packed tarball, installed into a fresh project");
const MAX_PACKED_BYTES = 1.5 * 1024 * 1024;

interface Run { code: number | null; stdout: string; stderr: string }

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
const node = (args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv) => run(process.execPath, args, cwd, env);
const ok = (r: Run, what: string) => assert.is(r.code, 0, `${what} failed:\n${r.stdout}\n${r.stderr}`);

const work = mkdtempSync(join(tmpdir(), "dd-package-"));
const project = join(work, "consumer");
const home = join(work, "home");
let tarball = "";
// No workspace: the consumer's scripts and the bin use the emulator, never this machine's credentials.
const noWorkspace: NodeJS.ProcessEnv = { HOME: home, DATABRICKS_CONFIG_FILE: join(home, "none.cfg"), DATABRICKS_HOST: "", DATABRICKS_TOKEN: "", DATABRICKS_DEPLOYMENTS_DATA_DIR: join(home, "data") };

test.before(async () => {
  assert.ok(existsSync(join(root, "dist", ".build-stamp")), "build first: node scripts/build.mjs");
  // --ignore-scripts: pack the tree the runner just built instead of rebuilding it through prepack.
  const packed = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root);
  ok(packed, "npm pack");
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  for (const dir of [project, home]) rmSync(dir, { recursive: true, force: true });
  writeFileSync(join(work, "package.json"), "{}\n");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(project);
  mkdirSync(home);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }, null, 2));
  const installed = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], project);
  ok(installed, "npm install <tarball>");
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test("the tarball is at most 1.5 MB, ships no source maps and no sources", async () => {
  const size = statSync(tarball).size;
  assert.ok(size <= MAX_PACKED_BYTES, `${(size / 1024 / 1024).toFixed(2)} MB packed`);
  const listed = await run("tar", ["-tzf", tarball], work);
  ok(listed, "tar -t");
  const files = listed.stdout.split("\n").filter(Boolean);
  assert.equal(files.filter((f) => f.endsWith(".map")), []);
  assert.equal(files.filter((f) => /^package\/(src|repl|test)\//.test(f)), []);
  assert.ok(files.includes("package/dist/cjs/src/index.d.ts"), "CommonJS declarations beside the CommonJS build");
});

test("the install pulls only the runtime dependencies (the REPL's stack is bundled)", () => {
  const modules = readdirSync(join(project, "node_modules"));
  for (const bundled of ["ink", "react", "marked", "marked-terminal", "commander", "esbuild", "typescript"]) {
    assert.not.ok(modules.includes(bundled), `${bundled} installed for a consumer`);
  }
  for (const dep of ["zod", "ini", "databricks-deployments"]) assert.ok(modules.includes(dep), dep);
});

test("ESM import of every entry; a query round-trips through the emulator; class names are kept", async () => {
  writeFileSync(join(project, "esm.mjs"), `
import { getDeployClient, ValidationError, ApiError, Conversation, EndpointBuilder, DatabricksDeploymentClient, endpoint } from "databricks-deployments";
import { startEmulator } from "databricks-deployments/emulator";
import * as notebook from "databricks-deployments/notebook";
const emu = await startEmulator({ port: 0, seed: true, deployDelayMs: 0, streamDelayMs: 0 });
try {
  const reply = await emu.client().predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hi" }] } });
  let refused;
  try { await emu.client().createEndpoint({ name: "x", config: { serverd_entities: [] } }); } catch (e) { refused = e; }
  void endpoint;
  console.log(JSON.stringify({
    names: [ValidationError.name, ApiError.name, Conversation.name, EndpointBuilder.name, DatabricksDeploymentClient.name],
    thrown: String(refused).split(":")[0] + "/" + refused.constructor.name,
    reply: typeof reply.choices[0].message.content,
    notebook: Object.keys(notebook).length > 0,
    getDeployClient: typeof getDeployClient,
  }));
} finally { await emu.close(); }
`);
  const r = await node(["esm.mjs"], project, noWorkspace);
  ok(r, "node esm.mjs");
  assert.equal(JSON.parse(r.stdout.trim().split("\n").pop()!), {
    names: ["ValidationError", "ApiError", "Conversation", "EndpointBuilder", "DatabricksDeploymentClient"],
    thrown: "ValidationError/ValidationError", reply: "string", notebook: true, getDeployClient: "function",
  });
});

test("CommonJS require of every entry, class names kept", async () => {
  writeFileSync(join(project, "cjs.cjs"), `
const dd = require("databricks-deployments");
const emulator = require("databricks-deployments/emulator");
const notebook = require("databricks-deployments/notebook");
const payload = dd.endpoint("chat").externalModel("gpt-4", { apiKey: dd.secret("s", "k") }).build();
console.log(JSON.stringify({ names: [dd.ValidationError.name, dd.ApiError.name, dd.Conversation.name, dd.EndpointBuilder.name],
  start: typeof emulator.startEmulator, notebook: Object.keys(notebook).length > 0, provider: payload.config.served_entities[0].external_model.provider }));
`);
  const r = await node(["cjs.cjs"], project, noWorkspace);
  ok(r, "node cjs.cjs");
  assert.equal(JSON.parse(r.stdout.trim()), { names: ["ValidationError", "ApiError", "Conversation", "EndpointBuilder"], start: "function", notebook: true, provider: "openai" });
});

test("the deployments bin: --version, and a one-shot chat on the embedded emulator", async () => {
  const bin = join(project, "node_modules", ".bin", "deployments");
  const version = await run(bin, ["--version"], project, noWorkspace);
  ok(version, "deployments --version");
  assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  const chat = await run(bin, ["chat", "--no-transcript", "Say hi"], project, noWorkspace);
  ok(chat, "deployments chat 'Say hi'");
  assert.ok(chat.stdout.trim().length > 0, "a reply on stdout");
});

test("the bundled REPL chunks load in the consumer without ink or react installed", async () => {
  const chunks = join(project, "node_modules", "databricks-deployments", "dist", "esm", "chunks");
  const interactive = readdirSync(chunks).find((f) => f.startsWith("interactive-") && f.endsWith(".js"));
  assert.ok(interactive, "an interactive chunk");
  const r = await node(["--input-type=module", "-e", `const m = await import(${JSON.stringify(join(chunks, interactive!))}); console.log(typeof m.runInteractive);`], project, noWorkspace);
  ok(r, "import of the interactive chunk");
  assert.is(r.stdout.trim(), "function");
});

test("tsc, module node16: an ESM and a CommonJS consumer both typecheck against the shipped declarations", async () => {
  writeFileSync(join(project, "esm.mts"), `
import { getDeployClient, ValidationError, type QueryResponse } from "databricks-deployments";
import { startEmulator, type Emulator } from "databricks-deployments/emulator";
import { endpointsTable } from "databricks-deployments/notebook";
export async function ask(emu: Emulator): Promise<string | undefined> {
  const reply: QueryResponse = await emu.client().predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hi" }] } });
  const n: string = ValidationError.name;
  void getDeployClient; void startEmulator; void endpointsTable;
  return typeof reply.choices?.[0]?.message?.content === "string" ? reply.choices[0].message.content : n;
}
`);
  writeFileSync(join(project, "cjs.cts"), `
import { endpoint, secret, ValidationError } from "databricks-deployments";
import { startEmulator } from "databricks-deployments/emulator";
export const payload = endpoint("chat").externalModel("gpt-4", { apiKey: secret("s", "k") }).build();
export const name: string = ValidationError.name;
export const start: typeof startEmulator = startEmulator;
`);
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      module: "node16", moduleResolution: "node16", target: "ES2022", strict: true, noEmit: true,
      // Our declarations are checked too (skipLibCheck off); @types/node comes from this repository.
      skipLibCheck: false, types: ["node"], typeRoots: [join(root, "node_modules", "@types")],
    },
    files: ["esm.mts", "cjs.cts"],
  }));
  const r = await node([join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], project);
  ok(r, "tsc -p (node16)");
});

test("tslab's compiler and executor load the package by name (as a notebook cell does)", async () => {
  // The same objects tslab's Jupyter kernel builds (dist/main.js startKernel), minus the ZeroMQ socket.
  writeFileSync(join(project, "tslab-cell.cjs"), `
const tslab = ${JSON.stringify(join(root, "node_modules", "tslab", "dist"))};
const { createConverter } = require(tslab + "/converter");
const { createExecutor } = require(tslab + "/executor");
const node = createConverter({ isJS: false, isBrowser: false });
const convs = { node, browser: node, close: () => node.close() };
const errors = [];
const executor = createExecutor(process.cwd(), convs, { log: (...a) => console.log(...a), error: (...a) => errors.push(a.join(" ")) });
(async () => {
  const cells = [
    'import { endpoint, secret, ValidationError } from "databricks-deployments";',
    'import { startEmulator } from "databricks-deployments/emulator";',
    'const emu = await startEmulator({ port: 0, seed: true, deployDelayMs: 0, streamDelayMs: 0 });',
    'const reply = await emu.client().predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "Hi" }] } });',
    'console.log("cell:", ValidationError.name, typeof reply.choices[0].message.content, endpoint("c").externalModel("gpt-4", { apiKey: secret("s", "k") }).build().name);',
    'await emu.close();',
  ];
  for (const cell of cells) if (!(await executor.execute(cell))) { console.log("FAILED", cell, errors.join("\\n")); break; }
  executor.close(); convs.close();
})();
`);
  const r = await node(["tslab-cell.cjs"], project, noWorkspace);
  ok(r, "tslab cells");
  assert.not.match(r.stdout, /FAILED/, r.stdout);
  assert.match(r.stdout, /cell: ValidationError string c/);
});

test("arethetypeswrong (strict profile) and publint find nothing in the tarball", async () => {
  // attw resolves every entry as node10, node16-CJS, node16-ESM and bundler consumers would;
  // "Masquerading as ESM" for require() users is what it caught before the .d.cts types.
  const attw = await node([join(root, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js"), tarball, "--format", "json", "--profile", "strict"], work);
  const report = JSON.parse(attw.stdout) as { analysis?: { problems?: unknown[] }; problems?: unknown[] };
  const problems = report.analysis?.problems ?? report.problems ?? [];
  assert.equal(problems, [], attw.stdout.slice(0, 2000));
  const { publint } = (await import("publint")) as typeof import("publint");
  const { readFileSync } = await import("node:fs");
  const bytes = readFileSync(tarball);
  // With a tarball, pkgDir names the folder inside it (npm packs into package/).
  const { messages } = await publint({ pkgDir: "package", pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, strict: true });
  assert.equal(messages.map((m) => `${m.type} ${m.code} ${m.path.join(".")}`), []);
});

test.run();
