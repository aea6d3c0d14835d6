/**
 * A cache of Prisma's query plans, so each shape of query is compiled once per process rather than on
 * every call (docs/decisions/0083).
 *
 * Prisma 6.19 turns every query into a plan with its WebAssembly query compiler, afresh each time: about
 * 0.5–1.5 ms of CPU a query, more than SQLite spends answering most of them. The compiler accepts named
 * parameters in place of values (`{"$type":"Param"}`) and leaves them in the plan as placeholders, so a
 * plan compiled once with parameters serves every later query of the same shape with the values put back.
 *
 * It never trusts that blindly. A shape is cached only after the plan compiled with parameters, once the
 * values of the query in hand are put back, is identical to the plan the compiler makes from that query
 * as written; any difference (the compiler used a value, not just placed it) and the shape is compiled
 * as written from then on. Enum values stay as written and are part of the key, since the compiler checks
 * each against its own field's enum. A value of the wrong kind for its placeholder (text where a number
 * goes, a number where text goes) is compiled as written, so Prisma gives the same error as without the cache.
 */

import { isInt32, rawParameterized, withRawValues, type JsonValue, type RawParameterized } from "./raw-query-plans.server";
import { samePlan } from "./same-query-plan.server";

/** The compiler's side of a query plan: whatever it returns, plain JSON-like data. */
type Plan = unknown;

/** The part of Prisma's `QueryCompiler` (one per client, per engine) that the cache wraps. */
type QueryCompilerClass = { prototype: { compile(request: string): Plan } };

/** Argument names whose values are filters or data, where values can become parameters. */
const VALUE_ARGUMENTS = ["where", "data", "having", "cursor", "create", "update"];

/** Operators whose value the compiler rewrites (`%value%`) or reads as a setting: never parameters. */
const PATTERN_OPERATORS = new Set(["contains", "startsWith", "endsWith", "search"]);
const SETTING_KEYS = new Set(["mode"]);

/** Tagged values that can be parameters, and the part of the tag the plan holds. */
const PARAMETER_TAGS = new Set(["DateTime", "BigInt"]);

class NotCacheable extends Error {}

/** A query with its values taken out: `shape` is the request with named parameters in their place. */
type Parameterized = { shape: string; values: Map<string, JsonValue> };

/** A plan kept; a shape not to cache; or a shape whose enum values are kept as written, keyed by them too. */
type Entry = { plan: Plan; fill?: Filler } | { cacheable: false } | { asWritten: ReadonlySet<string> };

/** Counts since the process started, for tests and the bench. */
export type QueryPlanCacheStats = { hits: number; compiled: number; cached: number; refused: number; size: number };

/** Counts since start-up, across every wrapped compiler in this process. */
export const queryPlanCacheStats: QueryPlanCacheStats = { hits: 0, compiled: 0, cached: 0, refused: 0, size: 0 };

/**
 * How many plans a compiler keeps (least recently used go first), how many shapes it remembers seeing,
 * and the longest shape and plan (as JSON text, in characters) it keeps: a few hundred kilobytes at most.
 */
const MAX_PLANS = 300;
const MAX_SEEN = 1000;
const MAX_SHAPE_LENGTH = 4000;
const MAX_PLAN_LENGTH = 20000;

/**
 * Wraps `compile` on a Prisma QueryCompiler class so that its instances cache plans by query shape.
 * A shape is cached on its second sighting (a query seen once costs exactly what it did), after the check
 * described above. Safe to call more than once: the class is wrapped only the first time.
 */
export function cacheQueryPlans(compilerClass: QueryCompilerClass): void {
  const prototype = compilerClass.prototype as QueryCompilerClass["prototype"] & { [wrapped]?: true };
  if (prototype[wrapped]) return;
  const compileAsWritten = prototype.compile;
  const caches = new WeakMap<object, PlanCache>();
  prototype.compile = function compileWithCache(this: object, request: string): Plan {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new PlanCache((text) => compileAsWritten.call(this, text))));
    return cache.compile(request);
  };
  prototype[wrapped] = true;
}

const wrapped = Symbol("queryPlanCache");

class PlanCache {
  private readonly plans = new Map<string, Entry>();
  private readonly seen = new Map<string, true>();
  private readonly firstRawPlans = new Map<string, Plan>();

  constructor(private readonly compileAsWritten: (request: string) => Plan) {}

  compile(request: string): Plan {
    const parsed = JSON.parse(request) as JsonValue;
    const raw = rawParameterized(parsed);
    if (raw) return raw.shape.length > MAX_SHAPE_LENGTH ? this.compileFresh(request) : this.compileRaw(request, raw);
    let parameterized: Parameterized;
    try {
      parameterized = parameterize(parsed);
    } catch (error) {
      if (!(error instanceof NotCacheable)) throw error;
      return this.compileFresh(request);
    }
    const { shape, values } = parameterized;
    // A query with a long list of values is a shape of its own for each length: not worth keeping.
    if (shape.length > MAX_SHAPE_LENGTH) return this.compileFresh(request);
    const marker = this.plans.get(shape);
    const asWrittenValues = marker && "asWritten" in marker ? marker.asWritten : undefined;
    const key = asWrittenValues ? keyWith(shape, asWrittenValues, values) : shape;
    const entry = asWrittenValues ? this.plans.get(key) : marker;
    if (entry && "plan" in entry) {
      const plan = entry.fill ? entry.fill(values) : withValues(entry.plan, values);
      if (plan !== undefined) {
        remember(this.plans, key, entry, MAX_PLANS);
        queryPlanCacheStats.hits++;
        return plan;
      }
      // A value of the wrong kind for its field: the compiler gives Prisma's own error for it.
      return this.compileFresh(request);
    }
    if (entry || !this.seen.has(key)) {
      remember(this.seen, key, true, MAX_SEEN);
      return this.compileFresh(request);
    }
    const asWritten = this.compileFresh(request);
    this.learn(shape, asWrittenValues, values, asWritten);
    return asWritten;
  }

  /**
   * A raw query (`$queryRaw`) is kept by its SQL and the kinds of its values. Its first plan is kept
   * aside; at the second sighting the plan compiled as written must equal that first plan with the new
   * values in its arguments, and only then does the first plan serve every later call.
   */
  private compileRaw(request: string, { shape, values }: RawParameterized): Plan {
    const entry = this.plans.get(shape);
    if (entry && "plan" in entry) {
      remember(this.plans, shape, entry, MAX_PLANS);
      queryPlanCacheStats.hits++;
      return withRawValues(entry.plan, values);
    }
    const asWritten = this.compileFresh(request);
    if (entry) return asWritten;
    const first = this.firstRawPlans.get(shape);
    if (first === undefined) {
      remember(this.firstRawPlans, shape, asWritten, MAX_SEEN);
      return asWritten;
    }
    this.firstRawPlans.delete(shape);
    const text = jsonText(asWritten);
    const fromFirst = withRawValues(first, values);
    const same = text !== undefined && fromFirst !== undefined && text.length <= MAX_PLAN_LENGTH && jsonText(fromFirst) === text;
    if (same) queryPlanCacheStats.cached++;
    else queryPlanCacheStats.refused++;
    // The first plan went to Prisma for the first call: what is kept is a frozen copy of it, not that object.
    const kept = same ? (JSON.parse(jsonText(first) ?? "null") as Plan) : undefined;
    freeze(kept);
    remember(this.plans, shape, kept ? { plan: kept } : { cacheable: false }, MAX_PLANS);
    queryPlanCacheStats.size = this.plans.size;
    return asWritten;
  }

  private compileFresh(request: string): Plan {
    queryPlanCacheStats.compiled++;
    return this.compileAsWritten(request);
  }

  /**
   * Compiles the shape with parameters and keeps it only if it gives exactly the plan compiled as
   * written. Enum values stay as written (the compiler checks each against its own field's enum, which a
   * placeholder does not name): the first time a shape shows enum placeholders, it is marked with their
   * names and learnt again with those values in place, keyed by them as well.
   */
  private learn(shape: string, asWrittenValues: ReadonlySet<string> | undefined, values: Map<string, JsonValue>, asWritten: Plan): void {
    let template = this.tryCompile(asWrittenValues ? shapeWith(shape, asWrittenValues, values) : shape);
    let key = asWrittenValues ? keyWith(shape, asWrittenValues, values) : shape;
    if (!asWrittenValues && template !== undefined) {
      const enums = enumPlaceholders(template, values);
      if (enums.size > 0) {
        remember(this.plans, shape, { asWritten: enums }, MAX_PLANS);
        key = keyWith(shape, enums, values);
        template = this.tryCompile(shapeWith(shape, enums, values));
      }
    }
    const text = template === undefined ? undefined : jsonText(template);
    const same = text !== undefined && text.length <= MAX_PLAN_LENGTH && samePlan(withValues(template, values), asWritten);
    if (same) queryPlanCacheStats.cached++;
    else queryPlanCacheStats.refused++;
    remember(this.plans, key, same ? { plan: template, fill: fillerFor(template, new Set(values.keys())) } : { cacheable: false }, MAX_PLANS);
    queryPlanCacheStats.size = this.plans.size;
  }

  private tryCompile(request: string): Plan | undefined {
    try {
      return this.compileAsWritten(request);
    } catch {
      return undefined;
    }
  }
}

/** The names of the placeholders for enum values among ours (`values`) in a plan. */
function enumPlaceholders(plan: Plan, values: Map<string, JsonValue>): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const param = placeholder(node);
    if (param && values.has(param.name) && param.type === "Enum") names.add(param.name);
    Object.values(node).forEach(visit);
  };
  visit(plan);
  return names;
}

/** The cache key of a shape whose `names` placeholders keep their values as written. */
function keyWith(shape: string, names: ReadonlySet<string>, values: Map<string, JsonValue>): string {
  return `${shape}\u0000${JSON.stringify([...names].map((name) => values.get(name) ?? null))}`;
}

/** The shape with the `names` placeholders put back to their values as written. */
function shapeWith(shape: string, names: ReadonlySet<string>, values: Map<string, JsonValue>): string {
  return JSON.stringify(JSON.parse(shape), (_key, node: JsonValue) => {
    if (node === null || typeof node !== "object" || Array.isArray(node) || node.$type !== "Param") return node;
    return typeof node.value === "string" && names.has(node.value) ? (values.get(node.value) ?? null) : node;
  });
}

function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value as string);
}

/** The plan as JSON text, or undefined when it has none (no plan, or a value JSON cannot hold). */
function jsonText(plan: unknown): string | undefined {
  try {
    return plan === undefined ? undefined : JSON.stringify(plan);
  } catch {
    return undefined;
  }
}

/**
 * Replaces each value in the request's filters and data with a named parameter (`p0`, `p1`… in the order
 * met, so one shape always gets the same names). Throws NotCacheable for requests whose plan depends on a
 * value in ways a parameter cannot stand for (text patterns, JSON, bytes, decimals, field references).
 */
function parameterize(request: JsonValue): Parameterized {
  const values = new Map<string, JsonValue>();
  const parameter = (value: JsonValue): JsonValue => {
    const name = `p${values.size}`;
    values.set(name, value);
    return { $type: "Param", value: name };
  };

  const walkValue = (node: JsonValue, key: string): JsonValue => {
    if (node === null) return null;
    if (typeof node === "string" || typeof node === "number" || typeof node === "boolean") {
      if (PATTERN_OPERATORS.has(key)) throw new NotCacheable();
      if (SETTING_KEYS.has(key)) return node;
      if (typeof node === "number" && !Number.isFinite(node)) throw new NotCacheable();
      return parameter(node);
    }
    if (Array.isArray(node)) return node.map((item) => walkValue(item, key));
    if (typeof node.$type === "string") {
      if (!PARAMETER_TAGS.has(node.$type)) throw new NotCacheable();
      return parameter(node);
    }
    return Object.fromEntries(Object.entries(node).map(([name, value]) => [name, walkValue(value, name)]));
  };

  const walkQuery = (query: JsonValue): JsonValue => {
    if (query === null || typeof query !== "object" || Array.isArray(query)) return query;
    const result: Record<string, JsonValue> = { ...query };
    const args = query.arguments;
    if (args && typeof args === "object" && !Array.isArray(args)) {
      result.arguments = Object.fromEntries(
        Object.entries(args).map(([name, value]) => [name, VALUE_ARGUMENTS.includes(name) ? walkValue(value, name) : value]),
      );
    }
    const selection = query.selection;
    if (selection && typeof selection === "object" && !Array.isArray(selection)) {
      result.selection = Object.fromEntries(Object.entries(selection).map(([name, value]) => [name, walkQuery(value)]));
    }
    return result;
  };

  if (request === null || typeof request !== "object" || Array.isArray(request) || request.query === undefined) throw new NotCacheable();
  const shape = JSON.stringify({ ...request, query: walkQuery(request.query) });
  return { shape, values };
}

/** Prisma's plan placeholder: `{ prisma__type: "param", prisma__value: { name, type } }`. */
function placeholder(node: object): { name: string; type: string } | undefined {
  const tagged = node as { prisma__type?: unknown; prisma__value?: { name?: unknown; type?: unknown } };
  if (tagged.prisma__type !== "param" || typeof tagged.prisma__value?.name !== "string") return undefined;
  return { name: tagged.prisma__value.name, type: String(tagged.prisma__value.type) };
}

/**
 * A copy of the plan with each placeholder replaced by its value, in the form the compiler writes values
 * into plans; undefined when a value is not of its field's kind (so the caller compiles as written).
 */
function withValues(plan: Plan, values: Map<string, JsonValue>): Plan | undefined {
  let fits = true;
  const copy = (node: unknown): unknown => {
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) return node.map(copy);
    const param = placeholder(node);
    // The compiler's own placeholders (`@parent$schoolId`: a value from an earlier step) stay as they are.
    if (param && values.has(param.name)) {
      const value = planValue(values.get(param.name), param.type);
      if (value === undefined) fits = false;
      return value;
    }
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) result[key] = copy(value);
    return result;
  };
  const result = copy(plan);
  return fits ? result : undefined;
}

/** Freezes a kept plan and everything in it, so a change to a part shared between calls fails loudly. */
function freeze(node: unknown): void {
  if (node === null || typeof node !== "object" || Object.isFrozen(node)) return;
  Object.values(node).forEach(freeze);
  Object.freeze(node);
}

/** What fillerFor makes: the plan with one call's values put in, or undefined as withValues gives it. */
type Filler = (values: Map<string, JsonValue>) => Plan | undefined;

/**
 * withValues worked out once for a kept plan: the parts of the plan that hold none of our placeholders
 * (most of it: SQL text, column lists, result mapping) are shared by every call instead of copied each
 * time, and only the path down to each placeholder is built afresh. The plan is frozen, so anything that
 * tried to change a shared part would fail loudly rather than leak into another call.
 */
function fillerFor(plan: Plan, names: ReadonlySet<string>): Filler {
  type Build = (values: Map<string, JsonValue>, misfit: { found: boolean }) => unknown;
  const build = (node: unknown): Build | undefined => {
    if (node === null || typeof node !== "object") return undefined;
    const param = placeholder(node);
    if (param && names.has(param.name)) {
      return (values, misfit) => {
        const value = planValue(values.get(param.name), param.type);
        if (value === undefined) misfit.found = true;
        return value;
      };
    }
    const entries = Object.entries(node).map(([key, child]) => [key, child, build(child)] as const);
    if (entries.every(([, , part]) => part === undefined)) return undefined;
    if (Array.isArray(node)) return (values, misfit) => entries.map(([, child, part]) => (part ? part(values, misfit) : child));
    return (values, misfit) => {
      const result: Record<string, unknown> = {};
      for (const [key, child, part] of entries) result[key] = part ? part(values, misfit) : child;
      return result;
    };
  };
  freeze(plan);
  const root = build(plan);
  return (values) => {
    if (!root) return plan;
    const misfit = { found: false };
    const filled = root(values, misfit);
    return misfit.found ? undefined : filled;
  };
}

/** The value as the compiler would write it into a plan for a field of `type`, or undefined if it does not fit. */
function planValue(value: JsonValue | undefined, type: string): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) {
    // DateTime and BigInt arrive tagged, already checked by Prisma's client; the plan holds the text.
    return value.$type === type && typeof value.value === "string" ? value.value : undefined;
  }
  switch (type) {
    case "String":
      return typeof value === "string" ? value : undefined;
    case "Boolean":
      return typeof value === "boolean" ? value : undefined;
    case "Int":
      return isInt32(value) ? value : undefined;
    case "Float":
      return typeof value === "number" && Number.isFinite(value) ? value : undefined;
    default:
      return undefined;
  }
}
