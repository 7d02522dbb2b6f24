import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "ini";
import { ConfigurationError } from "../../errors/configuration-error.js";

// node:os is not loaded at Node's start-up (~0.2 ms to load): read when a default home is needed,
// not when the package is imported.
const homedir = (): string => process.getBuiltinModule("node:os").homedir();

/** The keys of one `~/.databrickscfg` profile (snake_case, as written: `host`, `auth_type`, `client_id` …). */
export type ProfileValues = Readonly<Record<string, string>>;

/** The parsed config file: profile name → values. */
export type ConfigFile = Readonly<Record<string, ProfileValues>>;

/**
 * Where the config file is: `DATABRICKS_CONFIG_FILE` (with `~` expanded), else `~/.databrickscfg`.
 *
 * @example
 * configFilePath({ DATABRICKS_CONFIG_FILE: "/tmp/cfg" }); // "/tmp/cfg"
 */
export function configFilePath(env: Readonly<Record<string, string | undefined>>, home: string = homedir()): string {
  const fromEnv = env.DATABRICKS_CONFIG_FILE;
  if (fromEnv !== undefined && fromEnv.length > 0) return expandHome(fromEnv, home);
  return join(home, ".databrickscfg");
}

/**
 * `~/x` → `<home>/x`; anything else unchanged.
 *
 * @example
 * expandHome("~/.databrickscfg", "/home/me"); // "/home/me/.databrickscfg"
 */
export function expandHome(path: string, home: string = homedir()): string {
  return path === "~" ? home : path.startsWith("~/") ? join(home, path.slice(2)) : path;
}

// A section header, a `key = value` (or `key: value`) pair, a comment or a blank line: anything
// else means this is not an INI file (a pasted token, a JSON file, a binary), which the `ini`
// package would silently read as keys of nothing.
const LINE = /^\s*(?:$|[;#]|\[[^\]]+\]\s*(?:[;#].*)?$|[A-Za-z0-9_.-]+\s*[=:])/;

/**
 * Reads an INI config file (with the `ini` package) into profiles; `undefined` when it is missing.
 * Each `[section]` is a profile; a profile does not inherit `[DEFAULT]`'s keys (as the CLI and
 * MLflow). A file that is not INI is a `ConfigurationError` naming the file and the first bad line
 * number (never the line, which may be a pasted credential).
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
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new ConfigurationError(`Cannot read the Databricks config file ${path} (${reason}). Fix its permissions, or point DATABRICKS_CONFIG_FILE at another file.`, [`config file ${path}: unreadable (${reason})`], { cause: e });
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const bad = lines.findIndex((line) => !LINE.test(line));
  if (bad >= 0 || text.includes("\u0000")) {
    const where = bad >= 0 ? `line ${bad + 1}` : "a NUL byte";
    throw new ConfigurationError(
      `The Databricks config file ${path} is not an INI file (${where} is neither a [profile] header nor a key = value pair). Fix or remove it (\`databricks configure\` or \`deployments auth login\` writes a valid one), or point DATABRICKS_CONFIG_FILE at another file.`,
      [`config file ${path}: unparsable at ${where}`],
    );
  }
  const parsed = parse(text) as Record<string, unknown>;
  const out: Record<string, ProfileValues> = {};
  for (const [name, section] of Object.entries(parsed)) {
    if (section === null || typeof section !== "object") continue;
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(section as Record<string, unknown>)) {
      if (typeof v === "string" && v.trim().length > 0) values[k] = v.trim();
      else if (typeof v === "boolean") values[k] = String(v);
    }
    out[name] = values;
  }
  return out;
}
