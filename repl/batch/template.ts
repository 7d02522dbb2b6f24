/**
 * A prompt template: text with `{{field}}` placeholders, filled from one row's fields. Parsed once,
 * so filling a row is a join, and the fields a template needs are known before any row is read.
 *
 * @example
 * const t = parseTemplate("Classify: {{review}}");
 * t.fields; // ["review"]
 * t.fill({ review: "great" }); // "Classify: great"
 */
export interface PromptTemplate {
  /** The placeholders, in order of first appearance. */
  readonly fields: readonly string[];
  /** The literal text between placeholders: `parts.length === slots.length + 1`. */
  readonly parts: readonly string[];
  readonly slots: readonly string[];
  /** The prompt for a row; throws naming the first field the row lacks. */
  fill(row: Readonly<Record<string, unknown>>): string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/**
 * Parses a template (see {@link PromptTemplate}); a template without a placeholder is refused,
 * since every row would ask the same thing.
 *
 * @example
 * parseTemplate("Translate to French: {{text}}").fill({ text: "hello" });
 */
export function parseTemplate(text: string): PromptTemplate {
  const parts: string[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    parts.push(text.slice(last, at));
    slots.push(m[1]!);
    last = at + m[0].length;
  }
  parts.push(text.slice(last));
  if (slots.length === 0) throw new Error("the template has no {{field}} placeholder: every row would send the same prompt");
  const fields = [...new Set(slots)];
  return {
    fields,
    parts,
    slots,
    fill(row) {
      let out = parts[0]!;
      for (let i = 0; i < slots.length; i++) {
        const name = slots[i]!;
        if (!(name in row) || row[name] === undefined || row[name] === null) throw new Error(`no value for template field "${name}"`);
        const value = row[name];
        out += (typeof value === "string" ? value : JSON.stringify(value)) + parts[i + 1]!;
      }
      return out;
    },
  };
}
