import type { CommandContext } from "../commands/types.js";
import { findCommand } from "../commands/index.js";

/**
 * Tab completion of the input: command names after `/`, endpoint names after `/use `, or a command's own
 * completer. Returns the completed input and, when ambiguous, the candidates.
 */
export async function completeInput(ctx: CommandContext, input: string): Promise<{ input: string; candidates: readonly string[] }> {
  const command = /^\/(\S*)$/.exec(input);
  if (command) {
    const prefix = command[1] ?? "";
    const names = ctx.commands.map((c) => c.name).filter((n) => n.startsWith(prefix));
    return completion(names, prefix, (n) => `/${n} `, (p) => `/${p}`, input);
  }
  const withArgs = /^\/(\S+)\s+(\S*)$/.exec(input);
  if (withArgs) {
    const found = findCommand(ctx.commands, withArgs[1] ?? "");
    if (found?.complete) {
      const prefix = withArgs[2] ?? "";
      const options = (await found.complete(ctx, prefix)).filter((o) => o.startsWith(prefix));
      return completion(options, prefix, (o) => `/${withArgs[1]} ${o}`, (p) => `/${withArgs[1]} ${p}`, input);
    }
  }
  return { input, candidates: [] };
}

function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return "";
  let prefix = values[0] as string;
  for (const v of values) while (!v.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function completion(
  options: readonly string[], prefix: string, whole: (o: string) => string, partial: (p: string) => string, input: string,
): { input: string; candidates: readonly string[] } {
  if (options.length === 0) return { input, candidates: [] };
  if (options.length === 1) return { input: whole(options[0] as string), candidates: [] };
  const common = commonPrefix(options);
  return { input: common.length > prefix.length ? partial(common) : input, candidates: options };
}
