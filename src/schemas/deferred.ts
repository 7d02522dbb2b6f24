import { once } from "./once.js";

/**
 * A schema built at its first use, that is the schema itself in every other respect: its type,
 * `instanceof`, its methods and fields. Importing the package then constructs no zod object at all:
 * zod's first construction of each schema kind compiles and installs its methods (~2.5 ms of the
 * main entry's import for ours), and even `z.lazy` wrappers cost that on the first one. Each use
 * after the first is one proxy hop to the built schema; nesting one in another schema works as it
 * does for any schema (zod reads the child's fields through the proxy).
 *
 * @example
 * export const tagSchema = deferred(() => z.strictObject({ key: z.string(), value: z.string().optional() }));
 * tagSchema.parse({ key: "team" }); // built here, on first use
 */
export function deferred<T extends object>(build: () => T): T {
  let building = false;
  const schema = once((): T => {
    // A schema that refers to itself while being built must use z.lazy for that reference.
    if (building) throw new Error("deferred schema used while it is being built (use z.lazy for a self-reference)");
    building = true;
    try {
      return build();
    } finally {
      building = false;
    }
  });
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(schema(), key),
    set: (_target, key, value) => Reflect.set(schema(), key, value),
    has: (_target, key) => Reflect.has(schema(), key),
    deleteProperty: (_target, key) => Reflect.deleteProperty(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      // The proxy's own (empty) target cannot hold a non-configurable property: report it configurable.
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
