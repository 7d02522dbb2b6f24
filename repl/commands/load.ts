import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Conversation } from "../../src/index.js";
import type { SlashCommand } from "./types.js";

export const loadCommand: SlashCommand = {
  name: "load",
  args: "FILE",
  description: "Continue a conversation saved with /save FILE.json (or a transcript)",
  run(ctx, args) {
    if (args.trim() === "") {
      ctx.fail("Usage: /load FILE.json", ctx.transcript ? `Transcripts are in ${resolve(ctx.transcript.path, "..")}` : undefined);
      return;
    }
    const file = resolve(args.trim());
    const conversation = Conversation.fromJSON(readFileSync(file, "utf8"));
    ctx.replaceConversation(conversation);
    ctx.print(`Loaded ${conversation.turns.length} turn(s) with ${conversation.endpoint} from ${file}`);
  },
};
