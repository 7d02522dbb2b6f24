import { Command } from "commander";

interface AuthFlags {
  host?: string;
  profile?: string;
  target?: string;
  json?: boolean;
}

function targetOf(flags: AuthFlags): string | undefined {
  if (flags.profile !== undefined) return `databricks://${flags.profile}`;
  return flags.target;
}

async function fail(command: string, error: unknown): Promise<number> {
  const { describeError } = await import("../../src/index.js");
  process.stderr.write(`deployments auth ${command}: ${describeError(error).message}\n`);
  return 1;
}

/**
 * `deployments auth login|status|logout`: browser OAuth for a workspace (the profile gets
 * `auth_type = external-browser`, the token goes to a 0600 cache, never into `.databrickscfg`),
 * what the configuration resolves to and who that is, and forgetting the cached login.
 *
 * @example
 * program.addCommand(authCommand());
 */
export function authCommand(): Command {
  const auth = new Command("auth").description("Log in to a Databricks workspace (browser OAuth), show who you are, log out");

  auth
    .command("login")
    .description("Log in with your browser (OAuth U2M, PKCE) and save the profile with auth_type = external-browser")
    .option("--host <url>", "workspace URL (default: the profile's host, else DATABRICKS_HOST)")
    .option("-p, --profile <name>", "profile in ~/.databrickscfg to write (default: DATABRICKS_CONFIG_PROFILE, else DEFAULT)")
    .addHelpText("after", `
The browser is opened with $BROWSER when set (else the system's opener); the URL is printed too.
It redirects to http://localhost:8020 (8021–8040 when busy). The token is cached under
~/.config/databricks-deployments/oauth (mode 0600) and refreshed without a browser.

Examples:
  deployments auth login --host https://my-workspace.cloud.databricks.com
  deployments auth login --profile dev --host https://dev.cloud.databricks.com`)
    .action(async (flags: AuthFlags) => {
      const { authLogin } = await import("../../src/index.js");
      try {
        const r = await authLogin({ host: flags.host, profile: flags.profile, log: (line) => process.stderr.write(`${line}\n`) });
        process.stdout.write(`Logged in to ${r.host}${r.user !== undefined ? ` as ${r.user}` : ""}; profile [${r.profile}] in ${r.configFile} uses auth_type = external-browser.\n`);
        process.exitCode = 0;
      } catch (error) {
        process.exitCode = await fail("login", error);
      }
    });

  const status = auth
    .command("status")
    .alias("whoami")
    .description("Which host and auth type the configuration resolves to, where from, the user, and the token's expiry (never the token)")
    .option("-p, --profile <name>", "profile in ~/.databrickscfg")
    .option("-t, --target <uri>", "databricks or databricks://PROFILE")
    .option("--json", "print the status as JSON")
    .action(async (flags: AuthFlags) => {
      const { authStatus } = await import("../../src/index.js");
      try {
        const s = await authStatus(targetOf(flags));
        if (flags.json === true) {
          process.stdout.write(`${JSON.stringify({ ...s, expiresAt: s.expiresAt?.toISOString() })}\n`);
        } else {
          const lines = [
            `host:      ${s.host}`,
            `auth type: ${s.authType}`,
            `from:      ${s.source}`,
            `user:      ${s.user ?? "?"}`,
            ...(s.expiresAt !== undefined ? [`expires:   ${s.expiresAt.toISOString()}`] : []),
          ];
          process.stdout.write(`${lines.join("\n")}\n`);
        }
        process.exitCode = 0;
      } catch (error) {
        process.exitCode = await fail("status", error);
      }
    });
  void status;

  auth
    .command("logout")
    .description("Remove the cached browser-login token of a profile (the profile itself stays)")
    .option("-p, --profile <name>", "profile in ~/.databrickscfg")
    .option("--host <url>", "workspace URL (when there is no profile)")
    .action(async (flags: AuthFlags) => {
      const { authLogout } = await import("../../src/index.js");
      try {
        const r = await authLogout(targetOf(flags), flags.host !== undefined ? { host: flags.host } : {});
        process.stdout.write(r.removed ? `Logged out of ${r.host}: the cached token is removed.\n` : `No cached login for ${r.host}.\n`);
        process.exitCode = 0;
      } catch (error) {
        process.exitCode = await fail("logout", error);
      }
    });
  return auth;
}
