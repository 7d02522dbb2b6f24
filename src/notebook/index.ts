/**
 * databricks-deployments/notebook — display helpers for tslab notebooks.
 * @packageDocumentation
 */
export {};
