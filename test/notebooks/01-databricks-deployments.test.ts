import { executeNotebook } from "./execute-notebook.js";

executeNotebook("01-databricks-deployments");
