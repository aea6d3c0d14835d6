import { expect, test } from "@playwright/test";
import { openDatabase } from "../support/auth";
import { EXPECTATIONS } from "./access-table";
import { HOSTILE_VALUES, postFormsIn, type PageForm } from "./forms";
import { contextFor, recordIds, routeManifest, stageSchoolImport, type Person } from "./routes";

/**
 * Bad input everywhere: every form of every route with an action, as someone allowed to use it,
 * posted with malformed values (wrong types, missing and duplicated fields, huge strings, unicode,
 * negative and enormous numbers, unknown ids). No answer may be a server error, and an answer that
 * refuses the input (400) must leave the database exactly as it was.
 */

/**
 * Whether anything was committed between two readings: SQLite's data_version, read on one connection
 * that stays open, changes whenever another connection commits.
 */
function commitWatcher() {
  const db = openDatabase();
  const version = () => db.pragma("data_version", { simple: true }) as number;
  return { version, close: () => db.close() };
}

/**
 * A refused sign-in is recorded (it counts towards the throttle), and so is a refused two-step code (it is
 * counted before it is checked), so these routes may write on a 400.
 */
const WRITES_WHEN_REFUSED = new Set(["routes/sign-in", "routes/account_.two-step"]);

/** Forms that send the same fields to the same place are one form to this test. */
function distinct(forms: PageForm[]): PageForm[] {
  const seen = new Set<string>();
  return forms.filter((form) => {
    const key = `${form.action} ${[...form.fields.keys()].sort().join(",")} ${form.fields.get("intent")?.join(",") ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The person the table allows to post to a route, most powerful first. */
function allowedPoster(routeId: string): Person | null {
  const post = EXPECTATIONS[routeId]?.post;
  if (!post) return null;
  return (["lead", "mvpA", "teacherA", "anonymous"] as const).find((person) => post[person] === "allowed") ?? null;
}

function variantsOf(form: PageForm): [string, [string, string][]][] {
  const entries = [...form.fields].flatMap(([name, values]) => values.map((value) => [name, value] as [string, string]));
  const names = [...form.fields.keys()];
  const variants: [string, [string, string][]][] = [["nothing at all", []]];
  for (const value of HOSTILE_VALUES) {
    variants.push([`every field ${JSON.stringify(value.slice(0, 20))}`, names.map((name) => [name, value])]);
    // Keep what identifies the form (its intent and hidden ids), change only what a person types.
    variants.push([
      `typed fields ${JSON.stringify(value.slice(0, 20))}`,
      entries.map(([name, v]) => [name, name === "intent" || /id$/i.test(name) ? v : value]),
    ]);
  }
  variants.push([
    "each field twice",
    entries.flatMap(
      ([name, v]) =>
        [
          [name, v],
          [name, `${v}-again`],
        ] as [string, string][],
    ),
  ]);
  for (const name of names) variants.push([`without ${name}`, entries.filter(([n]) => n !== name)]);
  variants.push(["an unknown field", [...entries, ["__proto__", "{}"], ["constructor", "x"]]]);
  return variants;
}

test("no form answers malformed input with a server error, and a refusal changes nothing", async ({ baseURL }, testInfo) => {
  // Thousands of requests, one after another: a multiple of the configured budget, so it scales with it.
  test.setTimeout(testInfo.timeout * 6);
  if (!baseURL) throw new Error("No baseURL");
  const lead = await contextFor("lead", baseURL);
  const ids = { ...recordIds(), importId: await stageSchoolImport(lead) };
  const routes = (await routeManifest(lead)).filter((route) => route.hasAction);

  const commits = commitWatcher();
  const problems: string[] = [];
  const counts = { forms: 0, requests: 0, refused: 0, accepted: 0 };
  for (const route of routes) {
    const person = allowedPoster(route.id);
    const expectation = EXPECTATIONS[route.id];
    if (!person || !expectation) continue;
    const path = expectation.path?.(ids) ?? route.pattern;
    const reader = await contextFor(person, baseURL);
    const page = await reader.get(path);
    const forms = page.status() === 200 ? distinct(postFormsIn(await page.text(), path).filter((form) => form.action === new URL(path, baseURL).pathname)) : [];
    await reader.dispose();
    // A route whose page shows no form (or a record no longer there) still gets the bare variants.
    if (forms.length === 0) forms.push({ action: path, fields: new Map() });

    for (const form of forms) {
      counts.forms += 1;
      for (const [label, fields] of variantsOf(form)) {
        const poster = await contextFor(person, baseURL);
        const body = new URLSearchParams(fields).toString();
        const before = commits.version();
        const response = await poster.post(path, { data: body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
        counts.requests += 1;
        const status = response.status();
        if (status >= 500) problems.push(`POST ${path} as ${person}, ${label}: ${status}`);
        if (status === 400 || status === 404 || status === 403) {
          counts.refused += 1;
          if (commits.version() !== before && !WRITES_WHEN_REFUSED.has(route.id))
            problems.push(`POST ${path} as ${person}, ${label}: refused with ${status} but the database changed`);
        } else {
          counts.accepted += 1;
        }
        await poster.dispose();
      }
    }
  }

  commits.close();
  const db = openDatabase();
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
  } finally {
    db.close();
  }
  console.log(`Bad input: ${counts.forms} forms, ${counts.requests} requests, ${counts.refused} refused, ${counts.accepted} accepted`);
  expect(problems).toEqual([]);
});
