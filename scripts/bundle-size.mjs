// @ts-check
// `npm run bench:bundle`: the JavaScript each page makes the browser download, gzipped, against budget.
//
// Starts the built server (BUILD_DIR, default build/; builds if needed) on a copy of the demo data,
// opens each page below as the person who uses it, and adds up every script the HTML asks for (module
// scripts, modulepreload links and the imports the Remix manifest lists for them, each file once).
// So a page that sends no scripts at all counts 0 KB. Sizes are gzip level 6, as the server's
// compression sends them. Exits 1 when a page is over its budget.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import { demoDatabaseCopy, ensureBuild, freePort, printTable, root, scratchDirectory, sessionCookieFor, startServer } from "./lib/harness.mjs";

const buildDirectory = process.env.BUILD_DIR ?? "build";
const KB = 1024;

/** Budgets, gzipped: a pupil on a school tablet or a phone on mobile data; staff on school networks. */
const BUDGETS = { pupil: 80 * KB, staff: 200 * KB };

// ---------------------------------------------------------------------------------------------------
// THE PAGES: the address (ids from `lookup`), who opens it, and which budget applies.
// ---------------------------------------------------------------------------------------------------
/** @typedef {{ guidePage: string, surveyCode: string }} DemoIds */
/** @type {{ label: string, kind: keyof typeof BUDGETS, as: string | null, path: (ids: DemoIds) => string }[]} */
const PAGES = [
  { label: "/sign-in", kind: "staff", as: null, path: () => "/sign-in" },
  { label: "/ (teacher's home)", kind: "staff", as: "teacher@example.org", path: () => "/" },
  { label: "/sessions", kind: "staff", as: "teacher@example.org", path: () => "/sessions" },
  { label: "/guide/:section/:page", kind: "staff", as: null, path: (ids) => ids.guidePage },
  { label: "/reach (dashboard)", kind: "staff", as: "lead@example.org", path: () => "/reach" },
  { label: "/s (enter a code)", kind: "pupil", as: null, path: () => "/s" },
  { label: "/s/:code (pupil survey)", kind: "pupil", as: null, path: (ids) => `/s/${ids.surveyCode}` },
];

/**
 * @param {string} databaseFile
 * @returns {DemoIds}
 */
function lookup(databaseFile) {
  const db = new Database(databaseFile, { readonly: true });
  try {
    const page = /** @type {{ slug: string, section: string } | undefined} */ (
      db
        .prepare("SELECT p.slug, s.slug AS section FROM GuidePage p JOIN GuideSection s ON s.id = p.sectionId WHERE p.publishedRevisionId IS NOT NULL LIMIT 1")
        .get()
    );
    if (!page) throw new Error("The demo data has no published guide page");
    const survey = /** @type {{ code: string } | undefined} */ (
      db
        .prepare("SELECT code FROM SurveyRun WHERE closedAt IS NULL AND (closesOn IS NULL OR closesOn > ?) ORDER BY createdAt LIMIT 1")
        .get(new Date().toISOString())
    );
    if (!survey) throw new Error("The demo data has no open survey");
    return { guidePage: `/guide/${page.section}/${page.slug}`, surveyCode: survey.code };
  } finally {
    db.close();
  }
}

/** @typedef {{ url: string, entry: { module: string, imports: string[] } }} RemixManifest */

/** @returns {RemixManifest} */
function readManifest() {
  const assets = path.join(root, buildDirectory, "client/assets");
  const file = fs.readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!file) throw new Error(`No Remix manifest in ${assets}`);
  const source = fs.readFileSync(path.join(assets, file), "utf8");
  return JSON.parse(source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1));
}

/** @type {Map<string, number>} */
const gzipped = new Map();
/** @param {string} url */
function gzipSize(url) {
  let size = gzipped.get(url);
  if (size === undefined) {
    size = zlib.gzipSync(fs.readFileSync(path.join(root, buildDirectory, "client", url)), { level: 6 }).length;
    gzipped.set(url, size);
  }
  return size;
}

/** Every script the page's HTML loads: its module scripts and preloads, and their imports, each once. */
function scriptsIn(/** @type {string} */ html, /** @type {RemixManifest} */ manifest) {
  /** @type {Set<string>} */
  const urls = new Set();
  for (const [, url] of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="(\/assets\/[^"]+\.js)"/g)) if (url) urls.add(url);
  // Remix's inline boot script imports the manifest and the entry; count them when it is there.
  if (/window\.__remixManifest|__remixContext/.test(html)) {
    urls.add(manifest.url);
    urls.add(manifest.entry.module);
    for (const url of manifest.entry.imports) urls.add(url);
  }
  return [...urls];
}

async function main() {
  ensureBuild(buildDirectory);
  const manifest = readManifest();
  const dir = scratchDirectory("bundle");
  const databaseFile = await demoDatabaseCopy(path.join(dir, "bundle.db"));
  const ids = lookup(databaseFile);
  const server = await startServer({ databaseFile, port: await freePort(), buildDirectory });
  const cookies = new Map();
  let over = 0;
  const rows = [];
  try {
    for (const page of PAGES) {
      if (page.as && !cookies.has(page.as)) cookies.set(page.as, sessionCookieFor(databaseFile, page.as));
      const response = await fetch(`${server.baseUrl}${page.path(ids)}`, { headers: page.as ? { cookie: cookies.get(page.as) } : {} });
      if (response.status !== 200) throw new Error(`${page.label} answered ${response.status}`);
      const files = scriptsIn(await response.text(), manifest);
      const total = files.reduce((n, f) => n + gzipSize(f), 0);
      const budget = BUDGETS[page.kind];
      if (total > budget) over++;
      rows.push([page.label, page.kind, String(files.length), `${(total / KB).toFixed(1)} KB`, `${budget / KB} KB`, total > budget ? "OVER" : "ok"]);
    }
  } finally {
    server.child.kill("SIGTERM");
    await server.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`JavaScript each page loads, gzipped (${buildDirectory}/)\n`);
  const header = ["page", "budget for", "files", "gzipped JS", "budget", ""];
  printTable(header, rows, 2);
  if (over > 0) {
    console.error(`\n${over} page(s) over budget.`);
    process.exit(1);
  }
}

await main();
