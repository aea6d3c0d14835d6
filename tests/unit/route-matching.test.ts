import { createRequire } from "node:module";
import path from "node:path";
import type { AgnosticRouteMatch, AgnosticRouteObject, matchRoutes as MatchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/lib/harness.mjs";

// The CommonJS build, the one the server loads and the one patched (docs/decisions/0067, 0099).
const require = createRequire(import.meta.url);
const { matchRoutes } = require("@remix-run/router") as { matchRoutes: typeof MatchRoutes };
type ManifestRoute = { id: string; path?: string; index?: boolean; parentId?: string };
const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as { flatRoutes: (appDirectory: string) => Record<string, ManifestRoute> };

/** Each match as "route id:pathname", and the deepest match's params. */
function matched(routes: AgnosticRouteObject[], pathname: string) {
  const matches = matchRoutes(routes, pathname) as AgnosticRouteMatch[] | null;
  if (!matches) return null;
  return { routes: matches.map((m) => `${m.route.id}:${m.pathname}`), params: matches.at(-1)?.params };
}

describe("route matching, tried by the path's first segment", () => {
  // One route of each kind the branches are sorted by: plain text, a parameter first, an optional segment,
  // a splat, an index, a pathless layout, a case-sensitive pattern, and plain text that ranks below a parameter.
  const routes: AgnosticRouteObject[] = [
    {
      id: "root",
      path: "",
      children: [
        { id: "home", index: true },
        { id: "survey", path: "s/:code" },
        { id: "survey-new", path: "s/new" },
        { id: "about", path: "About" },
        { id: "exact", path: "Exact", caseSensitive: true },
        { id: "edit", path: ":slug/edit" },
        { id: "help", path: "en?/help" },
        { id: "layout", children: [{ id: "inner", path: "inner/:x?" }] },
        {
          id: "a",
          path: "a",
          children: [
            { id: "a-index", index: true },
            { id: "a-rest", path: "b/*" },
          ],
        },
        { id: "everything-else", path: "*" },
      ],
    },
  ];

  it.each([
    ["/", ["root:/", "home:/"], {}],
    ["/s/ABC", ["root:/", "survey:/s/ABC"], { code: "ABC" }],
    ["/S/abc/", ["root:/", "survey:/S/abc/"], { code: "abc" }],
    ["/s/new", ["root:/", "survey-new:/s/new"], {}],
    ["/about", ["root:/", "about:/about"], {}],
    ["/ABOUT", ["root:/", "about:/ABOUT"], {}],
    ["/Exact", ["root:/", "exact:/Exact"], {}],
    ["/exact", ["root:/", "everything-else:/exact"], { "*": "exact" }],
    ["/s/edit", ["root:/", "survey:/s/edit"], { code: "edit" }],
    ["/about/edit", ["root:/", "edit:/about/edit"], { slug: "about" }],
    ["/help", ["root:/", "help:/help"], {}],
    ["/EN/help", ["root:/", "help:/EN/help"], {}],
    ["/inner", ["root:/", "layout:/", "inner:/inner"], {}],
    ["/inner/1", ["root:/", "layout:/", "inner:/inner/1"], { x: "1" }],
    ["/A", ["root:/", "a:/A", "a-index:/A/"], {}],
    ["/a/b/c/d", ["root:/", "a:/a", "a-rest:/a/b/c/d"], { "*": "c/d" }],
    ["//s/x", ["root:/", "everything-else:/s/x"], { "*": "/s/x" }],
    ["/s%2Fx", ["root:/", "everything-else:/s%2Fx"], { "*": "s/x" }],
    ["/%C3%A9t%C3%A9", ["root:/", "everything-else:/été"], { "*": "été" }],
  ])("matches %s as React Router ranks the routes", (pathname, expected, params) => {
    expect(matched(routes, pathname)).toEqual({ routes: expected, params: expect.objectContaining(params) });
  });

  it("finds every route of the app at a path of its own, in any case", () => {
    const manifest: Record<string, ManifestRoute> = { root: { id: "root", path: "" }, ...flatRoutes(path.join(root, "app")) };
    const all = Object.values(manifest);
    const tree = (parentId: string): AgnosticRouteObject[] =>
      all
        .filter((route) => (route.id === "root" ? parentId === "" : route.parentId === parentId))
        .map((route) => ({ id: route.id, path: route.path, index: route.index, children: route.index ? undefined : tree(route.id) }) as AgnosticRouteObject);
    const routes = tree("");
    const fullPath = (id: string): string => {
      const own = manifest[id]?.path ?? "";
      const parent = manifest[id]?.parentId;
      return parent ? `${fullPath(parent)}/${own}` : `/${own}`;
    };
    // Leaves only: a layout's own path is answered by its index route.
    const leaves = all.filter((route) => route.path !== undefined && !all.some((other) => other.parentId === route.id));
    expect(leaves.length).toBeGreaterThan(50);
    for (const route of leaves) {
      const sample = fullPath(route.id)
        .replace(/:[\w-]+\??/g, "x1")
        .replace(/\*$/, "a/b")
        .replace(/\/+/g, "/");
      for (const pathname of [sample, sample.toUpperCase(), `${sample}/`]) {
        expect(matched(routes, pathname)?.routes.at(-1), pathname).toMatch(new RegExp(`^${route.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:`));
      }
    }
  });
});
