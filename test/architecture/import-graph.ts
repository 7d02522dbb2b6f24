// The import rule of DESIGN.md as code: a graph of the imports of src/, repl/ and notebooks/src/
// (parsed with the TypeScript compiler, so multi-line and dynamic imports count), the layer of
// each file, and a checker that lists every forbidden edge and every file-level cycle.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** One import of a file: the file it resolves to (root-relative, `/`-separated) and whether it is type-only. */
export interface ImportEdge {
  readonly to: string;
  readonly typeOnly: boolean;
}

/** File → its imports of other files of the project (package imports such as `zod` are left out). */
export type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

const PACKAGE = "databricks-deployments";
const PACKAGE_ENTRIES: Readonly<Record<string, string>> = {
  [PACKAGE]: "src/index.ts",
  [`${PACKAGE}/emulator`]: "src/emulator/index.ts",
  [`${PACKAGE}/notebook`]: "src/notebook/index.ts",
};
/** What `repl/` and `notebooks/` may import from `src/`. */
export const ENTRY_FILES: ReadonlySet<string> = new Set(Object.values(PACKAGE_ENTRIES));

function walk(dir: string, out: string[]): string[] {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { if (!["node_modules", "dist", ".git"].includes(e.name)) walk(p, out); }
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function resolveSpecifier(root: string, from: string, specifier: string): string | undefined {
  const entry = PACKAGE_ENTRIES[specifier];
  if (entry !== undefined) return entry;
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(join(root, from)), specifier).replace(/\.(js|jsx|ts|tsx)$/, "");
  for (const ext of [".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    if (existsSync(base + ext)) return relative(root, base + ext).split("\\").join("/");
  }
  return undefined;
}

function importsOf(text: string, fileName: string): Array<{ specifier: string; typeOnly: boolean }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import { type A, type B }` is erased like `import type`; `import "x"` is a runtime import.
      const named = clause?.namedBindings;
      const allTypeNamed = clause !== undefined && clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: clause?.isTypeOnly === true || allTypeNamed });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause;
      const allTypeNamed = named !== undefined && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly || allTypeNamed });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] !== undefined && ts.isStringLiteral(node.arguments[0])) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The import graph of the project at `root`: every `.ts`/`.tsx` file of `src/`, `repl/` and
 * `notebooks/src/` with the project files it imports.
 */
export function readImportGraph(root: string): ImportGraph {
  const graph = new Map<string, ImportEdge[]>();
  for (const dir of ["src", "repl", "notebooks/src"]) {
    for (const abs of walk(join(root, dir), [])) {
      const file = relative(root, abs).split("\\").join("/");
      const edges: ImportEdge[] = [];
      for (const { specifier, typeOnly } of importsOf(readFileSync(abs, "utf8"), abs)) {
        const to = resolveSpecifier(root, file, specifier);
        if (to !== undefined) edges.push({ to, typeOnly });
      }
      graph.set(file, edges);
    }
  }
  return graph;
}

/** The layer a file belongs to: `errors`, `secrets`, `schemas`, …, `entry` (src/index.ts), `repl`, `notebooks`. */
export function layerOf(file: string): string {
  if (file === "src/index.ts") return "entry";
  if (file === "src/version.ts") return "version";
  if (file.startsWith("repl/")) return "repl";
  if (file.startsWith("notebooks/")) return "notebooks";
  const m = /^src\/([^/]+)\//.exec(file);
  return m?.[1] ?? file;
}

// Runtime imports each layer may make besides its own files. The chain of DESIGN.md:
// errors, secrets ← schemas ← builder ← client ← conversation (`version` is a constant all may read).
const KERNEL = ["errors", "secrets", "version"];
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  errors: ["version"],
  secrets: ["errors", "version"],
  schemas: [...KERNEL],
  builder: [...KERNEL, "schemas"],
  client: [...KERNEL, "schemas", "builder"],
  conversation: [...KERNEL, "schemas", "builder", "client"],
  // The emulator speaks the same wire (errors, secrets, schemas); it builds a client only in its
  // composition roots, listed in CLIENT_IN_EMULATOR.
  emulator: [...KERNEL, "schemas"],
  // The notebook entry stays light: only the kernel at runtime (types from anywhere).
  notebook: [...KERNEL],
  entry: ["errors", "secrets", "version", "schemas", "builder", "client", "conversation"],
};
/**
 * The facts for humans (issue 15, item 4): pure, dependency-free readers in src/conversation that
 * the REPL and the notebook share. The notebook may import them at runtime; they themselves may
 * import only the kernel, so the notebook entry stays light.
 */
export const FACTS_FILES: ReadonlySet<string> = new Set([
  "src/conversation/describe-endpoint.ts",
  "src/conversation/stats.ts",
  "src/conversation/chunk.ts",
]);
/** The only emulator files that may import the client: where `emu.client()` and `connect()` build one. */
export const CLIENT_IN_EMULATOR: ReadonlySet<string> = new Set(["src/emulator/start.ts", "src/emulator/connect.ts"]);

/** An edge the rule forbids, or a cycle. */
export interface Violation {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

/**
 * Every edge of `graph` the layer rule forbids, and every file-level runtime import cycle
 * (reported once, from its first file, with every file of the cycle in `why`). `allowed` holds edges
 * (`"from -> to"`) tolerated for now.
 */
export function checkImports(graph: ImportGraph, allowed: ReadonlySet<string> = new Set()): Violation[] {
  const out: Violation[] = [];
  for (const [from, edges] of graph) {
    const layer = layerOf(from);
    for (const { to, typeOnly } of edges) {
      if (allowed.has(`${from} -> ${to}`)) continue;
      const target = layerOf(to);
      if (layer === "repl" || layer === "notebooks") {
        // Types too: the faces use the public API only, whatever they import it for.
        if (target !== layer && !ENTRY_FILES.has(to)) out.push({ from, to, why: `${layer}/ may import only the package entries (${[...ENTRY_FILES].join(", ")})` });
        continue;
      }
      if (typeOnly || target === layer) continue;
      if (layer === "emulator" && target === "client" && CLIENT_IN_EMULATOR.has(from)) continue;
      if (FACTS_FILES.has(from) && !KERNEL.includes(target) && !FACTS_FILES.has(to)) {
        out.push({ from, to, why: `${from} is a shared fact reader: it may import only ${KERNEL.join(", ")} and the other fact readers at runtime` });
        continue;
      }
      if (layer === "notebook" && FACTS_FILES.has(to)) continue;
      const may = ALLOWED[layer];
      if (may === undefined) { out.push({ from, to, why: `${from} is in no known layer` }); continue; }
      if (!may.includes(target)) out.push({ from, to, why: `${layer} may not import ${target} at runtime (allowed: ${may.join(", ")})` });
    }
  }
  for (const cycle of runtimeCycles(graph)) out.push({ from: cycle[0]!, to: cycle[1 % cycle.length]!, why: `runtime import cycle among: ${cycle.join(", ")}` });
  return out;
}

/** File-level cycles of runtime imports (Tarjan's strongly connected components, size > 1 or a self-import). */
export function runtimeCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[][] = [];
  const next = (v: string): string[] => (graph.get(v) ?? []).filter((e) => !e.typeOnly && graph.has(e.to)).map((e) => e.to);
  const connect = (v: string): void => {
    indexOf.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of next(v)) {
      if (!indexOf.has(w)) { connect(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1 || next(v).includes(v)) cycles.push(component.reverse());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) connect(v);
  return cycles;
}
