import type { SlashCommand } from "./types.js";

export const usageCommand: SlashCommand = {
  name: "usage",
  description: "Tokens, time to first token and speed, per turn and for the session",
  async run(ctx) {
    // The library is loaded behind the first frame (see ChatLibrary): by now it is, and this is cheap.
    const { turnTokens } = await import("../../src/index.js");
    const turns = ctx.conversation.turns;
    const t = ctx.conversation.totals();
    const lines = ["  #  STATUS     PROMPT  COMPLETION  TOTAL   TTFT ms  tok/s"];
    for (const turn of turns.slice(-20)) {
      const u = turn.usage;
      lines.push([
        String(turn.id).padStart(3), turn.status.padEnd(9), String(u?.prompt_tokens ?? "-").padStart(7), String(u?.completion_tokens ?? "-").padStart(11),
        String(turnTokens(turn) ?? "-").padStart(6), String(turn.timeToFirstTokenMs ?? "-").padStart(9), (turn.tokensPerSecond?.toFixed(1) ?? "-").padStart(6),
      ].join("  "));
    }
    lines.push(
      "",
      `Session: ${t.turns} turn(s), ${t.promptTokens} prompt + ${t.completionTokens} completion = ${t.totalTokens} tokens` +
        (t.meanTimeToFirstTokenMs !== undefined ? `, mean TTFT ${Math.round(t.meanTimeToFirstTokenMs)} ms` : "") +
        (t.tokensPerSecond !== undefined ? `, ${t.tokensPerSecond.toFixed(1)} tok/s` : ""),
    );
    ctx.print(lines.join("\n"));
  },
};
