// `deployments emulator --admin NAME`: the named --user manages everything; a name that is not a
// --user, or --admin without --user, is an error at start (never a silently powerless flag).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { eventually } from "../helpers/eventually.js";

const test = suite("deployments emulator --admin");
const root = join(import.meta.dirname, "..", "..");

function run(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | string | null> } {
  const child = spawn(process.execPath, [join(root, "dist", "esm", "repl", "cli.js"), "emulator", "--port", "0", "--quiet", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  // A death by signal reads as its name, so a failure says which.
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return { child, output: () => out, exited };
}

const USERS = ["--user", "alice@example.com:dapi-cli-alice", "--user", "bob@example.com:dapi-cli-bob"];

test("bob, made admin, manages alice's seeded endpoint; without --admin he may only query it", async () => {
  for (const admin of [true, false]) {
    const { child, output, exited } = run([...USERS, ...(admin ? ["--admin", "bob@example.com"] : [])]);
    try {
      // The banner's last line, not its first: the pipe may hand over the banner a line at a time,
      // and asserting on "Admins:" after seeing only the URL failed under load.
      await eventually(() => output().includes("Press Ctrl+C to stop."), { timeoutMs: 20_000, message: () => output() });
      const [, url] = output().match(/DATABRICKS_HOST=(http:\/\/127\.0\.0\.1:\d+)/)!;
      if (admin) assert.match(output(), "Admins: bob@example.com");
      const headers = { authorization: "Bearer dapi-cli-bob", "content-type": "application/json" };
      const tags = await fetch(`${url}/api/2.0/serving-endpoints/chat/tags`, { method: "PATCH", headers, body: JSON.stringify({ add_tags: [{ key: "by", value: "bob" }] }) });
      assert.is(tags.status, admin ? 200 : 403, `admin=${admin}`);
      const query = await fetch(`${url}/serving-endpoints/chat/invocations`, { method: "POST", headers, body: JSON.stringify({ messages: [{ role: "user", content: "hi" }] }) });
      assert.is(query.status, 200, "the seed lets every user query chat");
    } finally {
      child.kill("SIGTERM");
      assert.is(await exited, 0);
    }
  }
});

test("--admin naming nobody, or without --user: exit 1 with a message", async () => {
  const unknown = run([...USERS, "--admin", "carol@example.com"]);
  assert.is(await unknown.exited, 1);
  assert.match(unknown.output(), "--admin carol@example.com: no user has that name");
  const alone = run(["--admin", "alice@example.com"]);
  assert.is(await alone.exited, 1);
  assert.match(alone.output(), "already an admin");
});

test.run();
