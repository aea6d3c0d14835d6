import { expect, test, type APIRequestContext } from "@playwright/test";
import { EXPECTATIONS, matches, outcomeOf } from "./access-table";
import { contextFor, EVERYONE, recordIds, routeManifest, stageSchoolImport, type Person } from "./routes";

/** Who may open what: every route in access-table.ts, as every kind of person, for GET and for its action. */
test.describe.configure({ mode: "serial" });

test("every route answers each kind of person as the access table says", async ({ baseURL }, testInfo) => {
  // Hundreds of requests, one after another: a multiple of the configured budget, so it scales with it.
  test.setTimeout(testInfo.timeout * 3);
  if (!baseURL) throw new Error("No baseURL");
  const contexts = new Map<Person, APIRequestContext>();
  for (const person of EVERYONE) contexts.set(person, await contextFor(person, baseURL));
  const lead = contexts.get("lead")!;
  const ids = { ...recordIds(), importId: await stageSchoolImport(lead) };
  const routes = await routeManifest(lead);

  const unlisted = routes.filter((route) => (route.hasLoader || route.hasAction) && !(route.id in EXPECTATIONS)).map((r) => r.id);
  expect(unlisted, "routes with no line in the access table").toEqual([]);
  const stale = Object.keys(EXPECTATIONS).filter((id) => !routes.some((route) => route.id === id));
  expect(stale, "lines in the access table for routes that no longer exist").toEqual([]);

  const wrong: string[] = [];
  let requests = 0;
  // Reading first, then forms: a form may change what a later request sees (signing out, for one).
  for (const method of ["GET", "POST"] as const) {
    for (const route of routes) {
      const expectation = EXPECTATIONS[route.id];
      const has = method === "GET" ? route.hasLoader : route.hasAction;
      if (!expectation || !has) continue;
      const table = method === "GET" ? expectation.get : expectation.post;
      if (!table) {
        wrong.push(`${method} ${route.id}: the route has a ${method === "GET" ? "loader" : "action"} but the table says nothing`);
        continue;
      }
      const path = expectation.path?.(ids) ?? route.pattern;
      if (/[:*]/.test(path)) throw new Error(`${route.id} needs a path with its parameters filled in`);
      for (const person of EVERYONE) {
        // A fresh session for each form, since some forms end the session that sent them.
        const context = method === "POST" && person !== "anonymous" ? await contextFor(person, baseURL) : contexts.get(person)!;
        const response = method === "GET" ? await context.get(path) : await context.post(path, { form: {} });
        requests += 1;
        const actual = outcomeOf(response.status(), response.headers().location, method);
        if (person === "teacherB" && response.status() === 200 && (await response.text()).includes(ids.schoolAName)) {
          wrong.push(`${method} ${path} as teacher B shows school A's name`);
        }
        if (response.status() >= 500) wrong.push(`${method} ${path} as ${person}: server error ${response.status()}`);
        else if (!matches(table[person], actual)) wrong.push(`${method} ${path} as ${person}: expected ${table[person]}, got ${actual} (${response.status()})`);
        if (context !== contexts.get(person)) await context.dispose();
      }
    }
  }
  for (const context of contexts.values()) await context.dispose();
  console.log(`Access matrix: ${routes.length} routes, ${requests} requests`);
  expect(wrong).toEqual([]);
});

test("every form refuses with 403 a POST that shows neither Origin nor Sec-Fetch-Site", async ({ baseURL }) => {
  if (!baseURL) throw new Error("No baseURL");
  const lead = await contextFor("lead", baseURL);
  const ids = { ...recordIds(), importId: await stageSchoolImport(lead) };
  const routes = (await routeManifest(lead)).filter((route) => route.hasAction);
  await lead.dispose();
  const wrong: string[] = [];
  for (const person of ["anonymous", "lead"] as const) {
    const handMade = await contextFor(person, baseURL, { fromOwnPage: false });
    for (const route of routes) {
      const path = EXPECTATIONS[route.id]?.path?.(ids) ?? route.pattern;
      const response = await handMade.post(path, { form: {} });
      if (response.status() !== 403) wrong.push(`POST ${path} as ${person} without Origin: ${response.status()}`);
    }
    await handMade.dispose();
  }
  expect(wrong).toEqual([]);
});
