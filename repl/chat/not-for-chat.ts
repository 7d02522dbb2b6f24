// `/use` refuses endpoints the chat cannot talk to: it sends `messages`, which an embeddings or a
// completions endpoint rejects, so accepting one only moves the failure to the next message.

/** A refusal a slash command shows as is: the message and what to do instead. */
export class CommandRefusal extends Error {
  override name = "CommandRefusal";
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

const NOT_CHAT: Record<string, { what: string; query: string }> = {
  "llm/v1/embeddings": { what: "an embeddings endpoint (llm/v1/embeddings): it turns text into vectors", query: `inputs: { input: ["some text"] }` },
  "llm/v1/completions": { what: "a completions endpoint (llm/v1/completions): it continues a prompt", query: `inputs: { prompt: "Once upon a time" }` },
};

/**
 * Throws a {@link CommandRefusal} when an endpoint of this task cannot hold a chat.
 *
 * @example
 * refuseIfNotChat("embed", "llm/v1/embeddings"); // throws: embed is an embeddings endpoint …
 */
export function refuseIfNotChat(name: string, task: string | undefined): void {
  const known = task === undefined ? undefined : NOT_CHAT[task];
  if (!known) return;
  throw new CommandRefusal(
    `${name} is ${known.what}; it cannot answer chat messages.`,
    `Query it from code: client.predict({ endpoint: ${JSON.stringify(name)}, ${known.query} }). /endpoints shows each endpoint's task; chat needs llm/v1/chat.`,
  );
}
