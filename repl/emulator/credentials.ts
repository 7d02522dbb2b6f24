import { readFileSync } from "node:fs";
import type { EmulatorUser } from "../../src/emulator/index.js";

/** The environment variable the emulator takes its default user's token from. */
export const TOKEN_ENV = "DATABRICKS_DEPLOYMENTS_EMULATOR_TOKEN";

/** A user as the users file gives it (`admin` makes the user a workspace admin). */
export type UsersFileEntry = EmulatorUser & { readonly admin?: boolean };

/**
 * Reads a token from a file (its first line, surrounding whitespace dropped), so it need not be
 * on the command line, where every local user can read it in `/proc/<pid>/cmdline`.
 *
 * @example
 * const token = readTokenFile("/run/secrets/emulator-token");
 */
export function readTokenFile(path: string): string {
  const token = (readText(path, "--token-file").split(/\r?\n/)[0] ?? "").trim();
  if (token === "") throw new Error(`--token-file ${path} is empty: put the token on its first line.`);
  return token;
}

/**
 * Reads the users file: a JSON array of `{ "name", "token", "admin"?, "groups"?, "servicePrincipal"? }`.
 * Errors name the entry and field, never a token.
 *
 * @example
 * // users.json: [{ "name": "alice@example.com", "token": "dapi-alice", "admin": true }, { "name": "bob@example.com", "token": "dapi-bob", "groups": ["ml"] }]
 * const users = readUsersFile("users.json");
 */
export function readUsersFile(path: string): UsersFileEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(readText(path, "--users-file"));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // Not the parser's message: it quotes the text around the error, which may be a token.
    throw new Error(`--users-file ${path} is not valid JSON.`);
  }
  if (!Array.isArray(value) || value.length === 0) throw new Error(`--users-file ${path} must hold a non-empty JSON array of {"name", "token", "admin"?, "groups"?, "servicePrincipal"?}.`);
  const known = new Set(["name", "token", "admin", "groups", "servicePrincipal"]);
  return value.map((raw: unknown, i): UsersFileEntry => {
    const where = `--users-file ${path}: entry ${i}`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error(`${where} must be an object.`);
    const entry = raw as Record<string, unknown>;
    const unknown = Object.keys(entry).filter((k) => !known.has(k));
    if (unknown.length > 0) throw new Error(`${where} has unknown field(s) ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(", ")} (known: ${[...known].join(", ")}).`);
    if (typeof entry["name"] !== "string" || entry["name"] === "") throw new Error(`${where}: "name" must be a non-empty string.`);
    if (typeof entry["token"] !== "string" || entry["token"] === "") throw new Error(`${where} (${entry["name"]}): "token" must be a non-empty string.`);
    for (const flag of ["admin", "servicePrincipal"] as const) {
      if (entry[flag] !== undefined && typeof entry[flag] !== "boolean") throw new Error(`${where} (${entry["name"]}): "${flag}" must be true or false.`);
    }
    const groups = entry["groups"];
    if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === "string"))) throw new Error(`${where} (${entry["name"]}): "groups" must be a list of strings.`);
    return {
      name: entry["name"],
      token: entry["token"],
      ...(entry["admin"] !== undefined ? { admin: entry["admin"] as boolean } : {}),
      ...(groups !== undefined ? { groups: groups as string[] } : {}),
      ...(entry["servicePrincipal"] !== undefined ? { servicePrincipal: entry["servicePrincipal"] as boolean } : {}),
    };
  });
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${flag} ${path} cannot be read (${(error as { code?: string }).code ?? (error as Error).message}).`);
  }
}
