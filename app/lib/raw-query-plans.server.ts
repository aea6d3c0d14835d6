/**
 * Raw queries (`$queryRaw`) for the query plan cache (app/lib/query-plan-cache.server.ts): their shape
 * (the SQL and the kind of each value) and their plan with another call's values put in.
 */

/** A request in Prisma's JSON protocol (`{ modelName, action, query: { arguments, selection } }`), as JSON.parse gives it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Whether `value` is a whole number within 32 bits, the range of Prisma's `Int`. */
export function isInt32(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) <= 2 ** 31 - 1;
}

/** A raw query with its values taken out: `shape` holds its SQL and the kind of each value, in order. */
export type RawParameterized = { shape: string; values: (string | number)[] };

/**
 * A raw query's shape and values, when every value is text or a whole number within 32 bits (the kinds
 * the compiler passes through as they are); undefined for any other request, which is compiled as before.
 */
export function rawParameterized(request: JsonValue): RawParameterized | undefined {
  if (request === null || typeof request !== "object" || Array.isArray(request)) return undefined;
  if (request.action !== "queryRaw" && request.action !== "executeRaw") return undefined;
  const query = request.query;
  if (query === null || typeof query !== "object" || Array.isArray(query)) return undefined;
  const args = query.arguments;
  if (args === null || typeof args !== "object" || Array.isArray(args) || typeof args.query !== "string" || typeof args.parameters !== "string")
    return undefined;
  const values = JSON.parse(args.parameters) as JsonValue;
  if (!Array.isArray(values)) return undefined;
  const kinds: string[] = [];
  for (const value of values) {
    if (typeof value === "string") kinds.push("text");
    else if (isInt32(value)) kinds.push("int");
    else return undefined;
  }
  return { shape: JSON.stringify({ ...request, query: { ...query, arguments: { ...args, parameters: kinds } } }), values: values as (string | number)[] };
}

/**
 * A copy of a raw query's plan (`{ args: { type: "rawSql", sql, args, argTypes } }`) with `values` as its
 * arguments; undefined for a plan of any other form.
 */
export function withRawValues(plan: unknown, values: (string | number)[]): unknown {
  const { args, ...rest } = (plan ?? {}) as { args?: { args?: unknown; argTypes?: unknown } };
  if (!args || !Array.isArray(args.args) || !Array.isArray(args.argTypes) || args.args.length !== values.length) return undefined;
  return { ...rest, args: { ...args, args: [...values], argTypes: args.argTypes.map((type: object) => ({ ...type })) } };
}
