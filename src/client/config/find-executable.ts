import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";

/**
 * The first executable `name` on the environment's `PATH` (or `name` itself when it is a path),
 * `undefined` when there is none. Synchronous and cheap: a stat per `PATH` entry.
 *
 * @example
 * findExecutable("databricks", process.env); // "/usr/local/bin/databricks" or undefined
 */
export function findExecutable(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const candidates = name.includes("/") || isAbsolute(name) ? [name] : (env.PATH ?? "").split(delimiter).filter((d) => d !== "").map((dir) => join(dir, name));
  const exts = process.platform === "win32" ? ["", ".exe", ".cmd", ".bat"] : [""];
  for (const candidate of candidates) {
    for (const ext of exts) {
      const path = candidate + ext;
      try {
        if (!statSync(path).isFile()) continue;
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // Not there, or not executable: try the next one.
      }
    }
  }
  return undefined;
}
