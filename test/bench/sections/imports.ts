/**
 * Section 3: import time of each entry point, every sample a fresh process, interleaved.
 * Two figures: the import alone (timed inside the process, start-up excluded) against zod
 * alone, and the whole process (spawn to exit) against `node -e ''`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { interleave, median, ratio } from "../lib/stats.js";
import { judge, type Row } from "../lib/report.js";
import { size, type Context } from "../lib/context.js";

interface Probe { name: string; specifier?: string; script?: string[] }

function importMs(root: string, specifier: string): { importMs: number; processMs: number } {
  const code = `const t=performance.now();await import(${JSON.stringify(specifier)});process.stdout.write(String(performance.now()-t));`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
  const processMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`import ${specifier} failed: ${r.stderr.slice(0, 400)}`);
  return { importMs: Number(r.stdout), processMs };
}

function processMs(root: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr.slice(0, 400)}`);
  return ms;
}

/** Section 3. */
export async function importTime(ctx: Context): Promise<Row[]> {
  const dist = (p: string) => pathToFileURL(join(ctx.dist, p)).href;
  const probes: Probe[] = [
    { name: "zod alone", specifier: "zod" },
    { name: "main (databricks-deployments)", specifier: dist("src/index.js") },
    { name: "emulator entry", specifier: dist("src/emulator/index.js") },
    { name: "notebook entry", specifier: dist("src/notebook/index.js") },
    { name: "openai 6.x (peer)", specifier: "openai" },
  ];
  const cli = join(ctx.dist, "repl/cli.js");
  const names = probes.map((p) => p.name);
  const imp: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const proc: Record<string, number[]> = Object.fromEntries([...names, "node -e ''", "REPL cli --help"].map((n) => [n, []]));
  const all = [...names, "node -e ''", ...(existsSync(cli) ? ["REPL cli --help"] : [])];
  await interleave(all, size(ctx, 5, 15), async (name) => {
    if (name === "node -e ''") proc[name]!.push(processMs(ctx.root, ["-e", ""]));
    else if (name === "REPL cli --help") proc[name]!.push(processMs(ctx.root, [cli, "--help"]));
    else {
      const r = importMs(ctx.root, probes.find((p) => p.name === name)!.specifier!);
      imp[name]!.push(r.importMs);
      proc[name]!.push(r.processMs);
    }
    return 0;
  });
  const zod = median(imp["zod alone"]!);
  const empty = median(proc["node -e ''"]!);
  const rows: Row[] = [{ section: "import", figure: "node -e '' (process)", value: empty, unit: "ms", vs: "", ratio: 1 }];
  for (const name of names) {
    const v = median(imp[name]!);
    const row: Row = { section: "import", figure: `${name}: import alone`, value: v, unit: "ms", vs: "zod alone", ratio: ratio(v, zod) };
    rows.push(name.startsWith("main") ? judge({ ...row, budget: { on: "ratio", op: "<=", limit: 1.2 } }) : row);
  }
  for (const name of [...names.filter((n) => n !== "zod alone"), ...(existsSync(cli) ? ["REPL cli --help"] : [])]) {
    const v = median(proc[name]!);
    rows.push({ section: "import", figure: `${name}: whole process`, value: v, unit: "ms", vs: "node -e ''", ratio: ratio(v, empty) });
  }
  ctx.log(`import: ${rows.map((r) => `${r.figure} ${r.value.toFixed(0)} ms`).join(", ")}`);
  return rows;
}
