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
 * Tagged values in a raw query's parameters (`{ prisma__type: "bigint", prisma__value: "1796…" }`), whose
 * text the compiler puts in the plan as its argument: BigInt in decimal, a Date as ISO 8601 UTC text.
 */
const TAGGED_KINDS = new Set(["bigint", "date"]);

/**
 * A raw query's shape and values, when every value is text, a whole number within 32 bits or a tagged
 * BigInt or Date (the kinds the compiler passes through as they are, a tagged one as its text); undefined
 * for any other request, which is compiled as before. A tagged value's kind is part of the shape and its
 * text is the value; the plan cache checks at the second sighting that the plan holds it as that text.
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
  const plain: (string | number)[] = [];
  for (const value of values) {
    if (typeof value === "string") kinds.push("text");
    else if (isInt32(value)) kinds.push("int");
    else {
      const tagged = taggedText(value);
      if (tagged === undefined) return undefined;
      kinds.push(tagged.kind);
      plain.push(tagged.text);
      continue;
    }
    plain.push(value);
  }
  return { shape: JSON.stringify({ ...request, query: { ...query, arguments: { ...args, parameters: kinds } } }), values: plain };
}

/** The kind and text of a tagged BigInt or Date value; undefined for anything else. */
function taggedText(value: JsonValue): { kind: string; text: string } | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const { prisma__type: kind, prisma__value: text } = value;
  if (typeof kind !== "string" || !TAGGED_KINDS.has(kind) || typeof text !== "string" || Object.keys(value).length !== 2) return undefined;
  return { kind, text };
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
