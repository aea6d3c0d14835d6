/**
 * The query plan cache's check (app/lib/query-plan-cache.server.ts) that a plan compiled with named
 * parameters, once the values are put back, is the plan the compiler makes from the query as written.
 */

/**
 * Whether the plan with the values put back (`fromShape`) does what the plan compiled as written does.
 * They must be identical but for one thing: a whole number written into a filter is typed by the compiler
 * as a 64-bit integer sent as text (`"2026"`, `bigint`), while its placeholder is typed by its `Int` field
 * (`2026`, `int`). Both bind the same integer to the same statement, so the two plans are the same query.
 */
export function samePlan(fromShape: unknown, asWritten: unknown): boolean {
  const same = (a: unknown, b: unknown): boolean => {
    if (a === b) return true;
    if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, n) => same(item, (b as unknown[])[n]));
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length || keys.some((key) => !(key in right))) return false;
    if (Array.isArray(left.args) && Array.isArray(left.argTypes) && Array.isArray(right.args) && Array.isArray(right.argTypes)) {
      if (!sameArguments(left.args, left.argTypes, right.args, right.argTypes)) return false;
      return keys.every((key) => key === "args" || key === "argTypes" || same(left[key], right[key]));
    }
    return keys.every((key) => same(left[key], right[key]));
  };
  const sameArguments = (args: unknown[], types: unknown[], writtenArgs: unknown[], writtenTypes: unknown[]): boolean =>
    args.length === writtenArgs.length &&
    types.length === writtenTypes.length &&
    args.every((arg, n) => {
      if (same(arg, writtenArgs[n]) && same(types[n], writtenTypes[n])) return true;
      const type = types[n] as { scalarType?: unknown } | null;
      const writtenType = writtenTypes[n] as { scalarType?: unknown } | null;
      return (
        Number.isInteger(arg) &&
        writtenArgs[n] === String(arg) &&
        type?.scalarType === "int" &&
        writtenType?.scalarType === "bigint" &&
        same({ ...type, scalarType: null }, { ...writtenType, scalarType: null })
      );
    });
  return fromShape !== undefined && same(fromShape, asWritten);
}
