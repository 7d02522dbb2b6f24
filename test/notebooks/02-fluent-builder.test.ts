import { executeNotebook } from "./execute-notebook.js";

executeNotebook("02-fluent-builder");
