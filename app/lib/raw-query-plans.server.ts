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
 * A raw query's shape and values, when every value is text, a whole number within 32 bits, or a BigInt or
 * Date that Prisma sends tagged (`{ prisma__type: "bigint", prisma__value: "1796…" }`); undefined for any
 * other request, which is compiled as before. A tagged value's kind is part of the shape and its text is
 * the value, kept only in the one form the compiler leaves unchanged (taggedValue); the plan cache checks
 * at the second sighting that the plan holds the values so.
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
  const parts = values.map((value) => {
    if (typeof value === "string") return { kind: "text", value };
    if (isInt32(value)) return { kind: "int", value };
    return taggedValue(value);
  });
  if (parts.some((part) => part === undefined)) return undefined;
  const kept = parts as { kind: string; value: string | number }[];
  const kinds = kept.map((part) => part.kind);
  return { shape: JSON.stringify({ ...request, query: { ...query, arguments: { ...args, parameters: kinds } } }), values: kept.map((part) => part.value) };
}

/** The widest BigInt the compiler takes: a signed 64-bit integer. */
const INT64 = { least: -(2n ** 63n), most: 2n ** 63n - 1n };

/**
 * A tagged BigInt or Date as its kind and text, when the text is what the compiler writes into the plan
 * unchanged; undefined otherwise. The compiler reads each value and writes it again, so only text already
 * in its own form (a decimal with no leading zeros, within 64 bits; ISO 8601 UTC with milliseconds, as
 * `Date.prototype.toJSON` writes it, years 0000–9999) passes through as it is. Any other value (`"007"`,
 * 2⁶⁴, the year 10000, which the compiler refuses) is compiled as written, so Prisma answers as it would
 * without the cache.
 */
function taggedValue(value: JsonValue): { kind: string; value: string } | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length !== 2) return undefined;
  const { prisma__type: kind, prisma__value: text } = value;
  if (typeof text !== "string") return undefined;
  if (kind === "bigint" && /^-?(0|[1-9]\d{0,18})$/.test(text) && BigInt(text) >= INT64.least && BigInt(text) <= INT64.most && text !== "-0")
    return { kind, value: text };
  if (kind === "date" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text) && new Date(text).toJSON() === text) return { kind, value: text };
  return undefined;
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
