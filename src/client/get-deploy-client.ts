import type { ClientOptions } from "./client-options.js";
import { DatabricksDeploymentClient } from "./client.js";

/**
 * MLflow's `get_deploy_client` for TypeScript. Synchronous: resolves credentials right away
 * (options → environment → `~/.databrickscfg`) and throws `ConfigurationError` listing every
 * place it looked when nothing is found.
 *
 * - `getDeployClient()`: `MLFLOW_DEPLOYMENTS_TARGET`, else `"databricks"`;
 * - `getDeployClient("databricks")`: environment, then the `DATABRICKS_CONFIG_PROFILE` or `[DEFAULT]` profile;
 * - `getDeployClient("databricks://<profile>")`: only that profile.
 *
 * @example
 * import { getDeployClient } from "databricks-deployments";
 * const client = getDeployClient("databricks");
 * console.log(await client.listEndpoints());
 */
export function getDeployClient(target?: string, options: ClientOptions = {}): DatabricksDeploymentClient {
  return new DatabricksDeploymentClient({ ...options, target: target ?? options.target });
}
