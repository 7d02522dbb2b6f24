/**
 * Section 5: the REPL in a real terminal (tmux 100×30) against the emulator in another process:
 * time from launch to the input prompt, then a 5,000-token reply paced at 200 tokens/s (the
 * emulator's `extra_params.simulated_tokens` / `simulated_delay_ms`, set with `/set extra.…`),
 * sampling the REPL process's CPU from /proc/<pid>/stat and the bytes it writes to the terminal
 * (tmux pipe-pane).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "../lib/proc.js";
import { median } from "../lib/stats.js";
import { judge, type Row } from "../lib/report.js";
import { size, type Context } from "../lib/context.js";

const emulatorFile = new URL("../workers/emulator-worker.ts", import.meta.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

function tmux(...args: string[]): string {
  return execFileSync("tmux", args, { encoding: "utf8" });
}

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // fields 14 and 15 of stat(5)
}

const fileSize = (path: string) => (existsSync(path) ? statSync(path).size : 0);

interface Run { startToPromptMs: number; cpuShare: number; bytesPerToken: number; streamSeconds: number }

async function oneRun(ctx: Context, url: string, token: string, tokens: number, run: number): Promise<Run> {
  const session = `dd-bench-repl-${process.pid}-${run}`;
  const dir = mkdtempSync(join(tmpdir(), "dd-bench-repl-"));
  const out = join(dir, "terminal.bytes");
  const cli = join(ctx.dist, "repl/cli.js");
  const env = `DATABRICKS_HOST=${url} DATABRICKS_TOKEN=${token} DATABRICKS_DEPLOYMENTS_DATA_DIR=${dir} NO_COLOR= FORCE_COLOR=1 TERM=xterm-256color`;
  try {
    const t0 = performance.now();
    // the shell stays after the REPL exits, so a crash shows on the screen instead of killing tmux
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", `env ${env} ${process.execPath} ${cli} chat -e bench --no-transcript; echo "[REPL exited $?]"; sleep 600`);
    tmux("pipe-pane", "-t", session, "-o", `cat >> ${out}`);
    let startToPromptMs = Number.NaN;
    while (performance.now() - t0 < 15_000) {
      const screen = tmux("capture-pane", "-p", "-t", session);
      if (screen.includes("›")) { startToPromptMs = performance.now() - t0; break; }
      await sleep(10);
    }
    if (!Number.isFinite(startToPromptMs)) throw new Error(`no prompt within 15 s:\n${tmux("capture-pane", "-p", "-t", session)}`);
    const shell = tmux("display", "-p", "-t", session, "#{pane_pid}").trim();
    const pid = Number(execFileSync("ps", ["-o", "pid=", "--ppid", shell], { encoding: "utf8" }).trim().split(/\s+/)[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw new Error("cannot find the REPL process");
    const type = async (line: string) => { tmux("send-keys", "-t", session, "-l", line); tmux("send-keys", "-t", session, "Enter"); await sleep(300); };
    await type(`/set extra.simulated_tokens ${tokens}`);
    await type("/set extra.simulated_delay_ms 5");
    await sleep(500);
    const bytes0 = fileSize(out);
    const cpu0 = cpuSeconds(pid);
    const s0 = performance.now();
    tmux("send-keys", "-t", session, "-l", "Tell me a story");
    tmux("send-keys", "-t", session, "Enter");
    // the reply is over when the terminal has been quiet for 1.5 s after at least 90 % of the pace
    const expected = (tokens * 5) / 1000;
    let last = { t: s0, cpu: cpu0, bytes: bytes0 };
    while (performance.now() - s0 < expected * 1000 * 3 + 10_000) {
      await sleep(100);
      const bytes = fileSize(out);
      if (bytes !== last.bytes) last = { t: performance.now(), cpu: cpuSeconds(pid), bytes };
      else if (performance.now() - last.t > 1_500 && (last.t - s0) / 1000 > expected * 0.9) break;
    }
    const streamSeconds = (last.t - s0) / 1000;
    const screen = tmux("capture-pane", "-p", "-t", session);
    if (!/tok\/s/.test(screen)) ctx.log(`REPL screen at the end has no tok/s line:\n${screen}`);
    return { startToPromptMs, cpuShare: (last.cpu - cpu0) / streamSeconds, bytesPerToken: (last.bytes - bytes0) / tokens, streamSeconds };
  } finally {
    try { tmux("kill-session", "-t", session); } catch (error) { void error; }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Section 5. */
export async function replTerminal(ctx: Context): Promise<Row[]> {
  const emu = await Worker.start(emulatorFile, []);
  try {
    const { url, token } = await emu.call<{ url: string; token: string }>("start", { streamDelayMs: 0 });
    const tokens = size(ctx, 1_000, 5_000);
    const runs: Run[] = [];
    for (let i = 0; i < size(ctx, 1, 3); i++) {
      const r = await oneRun(ctx, url, token, tokens, i);
      ctx.log(`REPL run ${i + 1}: prompt after ${r.startToPromptMs.toFixed(0)} ms, ${(r.cpuShare * 100).toFixed(1)} % CPU, ${r.bytesPerToken.toFixed(0)} B/token over ${r.streamSeconds.toFixed(1)} s`);
      runs.push(r);
    }
    const section = `REPL tmux 100×30, ${tokens.toLocaleString("en")} tokens at 200/s`;
    return [
      judge({ id: "repl-cpu", section, figure: "CPU share of the REPL process while streaming", value: median(runs.map((r) => r.cpuShare * 100)), unit: "% of a core", budget: { on: "value", op: "<=", limit: 8 } }),
      judge({ id: "repl-bytes-per-token", section, figure: "bytes written to the terminal per token", value: median(runs.map((r) => r.bytesPerToken)), unit: "B/token", budget: { on: "value", op: "<=", limit: 40 } }),
      judge({ id: "repl-launch", section, figure: "launch to input prompt", value: median(runs.map((r) => r.startToPromptMs)), unit: "ms", budget: { on: "value", op: "<=", limit: 350 } }),
    ];
  } finally {
    await emu.call("stop").catch((error: unknown) => void error);
    await emu.stop();
  }
}
