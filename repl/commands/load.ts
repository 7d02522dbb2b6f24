import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SlashCommand } from "./types.js";

export const loadCommand: SlashCommand = {
  name: "load",
  args: "FILE",
  description: "Continue a conversation saved with /save FILE.json (or a transcript)",
  async run(ctx, args) {
    // The library is loaded behind the first frame (see ChatLibrary): by now it is, and this is cheap.
    const { Conversation } = await import("../../src/index.js");
    if (args.trim() === "") {
      ctx.fail("Usage: /load FILE.json", ctx.transcript ? `Transcripts are in ${resolve(ctx.transcript.path, "..")}` : undefined);
      return;
    }
    const file = resolve(args.trim());
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const where = ctx.transcript ? `Transcripts are in ${resolve(ctx.transcript.path, "..")}; /save FILE.json writes one.` : "/save FILE.json writes one.";
      if (code === "ENOENT") ctx.fail(`/load: there is no file ${file}.`, where);
      else if (code === "EISDIR") ctx.fail(`/load: ${file} is a folder, not a saved conversation.`, where);
      else if (code === "EACCES" || code === "EPERM") ctx.fail(`/load: ${file} cannot be read (permission denied).`, "Check the file's permissions.");
      else throw error;
      return;
    }
    const conversation = Conversation.fromJSON(text);
    ctx.replaceConversation(conversation);
    ctx.print(`Loaded ${conversation.turns.length} turn(s) with ${conversation.endpoint} from ${file}`);
  },
};
