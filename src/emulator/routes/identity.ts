import { createHash } from "node:crypto";
import { groupsOf } from "../endpoints/access.js";
import { json } from "../http/types.js";
import type { Routes } from "./route-types.js";

/**
 * `GET /api/2.0/preview/scim/v2/Me`: who the token belongs to. SDKs and CLIs call it to check a
 * login (`databricks current-user me`, `w.current_user.me()`); here it names the emulator user.
 */
export function registerIdentityRoutes(routes: Routes): void {
  routes.on("GET", "/api/2.0/preview/scim/v2/Me", ({ principal }) =>
    json(200, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      id: createHash("sha256").update(principal.name).digest("hex").slice(0, 16),
      userName: principal.name,
      displayName: principal.name,
      active: true,
      emails: principal.name.includes("@") ? [{ value: principal.name, primary: true, type: "work" }] : [],
      // `users` and (for admins) `admins` too: the groups permission checks count.
      groups: groupsOf(principal).map((display) => ({ display, type: "direct" })),
    }),
  );
}
