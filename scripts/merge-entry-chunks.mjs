// Makes the main entry's static imports one file. esbuild's code splitting gives every set of
// entry points (the four entries and each lazily imported part: transports, token exchanges,
// predictBatch…) that shares a module its own chunk, so importing the main entry read ~17 files;
// Node's ESM loader costs ~0.4 ms per file here (resolve, read, compile, link: measured by adding
// 17 empty modules), more than all of the package's own top-level code. This pass bundles the
// chunks the main entry imports statically into one (chunks/main-entry.js, exporting every name
// they exported, under the same names) and points every other built file (other entries, lazy
// parts, the REPL) at it, so each module still exists once: one class per error, one pipeline.
// Comments marking each bundled source (`// src/…`) are kept, for test/helpers/static-imports.ts.
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { build } from "esbuild";

const MERGED = "main-entry.js";
const IMPORT_SPECIFIER = /^(?:import\s+|\}\s*from\s+|import\s+[\w$*{}\s,]+\s+from\s+)"(\.[^"]+)";$/gm;

/** The built files under `chunks/` that `entry` imports statically, transitively, in first-import order. */
function staticChunks(entry) {
  const order = [];
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT_SPECIFIER)) visit(resolve(dirname(file), m[1]));
    if (file !== entry) order.push(file);
  };
  visit(entry);
  return order;
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
  const chunks = staticChunks(join(esmDir, "src/index.js"));
  if (chunks.some((c) => dirname(c) !== chunksDir)) throw new Error("merge-entry-chunks: the main entry imports a file outside chunks/");
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
    stdin: { contents: lines.join("\n"), resolveDir: chunksDir, sourcefile: "main-entry.in.js", loader: "js" },
    outfile: join(chunksDir, MERGED),
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
  const out = join(chunksDir, MERGED);
  writeFileSync(out, readFileSync(out, "utf8").replace(/^(\s*)\/\/! ((?:src|repl|node_modules|builtin:)\S*)$/gm, "$1// $2"));
  const names = new Set(chunks.map((c) => basename(c)));
  const reference = /(["'])((?:\.\.?\/)+(?:[\w.-]+\/)*)([\w.-]+\.js)\1/g;
  for (const file of jsFiles(esmDir)) {
    if (merged.has(file) || file === out) continue;
    const source = readFileSync(file, "utf8");
    const rewritten = source.replace(reference, (whole, quote, dir, name) => (names.has(name) && resolve(dirname(file), dir, name).startsWith(chunksDir) ? `${quote}${dir}${MERGED}${quote}` : whole));
    if (rewritten !== source) writeFileSync(file, rewritten);
  }
  for (const chunk of chunks) rmSync(chunk);
}
