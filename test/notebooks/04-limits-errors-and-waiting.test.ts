import { executeNotebook } from "./execute-notebook.js";

executeNotebook("04-limits-errors-and-waiting");
