/**
 * databricks-deployments/emulator — a local Databricks serving + secrets server: the embedded
 * default that makes the library, the REPL and the notebooks work with no account and no network.
 * @packageDocumentation
 */
export { startEmulator, type Emulator, type EmulatorOptions } from "./start.js";
export { connect, type Connection, type ConnectOptions } from "./connect.js";
export { type EmulatorUser } from "./auth.js";
export { type EmulatorOAuthOptions } from "./oauth/service.js";
export { EmulatorStateError } from "./store/persistence.js";
export { type RequestLogEntry } from "./http/node-server.js";
export { SIMULATED_HEADER } from "./serving/invoke.js";
export { manualClock, realClock, type EmulatorClock, type ManualClock } from "./clock.js";
export { type EmulatorFaults, type FaultSpec } from "./faults.js";
export { type DeployDelay } from "./endpoints/deployment.js";
export { parseAgentFlag, type AgentRegistration } from "./serving/agent-endpoints.js";
export { AGENT_TASKS, type AgentTask } from "./serving/agent.js";
