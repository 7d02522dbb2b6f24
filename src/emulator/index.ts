/**
 * databricks-deployments/emulator — a local Databricks serving + secrets server.
 * @packageDocumentation
 */
export {};
