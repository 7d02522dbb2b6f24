import { ConfigurationError } from "../../errors/configuration-error.js";
import type { Principal } from "../auth.js";
import type { EmulatorContext } from "../context.js";
import { AGENT_TASKS, isAgentTask, type AgentTask } from "./agent.js";

/**
 * An agent to serve, as `agents.deploy()` would leave it on Databricks: an endpoint serving one
 * version of a Unity Catalog model logged as an MLflow agent. Pass these as the emulator's
 * `agents` option (or `--agent NAME[=TASK]` on the command line).
 *
 * @example
 * const emu = await startEmulator({ agents: [{ name: "support", task: "agent/v2/chat" }] });
 */
export interface AgentRegistration {
  /** The endpoint name. */
  readonly name: string;
  /** The agent interface (default `agent/v1/responses`, a ResponsesAgent). */
  readonly task?: AgentTask | undefined;
  /** The UC model served (default `main.agents.<name>`, dashes as underscores). */
  readonly entityName?: string | undefined;
  /** Its version (default `"1"`). */
  readonly entityVersion?: string | undefined;
}

/**
 * Parses the CLI form `NAME` or `NAME=TASK` (`agent/v1/responses`, `agent/v2/chat`, or the short
 * `responses` / `chat`). Throws a `ConfigurationError` for an unknown task.
 *
 * @example
 * parseAgentFlag("support=chat"); // { name: "support", task: "agent/v2/chat" }
 */
export function parseAgentFlag(value: string): AgentRegistration {
  const at = value.indexOf("=");
  const name = (at < 0 ? value : value.slice(0, at)).trim();
  const raw = at < 0 ? undefined : value.slice(at + 1).trim();
  const task = raw === undefined || raw === "" ? undefined : raw === "responses" ? "agent/v1/responses" : raw === "chat" ? "agent/v2/chat" : raw;
  if (task !== undefined && !isAgentTask(task)) throw new ConfigurationError(`--agent ${value}: unknown agent task '${raw}' (use ${AGENT_TASKS.join(" or ")}, or the short responses / chat)`);
  return { name, ...(task !== undefined ? { task } : {}) };
}

function checkRegistration(spec: AgentRegistration): void {
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(spec.name)) throw new ConfigurationError(`agent endpoint name '${spec.name}' must be 1-63 letters, digits, '-' or '_'`);
  if (spec.task !== undefined && !isAgentTask(spec.task)) throw new ConfigurationError(`agent '${spec.name}': unknown task '${String(spec.task)}' (use ${AGENT_TASKS.join(" or ")})`);
}

/**
 * Creates the agent's endpoint, already READY, unless one of that name exists (a state file
 * keeps it): task on the endpoint, one served entity of the UC model (`entity_name`,
 * `entity_version`, Small, scale to zero), all traffic to it. Answered by the simulated model.
 */
export function registerAgent(context: EmulatorContext, creator: Principal, spec: AgentRegistration): void {
  checkRegistration(spec);
  const { store, endpoints } = context;
  if (store.endpoints.has(spec.name)) return;
  const entityName = spec.entityName ?? `main.agents.${spec.name.replace(/-/g, "_")}`;
  const version = spec.entityVersion ?? "1";
  const servedName = `${entityName.split(".").pop()!}-${version}`;
  const record = endpoints.create(
    creator,
    {
      name: spec.name,
      config: {
        served_entities: [{ name: servedName, entity_name: entityName, entity_version: version, workload_size: "Small", scale_to_zero_enabled: true }],
        traffic_config: { routes: [{ served_entity_name: servedName, traffic_percentage: 100 }] },
      },
      tags: [{ key: "agent", value: spec.task ?? "agent/v1/responses" }],
    },
    { ready: true },
  );
  record.task = spec.task ?? "agent/v1/responses";
  record.description = `An agent (${record.task}) registered with the databricks-deployments emulator (answered by the simulated model).`;
  // Registered by the operator for everyone: every user may query it; its creator (and admins) manage it.
  record.access_control_list.push({ group_name: "users", permission_level: "CAN_QUERY" });
  store.changed({ endpoint: record.name });
}

/** Registers every agent in one state write. */
export function registerAgents(context: EmulatorContext, creator: Principal, specs: readonly AgentRegistration[]): void {
  specs.forEach(checkRegistration);
  context.store.operation(() => {
    for (const spec of specs) registerAgent(context, creator, spec);
  });
}
