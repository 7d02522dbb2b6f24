// What importing the package costs is mostly parsing what it loads (zod's and ours) and building
// zod schemas: the parts a program may never use are loaded at their first use instead, and every
// schema is built at its first use. This walks the built main entry's static imports and checks
// those parts are not among them (and that what is needed is), and counts the schemas built.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundledSources, staticClosure } from "../helpers/static-imports.js";

const dist = new URL("../../dist/esm/", import.meta.url).pathname;
const builtFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? builtFiles(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : []));
const loaded = bundledSources(staticClosure(join(dist, "src/index.js")));

test("the walker finds what the main entry needs at import (a check over nothing proves nothing)", () => {
  for (const needed of ["src/client/client.ts", "src/builder/endpoint-builder.ts", "src/conversation/conversation.ts", "src/client/config/resolve-credentials.ts", "src/client/request/pipeline.ts"]) {
    assert.ok(loaded.has(needed), `${needed} is not in the main entry's static imports (build first?)`);
  }
});

test("transports, batches and token exchanges are loaded at first use, not at import", () => {
  for (const lazy of [
    "src/client/request/node-transport.ts", "src/client/request/proxy.ts", "src/client/request/fetch-transport.ts",
    "src/client/batch/predict-batch.ts",
    "src/client/config/oauth-m2m.ts", "src/client/config/oidc.ts", "src/client/config/workload-identity.ts", "src/client/config/databricks-cli.ts", "src/client/config/external-browser.ts", "src/client/config/azure-cli.ts",
  ]) assert.not.ok(loaded.has(lazy), `${lazy} is loaded when the package is imported`);
});

// Node's ESM loader costs ~0.4 ms per file: the main entry's static imports are merged
// (scripts/merge-entry-chunks.mjs) into one chunk, plus one it shares with the start-ups that load
// no zod (the REPL's command line, the notebook entry).
test("the main entry is read as three files: the entry, its merged chunk and the shared base", () => {
  const files = [...staticClosure(join(dist, "src/index.js"))].filter((f) => f.startsWith("/")).map((f) => f.slice(dist.length)).sort();
  assert.equal(files, ["chunks/entry-base.js", "chunks/main-entry.js", "src/index.js"]);
});

test("each source module is bundled into one built file only (one class per error across entries and lazy parts)", () => {
  const where = new Map<string, string[]>();
  for (const file of builtFiles(dist)) {
    for (const source of bundledSources(new Set([file]))) where.set(source, [...(where.get(source) ?? []), file.slice(dist.length)]);
  }
  assert.ok(where.has("src/client/request/node-transport.ts") && where.has("src/errors/deployments-error.ts"), "the walker sees the built files' sources");
  const twice = [...where].filter(([, files]) => files.length > 1);
  assert.equal(twice, [], "modules bundled into more than one file");
});

test("every relative import of every built file names a file that exists (the merge rewrote them all)", () => {
  const missing: string[] = [];
  let seen = 0;
  for (const file of builtFiles(dist)) {
    for (const m of readFileSync(file, "utf8").matchAll(/(?:^import\s+|^\}\s*from\s+|^import\s+[\w$*{}\s,]+\s+from\s+|\bimport\()"(\.{1,2}\/[^"]+\.js)"/gm)) {
      seen++;
      if (!existsSync(join(dirname(file), m[1] as string))) missing.push(`${file.slice(dist.length)} -> ${m[1]}`);
    }
  }
  assert.ok(seen > 50, `only ${seen} relative imports found`);
  assert.equal(missing, []);
});

// The node transport is its own chunk, loaded at the first request, which imports the merged chunks:
// it loads, and a refused connection (nothing listens on loopback port 1) is the exported ConnectionError.
const refusedRequest = `
const m = await import(process.argv[1]);
const client = new m.DatabricksDeploymentClient({ host: "http://127.0.0.1:1", token: "t", maxRetries: 0 });
const error = await client.getEndpoint("x").then(() => undefined, (e) => e);
console.log(JSON.stringify({ name: error?.constructor?.name, connection: error instanceof m.ConnectionError, base: error instanceof m.DeploymentsError }));
`;

test("a lazily loaded part (the node transport) loads after the merge, and its failure is the entry's ConnectionError", () => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", refusedRequest, pathToFileURL(join(dist, "src/index.js")).href], { cwd: join(dist, "../.."), encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), { name: "ConnectionError", connection: true, base: true });
});

// Every zod schema is made through zod's $constructor, which reads \`inst._zod\` before defining it
// on the instance: a getter on Object.prototype sees each construction (and nothing else of ours).
const countSchemasBuilt = `
import { z } from "zod";
let built = 0;
Object.defineProperty(Object.prototype, "_zod", { configurable: true, get() { built++; return undefined; }, set(v) { Object.defineProperty(this, "_zod", { value: v, writable: true, configurable: true }); } });
await import(process.argv[1]);
const atImport = built;
z.string();
console.log(JSON.stringify({ atImport, probeSeesOne: built > atImport }));
`;

test("importing the package builds no zod schema (each is built at its first use)", () => {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", countSchemasBuilt, pathToFileURL(join(dist, "src/index.js")).href], { cwd: join(dist, "../.."), encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  const { atImport, probeSeesOne } = JSON.parse(r.stdout) as { atImport: number; probeSeesOne: boolean };
  assert.ok(probeSeesOne, "the probe does not see a schema being built");
  assert.is(atImport, 0, `${atImport} zod schema constructions at import`);
});

test.run();
