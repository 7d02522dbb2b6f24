// Shared helpers of the emulator tests: a plain-fetch caller that returns status, headers and body.
import type { Emulator } from "../../src/emulator/index.js";

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** Calls the emulator over real HTTP with plain fetch (no client library in between). */
export async function call(emu: Emulator, method: string, path: string, body?: unknown, token: string | null = emu.token): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  const res = await fetch(`${emu.url}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    void error;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** The chat external model config of the MLflow docs, with a configurable key reference. */
export function chatConfig(entityName = "test", key = "{{secrets/my-scope/openai-api-key}}", extra: Record<string, unknown> = {}) {
  return {
    served_entities: [
      { name: entityName, external_model: { name: "gpt-4", provider: "openai", task: "llm/v1/chat", openai_config: { openai_api_key: key, ...extra } } },
    ],
  };
}

export const userMessage = (content: string) => ({ messages: [{ role: "user" as const, content }] });
