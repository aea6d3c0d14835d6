// `npm run bench:bundle`: the JavaScript each page makes the browser download, gzipped, against budget.
//
// Reads the Remix client manifest of the build (BUILD_DIR, default build/; builds if needed) and, for
// each route below, adds up what loading that page directly fetches: the manifest itself, the client
// entry and its imports, and every route module on the way from the root to the page with its imports
// (each file once). Sizes are gzip level 6, as the server's compression sends them.
// `--all` lists every route. Exits 1 when a listed page is over its budget.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { ensureBuild, root } from "./lib/harness.mjs";

const buildDirectory = process.env.BUILD_DIR ?? "build";
const KB = 1024;

/** Budgets, gzipped: a pupil on a school tablet or a phone on mobile data; staff on school networks. */
const BUDGETS = { pupil: 80 * KB, staff: 200 * KB };

// ---------------------------------------------------------------------------------------------------
// THE PAGES. To add one, add its Remix route id (the file name under app/routes, without extension).
// ---------------------------------------------------------------------------------------------------
const PAGES = [
  { route: "routes/sign-in", label: "/sign-in", kind: "staff" },
  { route: "routes/_index", label: "/ (home)", kind: "staff" },
  { route: "routes/sessions._index", label: "/sessions", kind: "staff" },
  { route: "routes/sessions.deliveries.$deliveryId.book", label: "/sessions/deliveries/:id/book", kind: "staff" },
  { route: "routes/guide.$sectionSlug.$pageSlug", label: "/guide/:section/:page", kind: "staff" },
  // { route: "routes/s.$code", label: "/s/:code (pupil survey)", kind: "pupil" },
  // { route: "routes/reach._index", label: "/reach", kind: "staff" },
];

function readManifest() {
  const assets = path.join(root, buildDirectory, "client/assets");
  const file = fs.readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!file) throw new Error(`No Remix manifest in ${assets}`);
  const source = fs.readFileSync(path.join(assets, file), "utf8");
  return JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1));
}

const gzipped = new Map();
function gzipSize(url) {
  if (!gzipped.has(url)) {
    const bytes = fs.readFileSync(path.join(root, buildDirectory, "client", url));
    gzipped.set(url, zlib.gzipSync(bytes, { level: 6 }).length);
  }
  return gzipped.get(url);
}

/** Every JS file loading `routeId` directly fetches, each once. */
function filesFor(manifest, routeId) {
  const chain = [];
  for (let id = routeId; id; id = manifest.routes[id]?.parentId) {
    if (!manifest.routes[id]) throw new Error(`No route ${id} in the build`);
    chain.unshift(manifest.routes[id]);
  }
  return [...new Set([manifest.url, manifest.entry.module, ...manifest.entry.imports, ...chain.flatMap((r) => [r.module, ...(r.imports ?? [])])])];
}

function main() {
  ensureBuild(buildDirectory);
  const manifest = readManifest();
  const pages = process.argv.includes("--all")
    ? Object.keys(manifest.routes)
        .filter((id) => id !== "root")
        .sort()
        .map((route) => PAGES.find((p) => p.route === route) ?? { route, label: route.replace(/^routes\//, ""), kind: "staff" })
    : PAGES;

  const shared = [manifest.url, manifest.entry.module, ...manifest.entry.imports].reduce((n, f) => n + gzipSize(f), 0);
  console.log(`JavaScript per page, gzipped (${buildDirectory}/; shared entry and runtime: ${(shared / KB).toFixed(1)} KB)\n`);
  let over = 0;
  const rows = pages.map((page) => {
    const files = filesFor(manifest, page.route);
    const total = files.reduce((n, f) => n + gzipSize(f), 0);
    const budget = BUDGETS[page.kind];
    if (total > budget) over++;
    return [page.label, page.kind, String(files.length), `${(total / KB).toFixed(1)} KB`, `${budget / KB} KB`, total > budget ? "OVER" : "ok"];
  });
  const header = ["page", "budget for", "files", "gzipped JS", "budget", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
  if (over > 0) {
    console.error(`\n${over} page(s) over budget.`);
    process.exit(1);
  }
}

main();
