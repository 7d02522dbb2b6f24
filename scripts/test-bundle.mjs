// Compiles the selected test files, each with the TypeScript it imports from src/, repl/, test/ and
// scripts/, into one ESM bundle per file (esbuild, one build for all of them; packages stay
// external and load from node_modules as they would under tsx). A file then starts as plain Node:
// tsx's loader hooks cost ~0.5 s of CPU per process (an off-thread resolve per import), about 70 s
// of CPU over the suite, against ~0.15 s for the bundle. Isolation is unchanged: every file still
// runs in its own process. Child processes the tests start (`--import tsx` fixtures, the CLI from
// dist/) are untouched.
//
// A bundle must behave as its source did: `import.meta.url`, `.dirname` and `.filename` are
// replaced, module by module, with the source file's own values, so paths to fixtures, to the
// repository root and to sibling scripts resolve as before. No type checking here: the typecheck
// job does that.
import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const LOADERS = { ".ts": "ts", ".tsx": "tsx", ".mts": "ts", ".js": "js", ".mjs": "js", ".jsx": "jsx" };

/** Replaces `import.meta.{url,dirname,filename}` in the project's own modules with the source's values. */
function sourceLocation(root) {
  return {
    name: "source-location",
    setup(b) {
      b.onLoad({ filter: /\.(m?[jt]sx?)$/ }, async (args) => {
        if (args.path.includes(`${join("node_modules", "")}`) || relative(root, args.path).startsWith("..")) return undefined;
        const text = await readFile(args.path, "utf8");
        const ext = /\.[^.]+$/.exec(args.path)[0];
        if (!text.includes("import.meta")) return { contents: text, loader: LOADERS[ext] };
        const contents = text
          .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll("import.meta.dirname", JSON.stringify(dirname(args.path)))
          .replaceAll("import.meta.filename", JSON.stringify(args.path));
        return { contents, loader: LOADERS[ext] };
      });
    },
  };
}

/**
 * Bundles `files` (absolute paths under `root`) into `outdir`; resolves to a map from each test file
 * to its bundle, or to `undefined` with the reason when esbuild fails (the caller runs the sources
 * through tsx instead).
 */
export async function bundleTests(root, files, outdir) {
  try {
    await build({
      absWorkingDir: root,
      entryPoints: files,
      outdir,
      outbase: root,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: false,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      jsx: "automatic",
      sourcemap: "linked",
      sourcesContent: false,
      keepNames: true,
      plugins: [sourceLocation(root)],
      logLevel: "silent",
    });
  } catch (error) {
    return { bundles: undefined, reason: String(error?.message ?? error).split("\n").slice(0, 8).join("\n") };
  }
  const bundles = new Map(files.map((f) => [f, join(outdir, relative(root, f)).replace(/\.[^.]+$/, ".mjs")]));
  return { bundles, reason: undefined };
}
