/**
 * The name Databricks gives a served entity (or served model) created without one, as the
 * serving API documents it: an external model's `external_model.name` with `.` and `:` replaced
 * by `-` (nothing else: `meta/llama-3` stays `meta/llama-3`); any other entity
 * `<entity_name>-<entity_version>`, with a Unity Catalog `catalog.schema.model` shortened to its
 * model part. The builder names entities with it and the emulator fills names with it, so both
 * sides of the wire agree.
 *
 * @example
 * defaultEntityName({ external_model: { name: "anthropic.claude-3:0" } }); // "anthropic-claude-3-0"
 * defaultEntityName({ entity_name: "main.default.ads1", entity_version: "1" }); // "ads1-1"
 */
export function defaultEntityName(entity: Readonly<Record<string, unknown>>): string {
  const external = entity["external_model"];
  if (external !== null && typeof external === "object") {
    const name = (external as Record<string, unknown>)["name"];
    if (typeof name === "string") return name.replace(/[.:]/g, "-");
  }
  const base = entity["entity_name"] ?? entity["model_name"];
  const version = entity["entity_version"] ?? entity["model_version"];
  const short = typeof base === "string" ? (base.split(".").pop() ?? base) : "entity";
  return version === undefined || version === null ? short : `${short}-${String(version)}`;
}
