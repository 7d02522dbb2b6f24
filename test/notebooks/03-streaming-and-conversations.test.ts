import { executeNotebook } from "./execute-notebook.js";

executeNotebook("03-streaming-and-conversations");
