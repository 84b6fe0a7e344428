/**
 * An object that stands for one a `beforeAll` hook has yet to create: every property read is
 * passed on to what `current()` returns at that moment. It lets a helper hand a test file
 * `const { db } = useSomething()` at the top level, where the real object does not exist yet,
 * so that the file keeps no `let` of its own and reads `db.url` as if `db` were the real one.
 *
 * Only property reads are passed on (not `in`, nor enumeration): that is all test files do.
 *
 * @example
 * let started: TestPostgres | undefined;
 * beforeAll(async () => { started = await startTestPostgres(); });
 * const postgres = lateBound('The test PostgreSQL', () => started);
 */
export function lateBound<T extends object>(what: string, current: () => T | undefined): T {
  const real = (): T => {
    const value = current();
    if (value === undefined) throw new Error(`${what} is not started yet: use it from a hook or a test, not while the file loads.`);
    return value;
  };
  return new Proxy({} as T, {
    get(_placeholder, key) {
      const target = real();
      const value: unknown = Reflect.get(target, key);
      // A method runs against the real object, in case it reads `this`.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
