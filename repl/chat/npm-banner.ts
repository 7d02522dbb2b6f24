// `npm start` prints its script banner (`> databricks-deployments@0.1.0 start` and the command line)
// on the terminal before the REPL runs, and npm offers no switch that silences only the banner
// (`--silent` also hides npm's own errors). The REPL is the first thing to draw, so it takes those
// rows back: it knows the banner's exact text from the environment npm sets for the script.

/** The environment variables npm sets for a script, as far as the banner is concerned. */
export interface NpmScriptEnv {
  readonly npm_lifecycle_event?: string;
  readonly npm_lifecycle_script?: string;
  readonly npm_package_name?: string;
  readonly npm_package_version?: string;
  readonly npm_config_loglevel?: string;
}

/** Terminal rows a line of `text` takes at `columns` (an empty line still takes one). */
function rows(text: string, columns: number): number {
  return Math.max(1, Math.ceil([...text].length / Math.max(1, columns)));
}

/**
 * How many rows above the cursor npm's `start` banner takes, or 0 when this process was not
 * started by `npm start` of this package's chat script (or npm ran with `--silent`).
 *
 * @example
 * npmBannerRows(process.env, process.argv.slice(3), process.stdout.columns); // 4 under `npm start`
 */
export function npmBannerRows(env: NpmScriptEnv, args: readonly string[], columns: number): number {
  const script = env.npm_lifecycle_script;
  if (env.npm_lifecycle_event !== "start" || script === undefined || !/repl\/cli\.js chat$/.test(script.trim())) return 0;
  if (env.npm_config_loglevel === "silent") return 0;
  if (env.npm_package_name === undefined || env.npm_package_version === undefined) return 0;
  // run-script's banner: "\n> name@version start\n> <script> <args>\n", then a line break.
  const command = `> ${script.trim()}${args.length > 0 ? ` ${args.join(" ")}` : ""}`;
  return 1 + rows(`> ${env.npm_package_name}@${env.npm_package_version} start`, columns) + rows(command, columns) + 1;
}

/**
 * Moves the cursor up over npm's banner and clears from there, so the REPL's header is the first
 * thing on screen. Does nothing outside `npm start`.
 *
 * @example
 * eraseNpmBanner(process.stdout, process.env, process.argv.slice(3));
 */
export function eraseNpmBanner(out: { write(s: string): unknown; columns?: number; isTTY?: boolean }, env: NpmScriptEnv, args: readonly string[]): void {
  if (out.isTTY !== true) return;
  const n = npmBannerRows(env, args, out.columns ?? 80);
  if (n > 0) out.write(`\x1b[${n}A\r\x1b[0J`);
}
