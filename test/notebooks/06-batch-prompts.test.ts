// @heavy: runs a Jupyter kernel (tslab) — never beside the Ink suites
import { executeNotebook } from "./execute-notebook.js";

executeNotebook("06-batch-prompts");
