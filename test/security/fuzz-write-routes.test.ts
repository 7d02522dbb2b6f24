/**
 * Property-based (seeded) fuzzing of the write routes with hostile names: random sequences of
 * endpoint creates, config updates, tag patches, deletes, scope and secret writes, with names
 * like `constructor`, `__proto__` and `toString`. After every sequence: no reply was a 5xx, the
 * state on disk (what a kill -9 would leave) matches a model of the acknowledged changes, and an
 * emulator restarted from it loads it and matches too. Seed: FUZZ_SEED (default fixed), runs:
 * FUZZ_RUNS.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { readStoredState } from "../../src/emulator/store/store.js";
import { HOSTILE_NAMES, send } from "./helpers.js";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_261_202);
const RUNS = Number(process.env["FUZZ_RUNS"] ?? 25);
const TOKEN = "dapi-fuzz-0123456789";

const name = fc.oneof(fc.constantFrom(...HOSTILE_NAMES, "a", "b-1", "x_y"), fc.string({ minLength: 0, maxLength: 12 }));
const entityName = fc.oneof(fc.constantFrom(...HOSTILE_NAMES, "e"), fc.string({ minLength: 1, maxLength: 8 }));
const op = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), name, entity: entityName }),
  fc.record({ kind: fc.constant("update" as const), name, entity: entityName }),
  fc.record({ kind: fc.constant("tags" as const), name, add: fc.array(name, { maxLength: 4 }), del: fc.array(name, { maxLength: 2 }) }),
  fc.record({ kind: fc.constant("delete" as const), name }),
  fc.record({ kind: fc.constant("scope" as const), name }),
  fc.record({ kind: fc.constant("put" as const), scope: name, key: name }),
  fc.record({ kind: fc.constant("unput" as const), scope: name, key: name }),
  fc.record({ kind: fc.constant("unscope" as const), name }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** What the acknowledged changes should have left. */
interface Model {
  endpoints: Map<string, { tags: Set<string> }>;
  scopes: Map<string, Set<string>>;
}

const counts = { runs: 0, requests: 0, byStatus: new Map<number, number>(), restarts: 0 };
const dir = mkdtempSync(join(tmpdir(), "dd-sec-fuzz-"));

const entity = (n: string) => ({ name: n, external_model: { name: "gpt-4o", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key_plaintext: "sk-fuzz-plaintext-1" } } });

async function apply(emu: Emulator, model: Model, o: Op): Promise<void> {
  const path = (n: string) => `/api/2.0/serving-endpoints/${encodeURIComponent(n)}`;
  let r;
  switch (o.kind) {
    case "create":
      r = await send(emu.url, TOKEN, "POST", "/api/2.0/serving-endpoints", { name: o.name, config: { served_entities: [entity(o.entity)] } });
      if (r.status === 200) model.endpoints.set(o.name, { tags: new Set() });
      break;
    case "update":
      r = await send(emu.url, TOKEN, "PUT", `${path(o.name)}/config`, { served_entities: [entity(o.entity)] });
      break;
    case "tags":
      r = await send(emu.url, TOKEN, "PATCH", `${path(o.name)}/tags`, { add_tags: o.add.map((key) => ({ key, value: key })), delete_tags: o.del });
      if (r.status === 200) {
        const tags = model.endpoints.get(o.name)!.tags;
        for (const k of o.add) tags.add(k);
        for (const k of o.del) tags.delete(k);
      }
      break;
    case "delete":
      r = await send(emu.url, TOKEN, "DELETE", path(o.name));
      if (r.status === 200) model.endpoints.delete(o.name);
      break;
    case "scope":
      r = await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/scopes/create", { scope: o.name });
      if (r.status === 200) model.scopes.set(o.name, new Set());
      break;
    case "unscope":
      r = await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/scopes/delete", { scope: o.name });
      if (r.status === 200) model.scopes.delete(o.name);
      break;
    case "put":
      r = await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/put", { scope: o.scope, key: o.key, string_value: `v-${o.key}` });
      if (r.status === 200) model.scopes.get(o.scope)!.add(o.key);
      break;
    case "unput":
      r = await send(emu.url, TOKEN, "POST", "/api/2.0/secrets/delete", { scope: o.scope, key: o.key });
      if (r.status === 200) model.scopes.get(o.scope)!.delete(o.key);
      break;
  }
  counts.requests++;
  counts.byStatus.set(r.status, (counts.byStatus.get(r.status) ?? 0) + 1);
  assert.ok(r.status < 500, `${JSON.stringify(o)} → ${r.status} ${r.text.slice(0, 300)}`);
}

function sorted(values: Iterable<string>): string[] {
  return [...values].sort();
}

/** The state seen through the REST API matches the model. */
async function expectModel(emu: Emulator, model: Model, when: string): Promise<void> {
  const listed = await send(emu.url, TOKEN, "GET", "/api/2.0/serving-endpoints");
  assert.is(listed.status, 200, `${when}: list ${listed.text.slice(0, 200)}`);
  assert.equal(sorted((listed.body.endpoints ?? []).map((e: { name: string }) => e.name)), sorted(model.endpoints.keys()), `${when}: endpoints`);
  for (const [n, { tags }] of model.endpoints) {
    const got = await send(emu.url, TOKEN, "GET", `/api/2.0/serving-endpoints/${encodeURIComponent(n)}`);
    assert.equal(sorted((got.body.tags ?? []).map((t: { key: string }) => t.key)), sorted(tags), `${when}: tags of ${n}`);
  }
  const scopes = await send(emu.url, TOKEN, "GET", "/api/2.0/secrets/scopes/list");
  assert.equal(sorted((scopes.body.scopes ?? []).map((s: { name: string }) => s.name)), sorted(model.scopes.keys()), `${when}: scopes`);
  for (const [scope, keys] of model.scopes) {
    const got = await send(emu.url, TOKEN, "GET", `/api/2.0/secrets/list?scope=${encodeURIComponent(scope)}`);
    assert.equal(sorted((got.body.secrets ?? []).map((s: { key: string }) => s.key)), sorted(keys), `${when}: keys of ${scope}`);
  }
}

const test = suite("security: fuzzing the write routes with hostile names");
test.after(() => rmSync(dir, { recursive: true, force: true }));

test(`${RUNS} seeded sequences (seed ${SEED}): no 5xx; the saved state loads and holds every acknowledged change`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
      counts.runs++;
      const statePath = join(dir, `run-${counts.runs}.json`);
      const model: Model = { endpoints: new Map(), scopes: new Map() };
      // Scopes and endpoints the later operations can hit.
      const prelude: Op[] = [
        { kind: "scope", name: "constructor" },
        { kind: "scope", name: "__proto__" },
        { kind: "create", name: "constructor", entity: "constructor" },
        { kind: "create", name: "toString", entity: "__proto__" },
      ];
      let emu = await startEmulator({ statePath, token: TOKEN, deployDelayMs: "next-read" });
      try {
        for (const o of [...prelude, ...ops]) await apply(emu, model, o);
        // What a kill -9 now would leave on disk: the state file and its journal.
        const onDisk = readStoredState(statePath);
        assert.equal(sorted((onDisk?.state.endpoints ?? []).map((e) => e.name)), sorted(model.endpoints.keys()), "on disk before close: endpoints");
        assert.equal(sorted((onDisk?.state.scopes ?? []).map((s) => s.name)), sorted(model.scopes.keys()), "on disk before close: scopes");
        await expectModel(emu, model, "live");
      } finally {
        await emu.close();
      }
      emu = await startEmulator({ statePath, token: TOKEN, deployDelayMs: "next-read" });
      counts.restarts++;
      try {
        await expectModel(emu, model, "after restart");
      } finally {
        await emu.close();
      }
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  const statuses = [...counts.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(", ");
  console.log(`security/fuzz-write-routes: seed ${SEED}, ${counts.runs} runs, ${counts.requests} write requests (${statuses}), ${counts.restarts} restarts from the saved state`);
});

test.run();
