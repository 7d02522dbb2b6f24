// @heavy: kill -9 of an emulator child during writes — never beside the Ink suites
/**
 * kill -9 during writes, restart from the same state file: every acknowledged change is present,
 * the state file is never left unreadable, and neither the child's output nor any response
 * carries a planted secret.
 */
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { eventually } from "../helpers/eventually.js";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DatabricksDeploymentClient } from "../../src/index.js";
import { SECRETS, Transcript, plantedEndpoint } from "./abuse-helpers.js";

const childFile = fileURLToPath(new URL("./emulator-child.ts", import.meta.url));
const transcript = new Transcript();
const counts = { cycles: 0, acknowledged: 0, requests: 0, lost: 0 };

async function startChild(statePath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", childFile, statePath, SECRETS.token], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => { err += d; transcript.add(d.toString()); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`emulator child did not start: ${err}`)), 20_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d;
      transcript.add(d.toString());
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) { clearTimeout(timer); resolve((JSON.parse(line) as { url: string }).url); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`emulator child exited ${code}: ${err}`)); });
  });
  return { child, url };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => { child.once("exit", () => resolve()); child.kill("SIGKILL"); });
}

const test = suite("emulator: kill -9 during writes");
const dir = mkdtempSync(join(tmpdir(), "dd-crash-"));
const statePath = join(dir, "state.json");
const acked = { endpoints: new Set<string>(), secrets: new Set<string>(), tags: new Set<string>() };

test.after(() => rmSync(dir, { recursive: true, force: true }));

for (let cycle = 0; cycle < 3; cycle++) {
  test(`cycle ${cycle + 1}: writes acknowledged before the kill survive the restart`, async () => {
    counts.cycles++;
    const { child, url } = await startChild(statePath);
    const client = new DatabricksDeploymentClient({ host: url, token: SECRETS.token, maxRetries: 0, timeoutMs: 5_000 });
    if (cycle === 0) await client.createSecretScope({ scope: "crash" });
    let stop = false;
    let i = 0;
    let ackedThisCycle = 0;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      while (!stop) {
        const n = i++;
        const kind = n % 3;
        counts.requests++;
        try {
          if (kind === 0) {
            const name = `crash-${cycle}-${n}`;
            await client.createEndpoint(plantedEndpoint(name));
            acked.endpoints.add(name);
          } else if (kind === 1) {
            const key = `k-${cycle}-${n}`;
            await client.putSecret({ scope: "crash", key, stringValue: SECRETS.secretValue });
            acked.secrets.add(key);
          } else {
            const tag = `t-${cycle}-${n}`;
            await client.updateEndpointTags({ endpoint: "chat", config: { add_tags: [{ key: tag, value: String(w) }] } });
            acked.tags.add(tag);
          }
          ackedThisCycle++;
        } catch (error) {
          void error; // after the kill: not acknowledged, so nothing is claimed about it
          if (!stop) await new Promise((r) => setTimeout(r, 5));
        }
      }
    });
    // kill at a moment that varies per cycle, while writes are in flight
    const target = 40 + cycle * 37;
    try {
      await eventually(() => ackedThisCycle >= target, { timeoutMs: 15_000, intervalMs: 2, message: () => `only ${ackedThisCycle} of ${target} writes acknowledged before the kill` });
    } finally {
      await kill9(child);
      stop = true;
      await Promise.all(writers);
    }
    counts.acknowledged += ackedThisCycle;

    const restarted = await startChild(statePath);
    try {
      const c = new DatabricksDeploymentClient({ host: restarted.url, token: SECRETS.token, maxRetries: 0 });
      const names = new Set((await c.listEndpoints()).map((e) => e.name));
      const keys = new Set((await c.listSecrets({ scope: "crash" })).map((s) => s.key));
      const chat = await c.getEndpoint({ endpoint: "chat" });
      const tags = new Set((chat.tags ?? []).map((t) => t.key));
      transcript.add(JSON.stringify([...names]) + JSON.stringify(chat));
      const lost = [...acked.endpoints].filter((n) => !names.has(n)).concat([...acked.secrets].filter((k) => !keys.has(k)), [...acked.tags].filter((t) => !tags.has(t)));
      counts.lost += lost.length;
      assert.equal(lost.slice(0, 10), [], `${lost.length} acknowledged changes lost`);
      for (const n of [...acked.endpoints].slice(0, 5)) transcript.add(JSON.stringify(await c.getEndpoint({ endpoint: n })));
    } finally {
      await kill9(restarted.child);
    }
  });
}

test("no planted secret in the child's output or the restored responses", () => {
  assert.equal(transcript.scan(), []);
  console.log(`reliability/emulator-crash: ${counts.cycles} kill -9 cycles, ${counts.requests} write requests, ${counts.acknowledged} acknowledged (${acked.endpoints.size} creates, ${acked.secrets.size} secrets, ${acked.tags.size} tags), ${counts.lost} lost`);
});

test.run();
