import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "ini";
import { ConfigurationError } from "../../errors/configuration-error.js";

/** The keys of one `~/.databrickscfg` profile this client understands (all optional). */
export interface ProfileValues {
  readonly host?: string;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
  readonly client_id?: string;
  readonly client_secret?: string;
}

/** The parsed config file: profile name → values; `undefined` when the file does not exist. */
export type ConfigFile = Readonly<Record<string, ProfileValues>>;

/**
 * Where the config file is: `DATABRICKS_CONFIG_FILE` (with `~` expanded), else `~/.databrickscfg`.
 *
 * @example
 * configFilePath({ DATABRICKS_CONFIG_FILE: "/tmp/cfg" }); // "/tmp/cfg"
 */
export function configFilePath(env: Readonly<Record<string, string | undefined>>, home: string = homedir()): string {
  const fromEnv = env.DATABRICKS_CONFIG_FILE;
  if (fromEnv !== undefined && fromEnv.length > 0) return fromEnv.startsWith("~/") ? join(home, fromEnv.slice(2)) : fromEnv;
  return join(home, ".databrickscfg");
}

/**
 * Reads an INI config file (with the `ini` package) into profiles; `undefined` when it is missing.
 * Each `[section]` is a profile; a profile does not inherit `[DEFAULT]`'s keys (as the CLI and MLflow).
 *
 * @example
 * const file = readConfigFile("/home/me/.databrickscfg");
 * file?.DEFAULT?.host;
 */
export function readConfigFile(path: string): ConfigFile | undefined {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigurationError(`Cannot read the Databricks config file ${path}: ${e instanceof Error ? e.message : String(e)}`, [path], { cause: e });
  }
  const parsed = parse(text) as Record<string, unknown>;
  const out: Record<string, ProfileValues> = {};
  for (const [name, section] of Object.entries(parsed)) {
    if (section === null || typeof section !== "object") continue;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(section as Record<string, unknown>)) {
      if (typeof v === "string" && v.trim().length > 0) values[k] = v.trim();
    }
    out[name] = values;
  }
  return out;
}
