export { DeploymentsError } from "../../errors/deployments-error.js"; // shim: removed at integration
