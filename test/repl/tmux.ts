// A tmux driver for REPL tests: the built CLI in a detached session on its own socket, read with
// capture-pane. Every wait polls for its condition (never a fixed sleep before an assertion).
import { execFileSync, spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eventually } from "../helpers/eventually.js";
import { tempDir } from "../helpers/temp-dir.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const cli = join(root, "dist/esm/repl/cli.js");
export const hasTmux = spawnSync("tmux", ["-V"]).status === 0;

export interface Tmux {
  readonly home: string;
  keys(...keys: string[]): void;
  /** The screen; `-J` joins wrapped lines, so leave it out to see rows as drawn. */
  screen(joined?: boolean): string;
  /** The scrollback and the screen, top to bottom. */
  history(): string;
  waitFor(test: (screen: string) => boolean, what: string, timeoutMs?: number, joined?: boolean): Promise<string>;
  resize(columns: number, rows: number): void;
  close(): void;
}

/** Starts `deployments chat ARGS` in a `columns`×`rows` tmux window, on the embedded emulator unless `env` says otherwise. */
export function startChat(name: string, args: readonly string[] = [], options: { columns?: number; rows?: number; env?: Record<string, string>; home?: string } = {}): Tmux {
  const socket = `dd-${name}-${process.pid}`;
  const home = options.home ?? tempDir(`dd-${name}-`);
  const tmux = (...a: string[]): string => execFileSync("tmux", ["-L", socket, ...a], { encoding: "utf8" });
  const script = join(home, "run.sh");
  const env = { HOME: home, DATABRICKS_DEPLOYMENTS_DATA_DIR: join(home, "data"), DATABRICKS_CONFIG_FILE: join(home, "none.cfg"), ...options.env };
  writeFileSync(script, [
    "#!/bin/sh",
    `cd ${JSON.stringify(root)}`,
    `env -u DATABRICKS_HOST -u DATABRICKS_TOKEN -u DATABRICKS_CONFIG_PROFILE ${Object.entries(env).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")} ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} chat ${args.map((a) => JSON.stringify(a)).join(" ")}`,
    `echo "__EXITED__ $?"`,
    "sleep 600",
  ].join("\n"));
  tmux("new-session", "-d", "-s", "chat", "-x", String(options.columns ?? 100), "-y", String(options.rows ?? 30), `sh ${script}`);
  const screen = (joined = true): string => tmux("capture-pane", "-p", ...(joined ? ["-J"] : []), "-t", "chat");
  return {
    home,
    keys: (...keys: string[]) => void tmux("send-keys", "-t", "chat", ...keys),
    screen,
    history: () => tmux("capture-pane", "-p", "-S", "-", "-t", "chat"),
    // The shared eventually(): its deadline scales with TEST_TIME_SCALE, as every wait's must on a loaded CI machine.
    async waitFor(test, what, timeoutMs = 20_000, joined = true) {
      let last = "";
      return eventually(() => ((last = screen(joined)), test(last) ? last : false), { timeoutMs, intervalMs: 50, message: () => `${what}; screen:\n${last}` });
    },
    resize: (columns, rows) => void tmux("resize-window", "-t", "chat", "-x", String(columns), "-y", String(rows)),
    close() {
      const path = spawnSync("tmux", ["-L", socket, "display-message", "-p", "#{socket_path}"], { encoding: "utf8" }).stdout.trim();
      spawnSync("tmux", ["-L", socket, "kill-server"]);
      if (path.includes(socket)) rmSync(path, { force: true });
    },
  };
}
