import { once } from "./once.js";

// Where a proxy's target keeps its schema's builder: the traps are shared by every deferred schema
// (one handler instead of eight closures per schema, ~90 schemas at import). Every trap forwards to
// the built schema, so the key is never seen through the proxy.
const SCHEMA = Symbol("deferred schema");
type Target = { readonly [SCHEMA]: () => object };
const handler: ProxyHandler<Target> = {
  get: (target, key) => Reflect.get(target[SCHEMA](), key),
  set: (target, key, value) => Reflect.set(target[SCHEMA](), key, value),
  has: (target, key) => Reflect.has(target[SCHEMA](), key),
  deleteProperty: (target, key) => Reflect.deleteProperty(target[SCHEMA](), key),
  ownKeys: (target) => Reflect.ownKeys(target[SCHEMA]()),
  getOwnPropertyDescriptor: (target, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(target[SCHEMA](), key);
    // The proxy's own target holds no such property: report it configurable, as a proxy must.
    return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
  },
  defineProperty: (target, key, descriptor) => Reflect.defineProperty(target[SCHEMA](), key, descriptor),
  getPrototypeOf: (target) => Reflect.getPrototypeOf(target[SCHEMA]()),
};

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
  return new Proxy({ [SCHEMA]: schema }, handler) as unknown as T;
}
