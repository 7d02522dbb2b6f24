#!/usr/bin/env node
// Builds the package:
//   dist/esm    one ESM bundle per entry (src/index, src/emulator/index, src/notebook/index,
//               repl/cli) with shared chunks, made by esbuild: Node's ESM loader pays per file,
//               and bundling halves the REPL's start-up and the main entry's import time;
//   dist/cjs    the CommonJS tree of src/ by tsc, for `require` (the tslab kernel loads it), with
//               its own .d.ts beside it: that folder says `"type": "commonjs"`, so TypeScript reads
//               them as CommonJS declarations (node16/nodenext `require` consumers get the right
//               module kind; a `.d.cts` tree would be the same thing under another extension);
//   dist/types  the same .d.ts for `import` (ESM declarations: the package is "type": "module").
// No source maps: the shipped JavaScript is unminified and keeps its names, and maps whose sources
// (src/, node_modules/) are not in the tarball tripled its size for nothing a user could open.
// `--if-stale` skips the build when no source file is newer than the last build, so `npm start`
// stays fast after the first run. `--out DIR` builds into DIR and leaves dist/ alone.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, rmSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { mergeEntryChunks } from "./merge-entry-chunks.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const stamp = join(dist, ".build-stamp");
const outArg = process.argv.indexOf("--out");
const target = outArg > 0 ? resolve(process.argv[outArg + 1]) : undefined;

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (process.argv.includes("--if-stale") && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  const inputs = ["src", "repl"].map((d) => newestMtime(join(root, d)));
  const configs = ["package.json", "tsconfig.json", "tsconfig.cjs.json", "scripts/build.mjs", "scripts/merge-entry-chunks.mjs"].map((f) => statSync(join(root, f)).mtimeMs);
  if (Math.max(...inputs, ...configs) <= built) process.exit(0);
}

// Build into a private folder and swap it in, so concurrent builds (parallel test runs, a bench
// started while tests run) never see or delete each other's half-written output.
const out = target ?? join(root, `.dist-build-${process.pid}`);
rmSync(out, { recursive: true, force: true });
function fail(what) {
  if (!target) rmSync(out, { recursive: true, force: true });
  console.error(`build: ${what} failed`);
  process.exit(1);
}

const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
// One tsc run: the CommonJS tree with its .d.ts. The ESM declarations are the same text (module
// kind does not change a declaration here; checked: all ~210 files identical), so they are copied
// rather than made by a second tsc run over the same program (~6 s of a cold build).
const compiled = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.cjs.json"), "--outDir", join(out, "cjs")], { stdio: "inherit", cwd: root });
if (compiled.status !== 0) fail("tsc -p tsconfig.cjs.json");
cpSync(join(out, "cjs"), join(out, "types"), { recursive: true, filter: (source) => statSync(source).isDirectory() || source.endsWith(".d.ts") });
// The package is "type": "module"; the CommonJS tree says so for itself.
writeFileSync(join(out, "cjs", "package.json"), '{ "type": "commonjs" }\n');

// Node's builtins are read through process.getBuiltinModule() (Node >= 20.16), not ESM imports: an ESM import of a builtin builds
// its module namespace by reading every export, and node:fs's getters (ReadStream, promises) load
// the whole streams stack — 1-4 ms of the main entry's import for a config file it may never read.
// Each builtin is a small ESM module with one export per name, each read on its own and marked
// pure, so the bundle keeps (and reads at import) only the names the code uses: as CommonJS, each
// importing file copied every export of node:fs onto a new object (__toESM), ~0.5 ms of the import.
// Dynamic import("node:…") stays as it is (loaded when used).
const builtinsViaGetBuiltinModule = {
  name: "builtins-via-get-builtin-module",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (a) => (a.kind === "import-statement" ? { path: a.path, namespace: "builtin" } : { path: a.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (a) => {
      const names = Object.keys(process.getBuiltinModule(a.path)).filter((name) => name !== "default" && /^[A-Za-z_$][\w$]*$/.test(name));
      const lines = [
        `const __builtin = /* @__PURE__ */ process.getBuiltinModule(${JSON.stringify(a.path)});`,
        "const __readBuiltin = (name) => __builtin[name];",
        ...names.map((name) => `export const ${name} = /* @__PURE__ */ __readBuiltin(${JSON.stringify(name)});`),
        "export default __builtin;",
      ];
      return { contents: lines.join("\n"), loader: "js" };
    });
  },
};

// Two of Ink's modules, replaced where Ink imports them: its per-frame screen buffer by one that
// remembers unchanged rows between frames (same bytes; repl/ui/ink-output.ts), and its frame
// writer by one whose incremental mode is right (repl/ui/log-update.ts), which the REPL turns on.
// Both for the REPL's CPU while a reply streams.
const INK_REPLACEMENTS = { "./output.js": "repl/ui/ink-output.ts", "./log-update.js": "repl/ui/log-update.ts" };
const inkModules = {
  name: "ink-modules",
  setup(b) {
    b.onResolve({ filter: /^\.\/(output|log-update)\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]ink[\\/]build$/.test(args.resolveDir) ? { path: join(root, INK_REPLACEMENTS[args.path]) } : undefined);
  },
};

// string-width's start-up before the REPL's first frame (why: repl/ui/string-width-fast.ts). Every
// `import` of string-width (majors 7 and 8, the ones that module is tested against) gets a wrapper
// that answers simple strings itself and loads the real module (bundled, initialised on first
// require) only for the rest.
const stringWidthFastPath = {
  name: "string-width-fast-path",
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.kind !== "import-statement" || args.pluginData?.original) return undefined;
      const real = await b.resolve("string-width", { resolveDir: args.resolveDir, kind: args.kind, pluginData: { original: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      const { version } = JSON.parse(readFileSync(join(dirname(real.path), "package.json"), "utf8"));
      return /^[78]\./.test(version) ? { path: real.path, namespace: "string-width-fast" } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: "string-width-fast" }, (a) => ({
      loader: "js",
      resolveDir: root,
      contents: [
        `import { fastStringWidth } from ${JSON.stringify(join(root, "repl/ui/string-width-fast.ts"))};`,
        "let slow;",
        "export default function stringWidth(input, options) {",
        "  const width = fastStringWidth(input, options);",
        `  return width !== undefined ? width : (slow ??= require(${JSON.stringify(a.path)}).default)(input, options);`,
        "}",
      ].join("\n"),
    }));
  },
};

// yoga-layout's Emscripten loader fetches its own wasm from a data: URL when a global fetch exists:
// in Node that loads undici (~30 ms of the REPL's launch) to decode base64 it can decode itself.
// Its no-fetch branch (decode the embedded base64, WebAssembly.instantiate) is taken instead.
const yogaWithoutFetch = {
  name: "yoga-without-fetch",
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (a) => {
      const source = readFileSync(a.path, "utf8");
      const patched = source.replaceAll('"function"!=typeof fetch', "!0");
      if (source.split('"function"!=typeof fetch').length !== 3) throw new Error(`yoga-layout's loader changed (${a.path}): review the yoga-without-fetch patch`);
      return { contents: patched, loader: "js" };
    });
  },
};

try {
  await build({
    absWorkingDir: root,
    entryPoints: ["src/index.ts", "src/emulator/index.ts", "src/notebook/index.ts", "repl/cli.ts"],
    outdir: join(out, "esm"),
    outbase: ".",
    entryNames: "[dir]/[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: false,
    // Uncaught errors print their class name (`ValidationError: …`, not `_ValidationError`).
    keepNames: true,
    // Kept external, as runtime dependencies: zod (users' schemas and ours interoperate), cross-fetch
    // (loaded only where no global fetch exists); ini is bundled (5 kB; the CommonJS tree requires
    // it, so it stays a dependency): importing it as CommonJS from ESM cost the main entry ~3 ms of
    // CommonJS loader and export-lexer work;
    // ink asks for react-devtools-core only under DEV=true. The REPL's own stack (ink, react,
    // marked, marked-terminal, commander) is bundled into the REPL's chunks, so it is not declared
    // as a dependency: npx fetches three packages instead of ~60, and the REPL starts faster.
    external: ["zod", "cross-fetch", "react-devtools-core"],
    plugins: [builtinsViaGetBuiltinModule, inkModules, stringWidthFastPath, yogaWithoutFetch],
    // The REPL always runs React's production build (repl/chat/command.ts sets NODE_ENV): without
    // this the development builds (1.2 MB of react-reconciler) ship too and are parsed at launch.
    // REPL_INK_LOG_UPDATE tells repl/ui/interactive.tsx that Ink writes frames with
    // repl/ui/log-update.ts (run from source, Ink's own incremental mode would leave stale rows).
    define: { "process.env.NODE_ENV": '"production"', "process.env.REPL_INK_LOG_UPDATE": '"fixed"' },
    // Bundled CommonJS dependencies (ini, parts of ink's tree) call require(): made on first call,
    // so the many chunks that never call it do not each pay createRequire() at import.
    banner: { js: "let __requireHere; const require = (id) => (__requireHere ??= process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);" },
    logLevel: "warning",
  });
} catch {
  fail("esbuild");
}
// The main entry's static imports as one file (why: scripts/merge-entry-chunks.mjs).
try {
  await mergeEntryChunks(join(out, "esm"));
} catch (error) {
  console.error(error);
  fail("merge-entry-chunks");
}
writeFileSync(join(out, ".build-stamp"), new Date().toISOString() + "\n");

if (!target) {
  const old = join(root, `.dist-old-${process.pid}`);
  for (let attempt = 0; ; attempt++) {
    try {
      if (existsSync(dist)) renameSync(dist, old);
      renameSync(out, dist);
      break;
    } catch (error) {
      // another build swapped its output in between our two renames: take the slot again
      if (attempt >= 5) throw error;
    }
  }
  rmSync(old, { recursive: true, force: true });
}
