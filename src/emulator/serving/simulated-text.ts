/**
 * The simulated model's words: a short Markdown answer that says it is simulated and quotes the
 * question, optionally followed by deterministic filler paragraphs so long streamed replies can
 * be exercised. A "token" here is one word with its leading whitespace, the unit that is
 * streamed and counted in `usage`.
 */

/** Splits text into simulated tokens (leading whitespace + word). */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** Counts simulated tokens without allocating the pieces. */
export function countTokens(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** FNV-1a: a stable 32-bit hash so the same question always gets the same reply. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "serving endpoint model latency throughput token stream request reply gateway route traffic " +
  "entity config version deploy ready update limit minute secret scope workspace notebook client " +
  "emulator simulated local upstream provider chat completion embedding prompt context answer " +
  "question data table metric log user group principal budget policy tag permission query batch " +
  "the a of to and in for with on by from as is are was can will each every this that which"
).split(" ");

/** Words that ask for a long reply. */
const LONG_HINT = /\b(long|essay|detailed|lengthy)\b/i;

/** True when the prompt asks for a long answer. */
export function wantsLongReply(question: string): boolean {
  return LONG_HINT.test(question);
}

/**
 * How to get real answers, for the served entity's provider: only OpenAI models can be pointed at
 * an upstream (`openai_api_base`, `--forward`); the emulator forwards no other provider's wire format.
 */
export function realAnswersAdvice(provider: string | undefined): string {
  if (provider === undefined || provider === "openai") {
    return "To get real answers, give the served entity an upstream " +
      "(for example `openai_api_base` pointing at a local OpenAI-compatible server) or start the emulator with `--forward`.";
  }
  return `The emulator does not call \`${provider}\` models (it forwards only OpenAI-compatible upstreams). To get real answers, ` +
    "query this endpoint on a Databricks workspace, or serve an OpenAI-compatible model here: an `openai` external model " +
    "with `openai_api_base`, or the `custom` provider with `custom_provider_url`.";
}

/** The opening of a simulated reply. */
export function introText(kind: "chat" | "completions", question: string, endpoint: string, model: string, provider?: string): string {
  const quoted = question.length > 400 ? `${question.slice(0, 400)}…` : question;
  const quote = quoted.split("\n").map((line) => `> ${line}`).join("\n");
  const lead = kind === "chat" ? "You asked:" : "Prompt:";
  return (
    `This is a **simulated reply** from the databricks-deployments emulator: no model was called.\n\n${lead}\n\n${quote}\n\n` +
    `Endpoint \`${endpoint}\` serves \`${model}\`. ${realAnswersAdvice(provider)}`
  );
}

/**
 * Exactly `count` filler tokens, deterministic for a seed: sentences of 8–16 words, paragraphs of
 * about 60 words.
 */
export function fillerTokens(count: number, seed: number): string[] {
  const random = prng(seed);
  const out: string[] = [];
  let sentence = 0;
  let sentenceLength = 8 + Math.floor(random() * 9);
  let paragraph = 0;
  for (let i = 0; i < count; i++) {
    let word = WORDS[Math.floor(random() * WORDS.length)]!;
    if (sentence === 0) word = word[0]!.toUpperCase() + word.slice(1);
    sentence++;
    paragraph++;
    const prefix = i === 0 ? "\n\n" : sentence === 1 && paragraph > 60 ? "\n\n" : " ";
    if (prefix === "\n\n") paragraph = 1;
    if (sentence >= sentenceLength) {
      word += ".";
      sentence = 0;
      sentenceLength = 8 + Math.floor(random() * 9);
    }
    out.push(prefix + word);
  }
  return out;
}

/** Message content as text: a string, or the text parts of a multi-part content array. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === "object" && part !== null && typeof (part as Record<string, unknown>)["text"] === "string" ? (part as Record<string, unknown>)["text"] : "")).join("");
  }
  return "";
}

