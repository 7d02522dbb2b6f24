import { suite } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkImports, readImportGraph, runtimeCycles, type ImportEdge, type ImportGraph } from "./architecture/import-graph.js";

const root = join(import.meta.dirname, "..");

/**
 * Imports of the re-export shims left at the old paths of moved files (`// shim: removed at
 * integration`), in the code other branches edit in parallel (the emulator, the client's request
 * and streaming code). The integrator rewrites them to the new paths, deletes the shims and
 * empties this list.
 */
const TEMPORARY_SHIM_IMPORTS: ReadonlySet<string> = new Set([]);

const SHIM_MARK = "// shim: removed at integration";

function isShim(file: string): boolean {
  const lines = readFileSync(join(root, file), "utf8").split("\n").filter((l) => l.trim() !== "");
  return lines.length > 0 && lines.every((l) => l.includes(SHIM_MARK));
}

const real = suite<{ graph: ImportGraph }>("the project's imports");

real.before((ctx) => {
  ctx.graph = readImportGraph(root);
});

real("the graph covers src/, repl/ and notebooks/src/ (a check over nothing proves nothing)", ({ graph }) => {
  for (const file of ["src/index.ts", "src/errors/index.ts", "src/secrets/index.ts", "src/emulator/start.ts", "repl/cli.ts", "notebooks/src/01-databricks-deployments.ts"]) assert.ok(graph.has(file), file);
  assert.ok((graph.get("src/index.ts") ?? []).some((e) => e.to === "src/errors/api-error.ts"), "src/index.ts -> src/errors/api-error.ts");
  assert.ok(graph.size > 100, `${graph.size} files`);
});

real("every runtime import follows the layer rule, and no file imports itself through a cycle", ({ graph }) => {
  const violations = checkImports(graph, TEMPORARY_SHIM_IMPORTS);
  assert.equal(violations.map((v) => `${v.from} -> ${v.to}: ${v.why}`), []);
});

real("shims are imported only by the listed files, and every listed import still exists", ({ graph }) => {
  const shimImports: string[] = [];
  for (const [from, edges] of graph) for (const e of edges) if (!isShim(from) && isShim(e.to)) shimImports.push(`${from} -> ${e.to}`);
  assert.equal(shimImports.filter((edge) => !TEMPORARY_SHIM_IMPORTS.has(edge)), [], "a new import of a shim: import the new path instead");
  assert.equal([...TEMPORARY_SHIM_IMPORTS].filter((edge) => !shimImports.includes(edge)).sort(), [], "stale entries in TEMPORARY_SHIM_IMPORTS");
});

real.run();

// The checker itself, on small fake graphs: it must catch what it claims to.
const checker = suite("the import checker");

const graphOf = (edges: Record<string, Array<string | [string, "type"]>>): ImportGraph =>
  new Map(Object.entries(edges).map(([from, to]) => [from, to.map((t): ImportEdge => (Array.isArray(t) ? { to: t[0], typeOnly: true } : { to: t, typeOnly: false }))]));

checker("a clean graph passes", () => {
  const graph = graphOf({
    "src/errors/a.ts": [],
    "src/secrets/s.ts": ["src/errors/a.ts"],
    "src/schemas/b.ts": ["src/errors/a.ts", "src/secrets/s.ts"],
    "src/client/c.ts": ["src/schemas/b.ts", "src/builder/d.ts"],
    "src/builder/d.ts": ["src/schemas/b.ts"],
    "src/emulator/start.ts": ["src/client/c.ts"],
    "src/notebook/n.ts": [["src/client/c.ts", "type"], "src/secrets/s.ts"],
    "src/index.ts": ["src/client/c.ts"],
    "repl/cli.ts": ["src/index.ts", "repl/x.ts"],
    "repl/x.ts": [],
  });
  assert.equal(checkImports(graph), []);
});

checker("the notebook may read the shared facts at runtime, and a fact reader that imports the client fails", () => {
  const graph = graphOf({
    "src/errors/a.ts": [],
    "src/client/c.ts": ["src/errors/a.ts"],
    "src/conversation/stats.ts": ["src/errors/a.ts"],
    "src/conversation/describe-endpoint.ts": ["src/client/c.ts"],
    "src/notebook/n.ts": ["src/conversation/stats.ts", "src/conversation/describe-endpoint.ts"],
  });
  assert.equal(checkImports(graph).map((v) => `${v.from} -> ${v.to}`), ["src/conversation/describe-endpoint.ts -> src/client/c.ts"]);
});

checker("an upward import, an emulator file building a client, a deep repl import and a runtime notebook import all fail", () => {
  const graph = graphOf({
    "src/errors/a.ts": [],
    "src/schemas/b.ts": ["src/client/c.ts"],
    "src/client/c.ts": ["src/errors/a.ts"],
    "src/emulator/serving/f.ts": ["src/client/c.ts"],
    "src/notebook/n.ts": ["src/client/c.ts"],
    "src/index.ts": [],
    "repl/cli.ts": ["src/client/c.ts", ["src/schemas/b.ts", "type"]],
  });
  const found = checkImports(graph).map((v) => `${v.from} -> ${v.to}`);
  assert.equal(found.sort(), [
    "repl/cli.ts -> src/client/c.ts",
    "repl/cli.ts -> src/schemas/b.ts",
    "src/emulator/serving/f.ts -> src/client/c.ts",
    "src/notebook/n.ts -> src/client/c.ts",
    "src/schemas/b.ts -> src/client/c.ts",
  ]);
  // An allowlisted edge is tolerated, and only that one.
  assert.is(checkImports(graph, new Set(["src/schemas/b.ts -> src/client/c.ts"])).length, 4);
});

checker("a runtime cycle inside one layer fails; the same loop through a type import does not", () => {
  const cyclic = graphOf({ "src/client/a.ts": ["src/client/b.ts"], "src/client/b.ts": ["src/client/c.ts"], "src/client/c.ts": ["src/client/a.ts"] });
  assert.equal(runtimeCycles(cyclic).map((c) => [...c].sort()), [["src/client/a.ts", "src/client/b.ts", "src/client/c.ts"]]);
  assert.match(checkImports(cyclic).map((v) => v.why).join("\n"), /cycle/);
  const typed = graphOf({ "src/client/a.ts": ["src/client/b.ts"], "src/client/b.ts": [["src/client/a.ts", "type"]] });
  assert.equal(checkImports(typed), []);
});

checker("the parser sees multi-line, re-export, dynamic and package-name imports, and tells type-only ones", () => {
  const dir = mkdtempSync(join(tmpdir(), "arch-"));
  try {
    const put = (file: string, text: string) => { mkdirSync(join(dir, file, ".."), { recursive: true }); writeFileSync(join(dir, file), text); };
    put("src/index.ts", 'export { c } from "./client/c.js";\n');
    put("src/errors/e.ts", "export const e = 1;\n");
    put("src/schemas/s.ts", "export type S = string;\n");
    put("src/client/c.ts", 'import {\n  e,\n} from "../errors/e.js";\nimport { type S } from "../schemas/s.js";\nimport { z } from "zod";\nexport const c = async () => (await import("./d.js")).d + e;\n');
    put("src/client/d.ts", "export const d = 2;\n");
    put("repl/cli.ts", 'import { c } from "databricks-deployments";\nimport type { S } from "../src/schemas/s.js";\n');
    const graph = readImportGraph(dir);
    assert.equal(graph.get("src/client/c.ts"), [
      { to: "src/errors/e.ts", typeOnly: false },
      { to: "src/schemas/s.ts", typeOnly: true },
      { to: "src/client/d.ts", typeOnly: false },
    ]);
    assert.equal(graph.get("repl/cli.ts"), [{ to: "src/index.ts", typeOnly: false }, { to: "src/schemas/s.ts", typeOnly: true }]);
    assert.equal(checkImports(graph).map((v) => `${v.from} -> ${v.to}`), ["repl/cli.ts -> src/schemas/s.ts"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

checker.run();
