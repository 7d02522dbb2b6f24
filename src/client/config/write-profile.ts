import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Sets keys of one profile in a `.databrickscfg`, keeping every other line (comments, other
 * profiles, other keys) as it was; `remove` drops keys (a stale `token` when switching to a
 * browser login). Written atomically (temporary file + rename) with mode 0600.
 *
 * @example
 * updateProfile("/home/me/.databrickscfg", "DEFAULT", { host: "https://x.cloud.databricks.com", auth_type: "external-browser" });
 */
export function updateProfile(path: string, section: string, set: Readonly<Record<string, string>>, remove: readonly string[] = []): void {
  const lines = existsSync(path) ? readFileSync(path, "utf8").replace(/\r\n/g, "\n").split("\n") : [];
  const header = (line: string): string | undefined => /^\s*\[([^\]]+)\]\s*(?:[;#].*)?$/.exec(line)?.[1]?.trim();
  let start = lines.findIndex((l) => header(l) === section);
  if (start < 0) {
    while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
    if (lines.length > 0) lines.push("");
    lines.push(`[${section}]`);
    start = lines.length - 1;
  }
  let end = lines.findIndex((l, i) => i > start && header(l) !== undefined);
  if (end < 0) end = lines.length;
  const pending = new Map(Object.entries(set));
  const body: string[] = [];
  for (const line of lines.slice(start + 1, end)) {
    const key = /^\s*([A-Za-z0-9_.-]+)\s*[=:]/.exec(line)?.[1];
    if (key !== undefined && remove.includes(key)) continue;
    if (key !== undefined && pending.has(key)) {
      body.push(`${key} = ${pending.get(key)}`);
      pending.delete(key);
    } else body.push(line);
  }
  while (body.length > 0 && body[body.length - 1]!.trim() === "") body.pop();
  for (const [k, v] of pending) body.push(`${k} = ${v}`);
  const after = lines.slice(end);
  const out = [...lines.slice(0, start + 1), ...body, ...(after.length > 0 ? ["", ...after] : [])].join("\n").replace(/\n*$/, "\n");
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const mode = existsSync(path) ? statSync(path).mode & 0o777 & ~0o077 : 0o600;
  const tmp = join(dir, `.${randomBytes(6).toString("hex")}.databrickscfg.tmp`);
  try {
    writeFileSync(tmp, out, { mode: mode === 0 ? 0o600 : mode, flag: "wx" });
    chmodSync(tmp, mode === 0 ? 0o600 : mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
