import { test } from "uvu";
import * as assert from "uvu/assert";
import { eraseNpmBanner, npmBannerRows } from "../../repl/chat/npm-banner.js";

const env = {
  npm_lifecycle_event: "start",
  npm_lifecycle_script: "node scripts/build.mjs --if-stale && node dist/esm/repl/cli.js chat",
  npm_package_name: "databricks-deployments",
  npm_package_version: "0.1.0",
};

test("npm start's banner is a blank line, two command lines and a blank line", () => {
  assert.is(npmBannerRows(env, [], 100), 4);
});

test("long banner lines count the rows they wrap to, arguments included", () => {
  // "> node scripts/build.mjs --if-stale && node dist/esm/repl/cli.js chat -e chat" is 78 characters
  assert.is(npmBannerRows(env, ["-e", "chat"], 40), 1 + 1 + 2 + 1);
});

test("nothing is erased outside npm start, under --silent, or for another script", () => {
  assert.is(npmBannerRows({}, [], 100), 0);
  assert.is(npmBannerRows({ ...env, npm_config_loglevel: "silent" }, [], 100), 0);
  assert.is(npmBannerRows({ ...env, npm_lifecycle_event: "test" }, [], 100), 0);
  assert.is(npmBannerRows({ ...env, npm_lifecycle_script: "node other.js" }, [], 100), 0);
});

test("the erase moves up over the banner and clears below, on a terminal only", () => {
  const written: string[] = [];
  eraseNpmBanner({ isTTY: true, columns: 100, write: (s: string) => written.push(s) }, env, []);
  assert.equal(written, ["\x1b[4A\r\x1b[0J"]);
  eraseNpmBanner({ isTTY: false, columns: 100, write: (s: string) => written.push(s) }, env, []);
  assert.is(written.length, 1);
});

test.run();
