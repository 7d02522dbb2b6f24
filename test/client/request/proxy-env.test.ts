// Which proxy a target goes through: HTTPS_PROXY / HTTP_PROXY by scheme, upper or lower case,
// and NO_PROXY's forms (`*`, hosts, domains with their subdomains, `.suffix`, `*.suffix`, ports).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { proxyEnv, proxyFor } from "../../../src/client/request/proxy.js";

const P = "http://proxy:3128";

test("the scheme picks the variable; lower case counts; an empty one is none", () => {
  const env = proxyEnv({ HTTPS_PROXY: P, http_proxy: "http://other:8080" });
  assert.is(proxyFor("https", "adb-1.azuredatabricks.net", "443", env), P);
  assert.is(proxyFor("http", "127.0.0.1", "8080", env), "http://other:8080");
  assert.is(proxyFor("https", "x", "443", proxyEnv({ HTTPS_PROXY: "  " })), undefined);
  assert.is(proxyFor("http", "x", "80", proxyEnv({ HTTPS_PROXY: P })), undefined, "HTTPS_PROXY is not used for http targets");
});

test("NO_PROXY forms", () => {
  const at = (noProxy: string, host: string, port = "443") => proxyFor("https", host, port, proxyEnv({ HTTPS_PROXY: P, NO_PROXY: noProxy }));
  assert.is(at("*", "anything"), undefined);
  assert.is(at("databricks.net", "adb-1.databricks.net"), undefined, "a domain covers its subdomains");
  assert.is(at("databricks.net", "databricks.net"), undefined);
  assert.is(at("databricks.net", "notdatabricks.net"), P, "…but not a longer name ending the same");
  assert.is(at(".databricks.net", "adb-1.databricks.net"), undefined);
  assert.is(at("*.databricks.net", "adb-1.databricks.net"), undefined);
  assert.is(at("localhost, 127.0.0.1", "127.0.0.1"), undefined);
  assert.is(at("127.0.0.1:8443", "127.0.0.1", "443"), P, "a port in NO_PROXY must match");
  assert.is(at("127.0.0.1:8443", "127.0.0.1", "8443"), undefined);
  assert.is(at("[::1]", "::1"), undefined);
  assert.is(at("Example.COM", "api.example.com"), undefined, "case does not matter");
});

test.run();
