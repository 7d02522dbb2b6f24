/** A key (or pasted text) of the input line, decoded from what the terminal sent. */
export type KeyEvent =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "submit" }
  | { readonly type: "newline" }
  | { readonly type: "paste-start" }
  | { readonly type: "paste-end" }
  | {
      readonly type:
        | "ctrl-c" | "ctrl-d" | "escape" | "tab" | "backspace" | "delete" | "up" | "down" | "left" | "right"
        | "home" | "end" | "kill-line" | "kill-word" | "kill-to-end";
    };

const SEQUENCES: Record<string, KeyEvent> = {
  "\r": { type: "submit" },
  "\n": { type: "newline" }, // Ctrl+J
  "\x1b\r": { type: "newline" }, // Alt+Enter
  "\x1b[13;2u": { type: "newline" }, // Shift+Enter, kitty keyboard protocol
  "\x1b[27;2;13~": { type: "newline" }, // Shift+Enter, xterm modifyOtherKeys
  "\x1b[13;2~": { type: "newline" },
  "\x1b[200~": { type: "paste-start" },
  "\x1b[201~": { type: "paste-end" },
  "\x03": { type: "ctrl-c" },
  "\x04": { type: "ctrl-d" },
  "\x1b": { type: "escape" },
  "\x1b\x1b": { type: "escape" },
  "\t": { type: "tab" },
  "\x7f": { type: "backspace" },
  "\b": { type: "backspace" },
  "\x1b\x7f": { type: "kill-word" },
  "\x1b[3~": { type: "delete" },
  "\x1b[A": { type: "up" }, "\x1bOA": { type: "up" },
  "\x1b[B": { type: "down" }, "\x1bOB": { type: "down" },
  "\x1b[C": { type: "right" }, "\x1bOC": { type: "right" },
  "\x1b[D": { type: "left" }, "\x1bOD": { type: "left" },
  "\x1b[H": { type: "home" }, "\x1bOH": { type: "home" }, "\x1b[1~": { type: "home" }, "\x1b[7~": { type: "home" }, "\x01": { type: "home" },
  "\x1b[F": { type: "end" }, "\x1bOF": { type: "end" }, "\x1b[4~": { type: "end" }, "\x1b[8~": { type: "end" }, "\x05": { type: "end" },
  "\x15": { type: "kill-line" }, // Ctrl+U
  "\x17": { type: "kill-word" }, // Ctrl+W
  "\x0b": { type: "kill-to-end" }, // Ctrl+K
};

/**
 * Decodes one input event as Ink's parser splits them (an escape sequence, or a run of plain text).
 * Plain text may hold several characters: typed fast, or pasted by a terminal without bracketed
 * paste. A `\r` at its very end is Enter; a `\r` followed by more text is a pasted line break.
 *
 * @example
 * decodeKeys("hi\r"); // [{ type: "text", text: "hi" }, { type: "submit" }]
 */
export function decodeKeys(data: string, inPaste = false): KeyEvent[] {
  const known = SEQUENCES[data];
  if (known) {
    if (inPaste && (known.type === "submit" || known.type === "newline")) return [{ type: "text", text: "\n" }];
    if (inPaste && known.type === "tab") return [{ type: "text", text: "\t" }];
    return [known];
  }
  if (data.startsWith("\x1b")) return []; // another function key: ignored rather than typed as garbage
  const events: KeyEvent[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") events.push({ type: "text", text });
    text = "";
  };
  for (let i = 0; i < data.length; i++) {
    const ch = data[i] as string;
    if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && data[i + 1] === "\n") i++;
      const last = i === data.length - 1;
      if (!inPaste && ch === "\r" && last) { flush(); events.push({ type: "submit" }); }
      else text += "\n";
      continue;
    }
    const single = ch < " " || ch === "\x7f" ? SEQUENCES[ch] : undefined;
    if (single && !inPaste) { flush(); events.push(single); continue; }
    if (ch === "\t") { text += "\t"; continue; }
    if (ch < " " || ch === "\x7f") continue; // other control characters are not text
    text += ch;
  }
  flush();
  return events;
}
