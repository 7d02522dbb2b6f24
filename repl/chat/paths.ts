import { homedir } from "node:os";
import { join } from "node:path";

/** Environment variable that moves all REPL data (history, transcripts) elsewhere; tests point it at a temp dir. */
export const DATA_DIR_ENV = "DATABRICKS_DEPLOYMENTS_DATA_DIR";

/**
 * Where the REPL keeps its data: `$DATABRICKS_DEPLOYMENTS_DATA_DIR`, else
 * `$XDG_DATA_HOME/databricks-deployments`, else `~/.local/share/databricks-deployments`.
 *
 * @example
 * dataDir({ XDG_DATA_HOME: "/x" }); // "/x/databricks-deployments"
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[DATA_DIR_ENV];
  if (override) return override;
  const xdg = env.XDG_DATA_HOME;
  if (xdg && xdg.startsWith("/")) return join(xdg, "databricks-deployments");
  return join(env.HOME || homedir(), ".local", "share", "databricks-deployments");
}

/** The input-history file (one JSON string per line, newest last). */
export function historyFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), "history.jsonl");
}

/** The folder of per-session transcripts. */
export function transcriptsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), "transcripts");
}
