import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** The static `import … from "x"` / `import "x"` specifiers of an esbuild ESM output file (not minified). */
function staticImports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^(?:import\s+|\}\s*from\s+|import\s+[\w$*{}\s,]+\s+from\s+)"([^"]+)";$/gm)].map((m) => m[1] as string);
}

/**
 * Every built file (absolute path) and bare package that Node's loader reads before it evaluates
 * `file`: its static imports, transitively. Dynamic `import()`s are not followed.
 *
 * @example
 * assert.not.ok(staticClosure(join(dist, "src/index.js")).has("zod"));
 */
export function staticClosure(file: string): Set<string> {
  const seen = new Set<string>();
  const stack = [file];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const specifier of staticImports(next)) {
      if (specifier.startsWith(".")) stack.push(resolve(dirname(next), specifier));
      else seen.add(specifier);
    }
  }
  return seen;
}

/**
 * The source modules bundled into the built files of `closure`, from esbuild's `// src/…` markers.
 *
 * @example
 * assert.ok(bundledSources(staticClosure(entry)).has("src/client/client.ts"));
 */
export function bundledSources(closure: ReadonlySet<string>): Set<string> {
  const sources = new Set<string>();
  for (const file of closure) {
    if (!file.startsWith("/")) continue;
    for (const m of readFileSync(file, "utf8").matchAll(/^\/\/ ((?:src|repl|node_modules)\/\S+)$/gm)) sources.add(m[1] as string);
  }
  return sources;
}
