// Every code block of README.md, CONTRIBUTING.md and docs/*.md is checked, so the pages cannot
// rot: `ts` blocks typecheck under --strict against the built package, imported by name as a
// user's project does; `ts run` blocks also run (each starts what it needs); `sh` blocks name only
// npm scripts and files that exist; `ts illustrative` blocks are sketches and say so. A block with
// no language, or one this test does not know, fails: every block is one of these on purpose.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { codeBlocks, placeholders, type CodeBlock } from "./code-blocks.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const scratch = join(root, ".tmp", "doc-blocks");

const pages = ["README.md", "CONTRIBUTING.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
const blocks: CodeBlock[] = pages.flatMap((page) => codeBlocks(readFileSync(join(root, page), "utf8"), page));

/** Names a `ts` block may use without defining them: what the surrounding prose has in hand. */
const CONTEXT = `import type { ChatMessage, DatabricksDeploymentClient, QueryInput } from "databricks-deployments";
import type { Emulator } from "databricks-deployments/emulator";
declare global {
  const client: DatabricksDeploymentClient;
  const emu: Emulator;
  const messages: ChatMessage[];
  const inputs: QueryInput;
}
export {};
`;

const KNOWN = new Set(["ts", "ts run", "ts illustrative", "sh", "text", "json", "sql"]);
const scripts = Object.keys((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);

interface Run { code: number | null; output: string }
function run(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const fileName = (b: CodeBlock): string => `${b.page.replace(/[/.]/g, "_")}_line${b.line}.mts`;
const typed = blocks.filter((b) => b.info === "ts" || b.info === "ts run");

test("the pages have blocks of every kind (a check over nothing proves nothing)", () => {
  assert.ok(pages.includes("docs/emulator.md") && pages.includes("docs/repl.md"), pages.join(", "));
  for (const kind of ["ts", "ts run", "ts illustrative", "sh", "text"]) assert.ok(blocks.some((b) => b.info === kind), `no ${kind} block`);
});

test("every block says what it is", () => {
  const unknown = blocks.filter((b) => !KNOWN.has(b.info)).map((b) => `${b.page}:${b.line} \`\`\`${b.info}`);
  assert.equal(unknown, [], `known kinds: ${[...KNOWN].join(", ")}`);
});

test("blocks presented as runnable hold no placeholders (mark sketches `ts illustrative`)", () => {
  const found = typed.flatMap((b) => placeholders(b.code).map((p) => `${b.page}:${b.line}: ${p}`));
  assert.equal(found, []);
});

test("the placeholder check catches what it claims to", () => {
  assert.equal(placeholders('await client.createEndpoint({ name: "x", config: { served_entities: [...] } });'), ["[...]"]);
  assert.equal(placeholders("try { … } catch (e) {}"), ["…"]);
  assert.equal(placeholders("const a = 1; // or: chat.send(…)"), [], "a comment may elide");
});

test("sh blocks name only npm scripts and files that exist", () => {
  const missing: string[] = [];
  for (const b of blocks.filter((x) => x.info === "sh")) {
    for (const m of b.code.matchAll(/npm run ([\w:-]+)/g)) if (!scripts.includes(m[1]!)) missing.push(`${b.page}:${b.line}: npm run ${m[1]}`);
    for (const m of b.code.matchAll(/(?:node|tsx) ((?:scripts|examples)\/[\w./-]+)/g)) if (!existsSync(join(root, m[1]!))) missing.push(`${b.page}:${b.line}: ${m[1]}`);
  }
  assert.equal(missing, []);
});

test("the README's quick start is examples/quickstart.mts, verbatim", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const at = readme.indexOf("<!-- include:examples/quickstart.mts -->");
  assert.ok(at >= 0, "the include marker");
  const block = blocks.find((b) => b.page === "README.md" && b.offset > at);
  assert.ok(block, "a block after the marker");
  assert.is(block.code, readFileSync(join(root, "examples", "quickstart.mts"), "utf8"));
});

test("every ts block typechecks with tsc --strict, importing the package by name", async () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, "context.d.ts"), CONTEXT);
  writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({
    compilerOptions: { target: "ES2022", lib: ["ES2023", "DOM"], module: "Node16", moduleResolution: "Node16", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] },
    include: ["*.mts", "*.d.ts"],
  }));
  // `export {}` keeps a block without imports a module (top-level await, its own scope).
  for (const b of typed) writeFileSync(join(scratch, fileName(b)), `${b.code}\nexport {};\n`);
  const r = await run([join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(scratch, "tsconfig.json")], scratch);
  // Name the page and line of each error, not the scratch file.
  const output = r.output.replace(/(\S+)_line(\d+)\.mts\((\d+),\d+\)/g, (_m, page: string, line: string, row: string) => `${page.replace(/_md$/, ".md").replace(/_/g, "/")}:${Number(line) + Number(row)}`);
  assert.is(r.code, 0, output);
});

for (const b of blocks.filter((x) => x.info === "ts run")) {
  test(`${b.page}:${b.line} runs`, async () => {
    const dir = join(scratch, "run", fileName(b).replace(/\.mts$/, ""));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "block.mts"), `${b.code}\nexport {};\n`);
    // Nothing of the machine's Databricks configuration: a block that connects gets the emulator.
    const env = { DATABRICKS_HOST: "", DATABRICKS_TOKEN: "", DATABRICKS_CONFIG_PROFILE: "", DATABRICKS_CONFIG_FILE: join(dir, "no-databrickscfg"), MLFLOW_DEPLOYMENTS_TARGET: "" };
    const r = await run(["--import", "tsx", join(dir, "block.mts")], dir, env);
    assert.is(r.code, 0, `${b.page}:${b.line}\n${r.output}`);
    // A JSON result written out as comments right after its console.log is what the run printed.
    const shown = /console\.log\(JSON\.stringify\([^\n]*\n((?:\/\/ [^\n]*\n)+)/.exec(b.code)?.[1];
    if (shown !== undefined) {
      const expected = shown.split("\n").map((l) => l.replace(/^\/\/ ?/, "").trim()).join("");
      assert.ok(r.output.split("\n").includes(expected), `${b.page}:${b.line}: the commented result differs from the printed one\n${r.output}`);
    }
  });
}

test.run();
