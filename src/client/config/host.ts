import { ConfigurationError } from "../../errors/configuration-error.js";

/**
 * A workspace host as the SDKs normalise it: `https://` added when there is no scheme, `:443`
 * dropped, trailing slashes removed.
 *
 * @example
 * normalizeHost("adb-123.azuredatabricks.net/"); // "https://adb-123.azuredatabricks.net"
 * normalizeHost("http://127.0.0.1:8080");        // "http://127.0.0.1:8080"
 */
export function normalizeHost(raw: string): string {
  const trimmed = raw.trim();
  const withScheme = trimmed.includes("://") ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch (e) {
    throw new ConfigurationError(`Invalid Databricks host ${JSON.stringify(trimmed)}: expected something like https://<workspace>.cloud.databricks.com (${e instanceof Error ? e.message : String(e)})`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`Invalid Databricks host ${JSON.stringify(trimmed)}: the scheme must be https (or http for a local emulator)`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new ConfigurationError("Invalid Databricks host: credentials must not be part of the host URL; use a token instead");
  }
  const port = url.port === "" || url.port === "443" ? "" : `:${url.port}`;
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.hostname}${port}${path}`;
}
