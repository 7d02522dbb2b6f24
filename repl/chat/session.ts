import { Conversation, DeploymentsError, endpointFacts, type DatabricksDeploymentClient, type GenerationParams, type RetryEvent, type Tool } from "../../src/index.js";
import { connect, type Connection } from "../../src/emulator/index.js";
import { connectingLine, retryLine } from "./progress.js";
import { transcriptsDir } from "./paths.js";
import { apiForTask } from "./api-for-task.js";
import { chooseTranscript, describeChoice, readTranscript, Transcript } from "./transcripts.js";

/** The flags of `deployments chat` that shape a session. */
export interface ChatFlags {
  endpoint?: string;
  target?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  resume?: boolean;
  transcript?: boolean;
  /** `--tools FILE`: a module exporting `tool()` objects. */
  tools?: string;
  /** `--demo-tools`: the built-in demo set (get_weather, get_time, calculate). */
  demoTools?: boolean;
}

async function loadTools(flags: ChatFlags): Promise<{ tools: Tool[]; source?: string }> {
  const tools: Tool[] = [];
  const sources: string[] = [];
  if (flags.demoTools) {
    const { demoTools } = await import("./demo-tools.js");
    tools.push(...demoTools());
    sources.push("demo");
  }
  if (flags.tools !== undefined) {
    const { loadToolsFile } = await import("./tools-file.js");
    tools.push(...(await loadToolsFile(flags.tools)).filter((t) => !tools.some((u) => u.name === t.name)));
    sources.push(flags.tools);
  }
  return { tools, ...(sources.length > 0 ? { source: sources.join(" + ") } : {}) };
}

/** A connected chat session: the connection, the conversation and where its transcript goes. */
export interface ChatSession {
  readonly connection: Connection;
  readonly client: DatabricksDeploymentClient;
  readonly conversation: Conversation;
  readonly transcript: Transcript | undefined;
  /** The transcript this session continues (`--resume`). */
  readonly resumedFrom?: string;
  /** Why that one (`the newest transcript for this target and endpoint`). */
  readonly resumeNote?: string;
  readonly model?: string;
  /** Replies will come from the emulator's simulated model (an emulator endpoint without an upstream URL). */
  readonly simulated: boolean;
  /** Local tools the model may call (`--tools`, `--demo-tools`); empty for none. */
  readonly tools: readonly Tool[];
  /** Where they came from (`demo`, a file path), for the header. */
  readonly toolsSource?: string;
  /** Set when the connection's client retries (rate limits, 503): the REPL shows a countdown. */
  onRetry: ((event: RetryEvent) => void) | undefined;
  close(): Promise<void>;
}

/** The seed's 5 calls/minute (as in the MLflow docs) would stop a chat every few messages; the REPL's own emulator allows 60. */
const EMULATOR_CHAT_CALLS_PER_MINUTE = 60;

async function pickEndpoint(client: DatabricksDeploymentClient): Promise<string> {
  const endpoints = (await client.listEndpoints()).map(endpointFacts);
  const chosen = endpoints.find((e) => e.name === "chat") ?? endpoints.find((e) => e.task === "llm/v1/chat");
  if (chosen) return chosen.name;
  const names = endpoints.map((e) => e.name);
  throw new DeploymentsError(
    names.length ? `No chat endpoint found; pass --endpoint NAME (endpoints: ${names.join(", ")})` : "This workspace has no serving endpoints; create one, or run without credentials to use the emulator",
  );
}

/**
 * Connects (workspace when credentials resolve, else the seeded in-process emulator), picks the
 * endpoint and builds the conversation, resuming the last transcript when asked.
 *
 * @example
 * const session = await openSession({ endpoint: "chat" });
 */
export async function openSession(flags: ChatFlags, progress?: (line: string) => void): Promise<ChatSession> {
  // Before connecting: a broken tools file is the user's to fix, whatever the target.
  const { tools, source: toolsSource } = await loadTools(flags);
  // Until the session exists, retries (of the calls that open it) are reported through `progress`.
  let retryListener: ((event: RetryEvent) => void) | undefined = progress ? (event) => progress(retryLine(event)) : undefined;
  const emulatorOnly = flags.target === "emulator";
  const connection = await connect({
    ...(flags.target !== undefined && !emulatorOnly ? { target: flags.target } : {}),
    emulatorOnly,
    client: { onRetry: (event) => retryListener?.(event) },
  });
  // The in-process emulator answers at once; a workspace (or a server at DATABRICKS_HOST) may not.
  if (connection.kind !== "emulator") progress?.(connectingLine(connection.client.host));
  try {
    const client = connection.client;
    let conversation: Conversation | undefined;
    let resumedFrom: string | undefined;
    // A transcript remembers what it talked to: the embedded emulator (its port changes every run) or a host.
    const target = connection.kind === "emulator" ? "emulator" : client.host;
    let resumeNote: string | undefined;
    if (flags.resume) {
      const choice = chooseTranscript(transcriptsDir(), { target, endpoint: flags.endpoint });
      if (!choice) throw new DeploymentsError(`--resume: no transcript to resume in ${transcriptsDir()}`);
      resumedFrom = choice.path;
      resumeNote = describeChoice(choice);
      conversation = Conversation.fromJSON(readTranscript(resumedFrom), { client, tools });
      if (flags.endpoint) conversation.endpoint = flags.endpoint;
      if (flags.system !== undefined) conversation.system = flags.system;
    }
    const endpoint = flags.endpoint ?? conversation?.endpoint ?? (await pickEndpoint(client));
    const params: GenerationParams = {
      ...(flags.temperature !== undefined ? { temperature: flags.temperature } : {}),
      ...(flags.maxTokens !== undefined ? { max_tokens: flags.maxTokens } : {}),
    };
    if (conversation) conversation.setParams(params);
    else conversation = new Conversation({ client, endpoint, system: flags.system, params, tools });
    // A token with only CAN_QUERY may not read the endpoint: chat anyway, without the model name.
    const facts = await client.getEndpoint(endpoint).then(endpointFacts, async (error: unknown) => {
      const status = (error as { status?: number }).status;
      if (status === 403) return undefined;
      if (status === 404) {
        // Say what does exist: the one thing the user needs next.
        const names = (await client.listEndpoints()).map((e) => endpointFacts(e).name);
        throw new DeploymentsError(
          `${(error as Error).message}\n${names.length ? `Endpoints here: ${names.join(", ")}. Pass one with --endpoint NAME.` : "This workspace has no serving endpoints."}`,
          { cause: error },
        );
      }
      throw error;
    });
    conversation.api = apiForTask(facts?.task);
    if (connection.kind === "emulator" && endpoint === "chat") {
      await client.updateEndpointRateLimits({ endpoint, config: { rate_limits: [{ calls: EMULATOR_CHAT_CALLS_PER_MINUTE, key: "user", renewal_period: "minute" }] } });
    }
    const transcript = flags.transcript === false ? undefined : resumedFrom ? Transcript.at(resumedFrom, target) : new Transcript(transcriptsDir(), endpoint, new Date(), target);
    const session: ChatSession = {
      connection,
      client,
      conversation,
      transcript,
      ...(resumedFrom ? { resumedFrom } : {}),
      ...(resumeNote ? { resumeNote } : {}),
      ...(facts?.model ? { model: facts.model } : {}),
      simulated: connection.kind === "emulator" && facts?.hasUpstream !== true,
      tools,
      ...(toolsSource !== undefined ? { toolsSource } : {}),
      onRetry: undefined,
      close: () => connection.close(),
    };
    retryListener = (event) => session.onRetry?.(event);
    return session;
  } catch (error) {
    await connection.close();
    throw error;
  }
}
