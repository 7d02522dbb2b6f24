/**
 * A value built on first call and the same value ever after. The leaf schemas that the exported
 * `z.lazy` schemas share (`nonEmptyString`, `str`, …) are built through it, so importing the
 * package constructs no zod object, array, optional or number schema: zod installs each class's
 * methods on first construction, which was most of the main entry's import time.
 *
 * @example
 * const plain = once(() => z.string().min(1).optional());
 * z.strictObject({ key: plain() });
 */
export function once<T>(build: () => T): () => T {
  let built = false;
  let value: T | undefined;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}
