// What importing the package costs is mostly parsing what it loads (zod's and ours): the parts a
// program may never use are loaded at their first use instead. This walks the built main entry's
// static imports and checks those parts are not among them — and that what is needed is.
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { bundledSources, staticClosure } from "../helpers/static-imports.js";

const dist = new URL("../../dist/esm/", import.meta.url).pathname;
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

test.run();
