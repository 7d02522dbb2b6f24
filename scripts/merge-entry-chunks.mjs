// Makes the main entry's static imports one file. esbuild's code splitting gives every set of
// entry points (the four entries and each lazily imported part: transports, token exchanges,
// predictBatch…) that shares a module its own chunk, so importing the main entry read ~17 files;
// Node's ESM loader costs ~0.4 ms per file here (resolve, read, compile, link: measured by adding
// 17 empty modules), more than all of the package's own top-level code. This pass bundles the
// chunks the main entry imports statically into one (chunks/main-entry.js, exporting every name
// they exported, under the same names) and points every other built file (other entries, lazy
// parts, the REPL) at it, so each module still exists once: one class per error, one pipeline.
// Comments marking each bundled source (`// src/…`) are kept, for test/helpers/static-imports.ts.
// The chunks that a start-up which does not load zod also needs (the REPL's command line and first
// frame, the notebook entry) are merged apart, into chunks/entry-base.js: those start-ups load no
// more of the library than before (test/repl/first-frame-imports.test.ts).
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { build } from "esbuild";

const MERGED = "main-entry.js";
const BASE = "entry-base.js";
const IMPORT_SPECIFIER = /^(?:import\s+|\}\s*from\s+|import\s+[\w$*{}\s,]+\s+from\s+)"([^"]+)";$/gm;
const DYNAMIC_IMPORT = /\bimport\("(\.[^"]+)"\)/g;

/** The built files under `chunks/` that `entry` imports statically, transitively, in first-import order. */
function staticChunks(entry) {
  const order = [];
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT_SPECIFIER)) if (m[1].startsWith(".")) visit(resolve(dirname(file), m[1]));
    if (file !== entry) order.push(file);
  };
  visit(entry);
  return order;
}

function loadsZod(file, seen = new Set()) {
  if (seen.has(file)) return false;
  seen.add(file);
  for (const m of readFileSync(file, "utf8").matchAll(IMPORT_SPECIFIER)) {
    if (m[1] === "zod" || (m[1].startsWith(".") && loadsZod(resolve(dirname(file), m[1]), seen))) return true;
  }
  return false;
}

/**
 * The chunks among `chunks` (the main entry's) that a zod-free start-up loads statically: any file
 * the other entries reach (statically or by dynamic import) without going through the main entry
 * whose static imports do not include zod.
 */
function zodFreeShared(esmDir, entry, chunks) {
  const mine = new Set(chunks);
  const shared = new Set();
  const seen = new Set([entry]);
  const stack = jsFiles(esmDir).filter((f) => dirname(f) !== join(esmDir, "chunks") && f !== entry);
  while (stack.length > 0) {
    const file = stack.pop();
    // (bundled dependencies' own `import("./x")` that no file answers are not followed)
    if (seen.has(file) || mine.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    if (!loadsZod(file)) for (const chunk of staticChunks(file)) if (mine.has(chunk)) shared.add(chunk);
    for (const m of [...source.matchAll(IMPORT_SPECIFIER), ...source.matchAll(DYNAMIC_IMPORT)]) if (m[1].startsWith(".")) stack.push(resolve(dirname(file), m[1]));
  }
  return chunks.filter((c) => shared.has(c));
}

/** The names a chunk exports (esbuild ends each chunk with one `export { a, b as c };`). */
function exportedNames(file) {
  const blocks = [...readFileSync(file, "utf8").matchAll(/^export \{([^}]*)\};$/gm)];
  if (blocks.length > 1) throw new Error(`merge-entry-chunks: ${file} has ${blocks.length} export lists`);
  if (blocks.length === 0) return [];
  return blocks[0][1].split(",").map((s) => s.trim()).filter(Boolean).map((s) => s.split(/\s+as\s+/).pop());
}

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : []));
}

/**
 * Merges the chunks `esmDir/src/index.js` imports statically into `esmDir/chunks/main-entry.js`
 * and rewrites every import of them.
 *
 * @example
 * await mergeEntryChunks(join(out, "esm"));
 */
export async function mergeEntryChunks(esmDir) {
  const chunksDir = join(esmDir, "chunks");
  const entry = join(esmDir, "src/index.js");
  const chunks = staticChunks(entry);
  if (chunks.some((c) => dirname(c) !== chunksDir)) throw new Error("merge-entry-chunks: the main entry imports a file outside chunks/");
  const shared = zodFreeShared(esmDir, entry, chunks);
  if (shared.length > 1) await merge(esmDir, shared, BASE);
  const rest = staticChunks(entry).filter((c) => basename(c) !== BASE);
  if (rest.length > 1) await merge(esmDir, rest, MERGED);
}

/** Bundles `chunks` into `chunks/<outName>` (what they import from other chunks stays imported) and points every other file at it. */
async function merge(esmDir, chunks, outName) {
  const chunksDir = join(esmDir, "chunks");
  const seenNames = new Map();
  const lines = chunks.map((chunk) => {
    const names = exportedNames(chunk);
    for (const name of names) {
      if (seenNames.has(name)) throw new Error(`merge-entry-chunks: ${name} is exported by both ${seenNames.get(name)} and ${basename(chunk)}`);
      seenNames.set(name, basename(chunk));
    }
    return names.length === 0 ? `import "./${basename(chunk)}";` : `export { ${names.join(", ")} } from "./${basename(chunk)}";`;
  });
  const merged = new Set(chunks);
  await build({
    absWorkingDir: chunksDir,
    stdin: { contents: lines.join("\n"), resolveDir: chunksDir, sourcefile: `${outName}.in.js`, loader: "js" },
    outfile: join(chunksDir, outName),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // The chunks already name every function and class (__name): no second round of it.
    keepNames: false,
    legalComments: "inline",
    logLevel: "warning",
    plugins: [{
      name: "merge-entry-chunks",
      setup(b) {
        b.onResolve({ filter: /.*/ }, (a) => {
          if (a.kind === "entry-point") return undefined;
          const path = a.path.startsWith(".") ? resolve(a.resolveDir, a.path) : undefined;
          // Lazy parts (dynamic imports), zod and the rest stay where they are.
          if (a.kind === "dynamic-import" || path === undefined || !merged.has(path)) return { path: a.path, external: true };
          return { path, sideEffects: true };
        });
        // `//!` is a comment esbuild keeps where it is; turned back into `//` below.
        b.onLoad({ filter: /\.js$/ }, (a) => ({ contents: readFileSync(a.path, "utf8").replace(/^\/\/ ((?:src|repl|node_modules|builtin:)\S*)$/gm, "//! $1"), loader: "js" }));
      },
    }],
  });
  const out = join(chunksDir, outName);
  // (esbuild's own markers name the merged chunks, which are deleted below: dropped)
  writeFileSync(out, readFileSync(out, "utf8").replace(/^(\s*)\/\/! ((?:src|repl|node_modules|builtin:)\S*)$/gm, "$1// $2").replace(/^\/\/ [\w.-]+\.js\n/gm, ""));
  const names = new Set(chunks.map((c) => basename(c)));
  const reference = /(["'])((?:\.\.?\/)+(?:[\w.-]+\/)*)([\w.-]+\.js)\1/g;
  for (const file of jsFiles(esmDir)) {
    if (merged.has(file) || file === out) continue;
    const source = readFileSync(file, "utf8");
    const rewritten = source.replace(reference, (whole, quote, dir, name) => (names.has(name) && resolve(dirname(file), dir, name).startsWith(chunksDir) ? `${quote}${dir}${outName}${quote}` : whole));
    if (rewritten !== source) writeFileSync(file, rewritten);
  }
  for (const chunk of chunks) rmSync(chunk);
}
