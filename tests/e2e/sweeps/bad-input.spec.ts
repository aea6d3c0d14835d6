import http from "node:http";
import { expect, test } from "@playwright/test";
import { openDatabase } from "../support/auth";
import { EXPECTATIONS } from "./access-table";
import {
  dayBeside,
  FAR_DATES,
  FAR_OVER_ANY_MOST,
  HIDDEN_IN_A_LINE,
  HIDDEN_IN_LINES,
  HOSTILE_VALUES,
  NOT_DECIMAL_NUMBERS,
  postFormsIn,
  type FieldKind,
  type PageForm,
} from "./forms";
import { contextFor, headersFor, postForm, recordIds, routeManifest, stageSchoolImport, type Person } from "./routes";

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
 * counted before it is checked), and so is one's own password typed again on the account page (counted, and
 * audited when wrong: decision 0164), and so is a refused survey answer (refused answers to one code are
 * limited, and every worker counts them in the database: app/models/rate-limits.server.ts), so these routes
 * may write on a 400. Such a write is the limit's own counter or the audit of a wrong password, never the
 * data the form would change.
 */
const WRITES_WHEN_REFUSED = new Set(["routes/sign-in", "routes/account", "routes/account_.two-step", "routes/s.$code"]);

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
  // Names the form library reads as its own instructions, with values it cannot read: were a 500.
  variants.push(["the form library's own names", [...entries, ["__state__", "x"], ["__intent__", "null"]]]);
  return variants;
}

/**
 * Every route with an action that someone may post to, with the person who may, the address (with real
 * record ids) and the distinct forms its page shows that post back to it (none when the page is not 200).
 */
async function postableRoutes(baseURL: string) {
  const lead = await contextFor("lead", baseURL);
  const ids = { ...recordIds(), importId: await stageSchoolImport(lead) };
  const found: { routeId: string; person: Person; path: string; forms: PageForm[] }[] = [];
  for (const route of (await routeManifest(lead)).filter((r) => r.hasAction)) {
    const person = allowedPoster(route.id);
    const expectation = EXPECTATIONS[route.id];
    if (!person || !expectation) continue;
    const path = expectation.path?.(ids) ?? route.pattern;
    const reader = await contextFor(person, baseURL);
    const page = await reader.get(path);
    const forms = page.status() === 200 ? distinct(postFormsIn(await page.text(), path).filter((form) => form.action === new URL(path, baseURL).pathname)) : [];
    await reader.dispose();
    found.push({ routeId: route.id, person, path, forms });
  }
  await lead.dispose();
  return found;
}

test("no form answers malformed input with a server error, and a refusal changes nothing", async ({ baseURL }, testInfo) => {
  // Thousands of requests, one after another: a multiple of the configured budget, so it scales with it.
  test.setTimeout(testInfo.timeout * 6);
  if (!baseURL) throw new Error("No baseURL");
  const routes = await postableRoutes(baseURL);

  const commits = commitWatcher();
  const problems: string[] = [];
  const counts = { forms: 0, requests: 0, refused: 0, accepted: 0 };
  for (const { routeId, person, path, forms } of routes) {
    // A route whose page shows no form (or a record no longer there) still gets the bare variants.
    if (forms.length === 0) forms.push({ action: path, fields: new Map() });

    for (const form of forms) {
      counts.forms += 1;
      for (const [label, fields] of variantsOf(form)) {
        // A fresh session for each post, so that nothing an earlier one did to its session (signing out) changes it.
        const headers = headersFor(person, baseURL);
        const before = commits.version();
        const { status } = await postForm(baseURL, path, fields, headers);
        counts.requests += 1;
        if (status >= 500) problems.push(`POST ${path} as ${person}, ${label}: ${status}`);
        if (status === 400 || status === 404 || status === 403) {
          counts.refused += 1;
          if (commits.version() !== before && !WRITES_WHEN_REFUSED.has(routeId))
            problems.push(`POST ${path} as ${person}, ${label}: refused with ${status} but the database changed`);
        } else {
          counts.accepted += 1;
        }
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

/** The values of a new kind for a field: each must be refused. Dates go one day beyond the window its input shows. */
function refusedValuesFor(kind: FieldKind): readonly string[] {
  switch (kind.kind) {
    case "date":
      return [...(kind.min ? [dayBeside(kind.min, -1)] : []), ...(kind.max ? [dayBeside(kind.max, 1)] : []), ...FAR_DATES];
    case "number":
      return NOT_DECIMAL_NUMBERS;
    case "line":
      return [...HIDDEN_IN_A_LINE, ...FAR_OVER_ANY_MOST];
    case "lines":
      return [...HIDDEN_IN_LINES, ...FAR_OVER_ANY_MOST];
  }
}

test.describe("dates beyond their window, numbers that are not decimal, hidden characters in text, text far over its most", () => {
  test("every field of every form refuses them with 400 and a message, and a date at the edge of its window is no server error", async ({
    baseURL,
  }, testInfo) => {
    test.setTimeout(testInfo.timeout * 6);
    if (!baseURL) throw new Error("No baseURL");
    const routes = await postableRoutes(baseURL);
    const commits = commitWatcher();
    const problems: string[] = [];
    const counts = { fields: 0, requests: 0 };
    for (const { routeId, person, path, forms } of routes) {
      for (const form of forms) {
        const entries = [...form.fields].flatMap(([name, values]) => values.map((value) => [name, value] as [string, string]));
        for (const [name, kind] of form.kinds ?? []) {
          counts.fields += 1;
          const post = async (value: string) => {
            const headers = headersFor(person, baseURL);
            const fields = entries.map(([n, v]): [string, string] => [n, n === name ? value : v]);
            const before = commits.version();
            const { status, body } = await postForm(baseURL, path, fields, headers);
            counts.requests += 1;
            return { status, body, changed: commits.version() !== before };
          };
          for (const value of refusedValuesFor(kind)) {
            const { status, body, changed } = await post(value);
            const shown = value.length > 40 ? `${value.length.toLocaleString("en-GB")} × ${JSON.stringify(value[0])}` : JSON.stringify(value);
            const label = `POST ${path} as ${person}, ${name} = ${shown}`;
            if (status !== 400) problems.push(`${label}: ${status}, not 400`);
            else if (!body.includes("There is a problem")) problems.push(`${label}: 400 without a message`);
            if (changed && !WRITES_WHEN_REFUSED.has(routeId)) problems.push(`${label}: the database changed`);
          }
          if (kind.kind === "date") {
            for (const edge of [kind.min, kind.max].filter((d): d is string => d !== null)) {
              const { status } = await post(edge);
              if (status >= 500) problems.push(`POST ${path} as ${person}, ${name} = ${edge} (the edge of its window): ${status}`);
            }
          }
        }
      }
    }
    commits.close();
    console.log(`New kinds: ${counts.fields} fields, ${counts.requests} requests`);
    expect(counts.fields).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  test("the audit log's date filter refuses dates beyond its window with 400 and a message", async ({ baseURL }) => {
    if (!baseURL) throw new Error("No baseURL");
    const lead = await contextFor("lead", baseURL);
    const html = await (await lead.get("/admin/audit")).text();
    for (const name of ["from", "to"]) expect(html).toMatch(new RegExp(`<input[^>]*name="${name}"[^>]*min="2015-09-01" max="\\d{4}-08-31"`));
    for (const value of ["9999-12-31", "0001-01-01", "2015-08-31"]) {
      for (const name of ["from", "to"]) {
        const response = await lead.get(`/admin/audit?${name}=${value}`);
        expect(response.status(), `${name}=${value}`).toBe(400);
        expect(await response.text()).toContain("There is a problem");
      }
    }
    expect((await lead.get("/admin/audit?from=2015-09-01&to=2015-09-01")).status()).toBe(200);
    await lead.dispose();
  });
});

/**
 * Requests that are wrong before any field is read, over every route: cookies that do not decode,
 * addresses that do not decode, bodies that are not forms, and bodies over the limit. The server
 * refuses them itself (scripts/lib/request-guards.mjs) with 400, 413 or 415; none may be a 5xx.
 */
test.describe("requests wrong before any field is read", () => {
  const NOT_FORMS: [string, string][] = [
    ["application/json", '{"intent":"x"}'],
    ["text/plain", "intent=x"],
    ["multipart/form-data; boundary=broken", "not multipart at all"],
    ["application/xml", "<a/>"],
  ];
  const ODD_QUERY = "__state__=x&__intent__=null&q=a&q=b&page=0&page=2&year=%00&topic=&sort=pupils&sort=name&code=%20";
  // The one route that takes a file, and takes multipart: a broken one is its own form's 400.
  const UPLOAD = "/schools/import";

  /**
   * The status of the answer to a POST whose headers declare a body of `bytes`, sent before any of the body:
   * a body over its limit is refused from its Content-Length alone, and the connection ends with the answer.
   * (Sending the body as well made the test fail by chance: the server may close the connection while a
   * client is still writing, which is the client's broken pipe, not the server's answer.)
   */
  function statusBeforeBody(url: URL, bytes: number, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method: "POST", headers: { ...headers, "Content-Length": String(bytes) } }, (response) => {
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on("error", reject);
      // A server that waited for the body instead would leave this waiting: fail with the address instead.
      request.setTimeout(10_000, () => request.destroy(new Error(`No answer to ${url} before its body was sent`)));
      request.flushHeaders();
    });
  }

  test("undecodable cookies and addresses, non-form bodies and oversize bodies are 400, 413 or 415 on every route", async ({ baseURL }, testInfo) => {
    test.setTimeout(testInfo.timeout * 3);
    if (!baseURL) throw new Error("No baseURL");
    const lead = await contextFor("lead", baseURL);
    const ids = { ...recordIds(), importId: await stageSchoolImport(lead) };
    const routes = await routeManifest(lead);
    const anonymous = await contextFor("anonymous", baseURL);
    const problems: string[] = [];
    const expectStatus = (what: string, status: number, allowed: number[]) => {
      if (!allowed.includes(status)) problems.push(`${what}: ${status}, expected ${allowed.join(" or ")}`);
    };
    let requests = 0;

    for (const route of routes) {
      const expectation = EXPECTATIONS[route.id];
      if (!expectation || !(route.hasLoader || route.hasAction)) continue;
      const path = expectation.path?.(ids) ?? route.pattern;
      const pathname = new URL(path, baseURL).pathname;

      if (route.hasLoader) {
        const withBadCookies = await anonymous.get(path, { headers: { Cookie: "vrn_session=%; vrn_survey=%ZZ; vrn_flash=%E0%A4%A" } });
        requests += 1;
        if (withBadCookies.status() >= 500) problems.push(`GET ${path} with undecodable cookies: ${withBadCookies.status()}`);
        const cleared = withBadCookies.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie" && /Max-Age=0/.test(h.value));
        if (cleared.length < 3) problems.push(`GET ${path} with undecodable cookies cleared ${cleared.length} of 3`);
        expectStatus(`GET ${pathname}%ED%A0%80`, (await anonymous.get(`${pathname}%ED%A0%80`)).status(), [400]);
        // An address edited by hand, read by someone who may see the page: fields twice, odd values, and the
        // form library's own names (a 500 on every filter page before).
        const edited = `${path}${path.includes("?") ? "&" : "?"}${ODD_QUERY}`;
        const editedStatus = (await lead.get(edited)).status();
        if (editedStatus >= 500) problems.push(`GET ${edited}: ${editedStatus}`);
        requests += 2;
      }

      if (route.hasAction) {
        for (const [type, data] of NOT_FORMS) {
          const response = await lead.post(path, { data, headers: { "Content-Type": type } });
          requests += 1;
          const isUploadMultipart = pathname === UPLOAD && type.startsWith("multipart/");
          expectStatus(`POST ${path} as ${type}`, response.status(), isUploadMultipart ? [400] : [415]);
        }
        // No body at all, with no type (an empty form) and with a type that is not a form: before, both
        // reached the action, whose request.formData() threw (a 500).
        const empty = (type?: string) =>
          fetch(new URL(path, baseURL), {
            method: "POST",
            redirect: "manual",
            headers: { ...headersFor("lead", baseURL), ...(type ? { "Content-Type": type } : {}) },
          });
        const untyped = await empty();
        await untyped.arrayBuffer();
        if (untyped.status >= 500) problems.push(`POST ${path} with no body and no type: ${untyped.status}`);
        const emptyJson = await empty("application/json");
        await emptyJson.arrayBuffer();
        expectStatus(`POST ${path} with no body, as application/json`, emptyJson.status, [415]);
        requests += 2;
        const limit = pathname === UPLOAD ? 21 * 1024 * 1024 : 1024 * 1024;
        const oversize = await statusBeforeBody(new URL(path, baseURL), limit + 1, {
          ...headersFor("lead", baseURL),
          "Content-Type": pathname === UPLOAD ? "multipart/form-data; boundary=x" : "application/x-www-form-urlencoded",
        });
        requests += 1;
        expectStatus(`POST ${path} over ${limit} bytes`, oversize, [413]);
      }
    }
    await lead.dispose();
    await anonymous.dispose();
    console.log(`Requests wrong before any field is read: ${requests} requests`);
    expect(problems).toEqual([]);
  });
});
