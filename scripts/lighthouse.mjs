// @ts-check
// `npm run bench:lighthouse`: Lighthouse scores for the pages below, against the built server on demo data.
//
// Uses the installed `lighthouse` package and Debian's Chromium (/usr/bin/chromium, or CHROME_PATH),
// headless. Lighthouse's default is a mid-range phone on a slow 4G connection (simulated);
// LIGHTHOUSE_PRESET=desktop scores as a desktop. Prints performance, accessibility, best practices and
// SEO per page, and what cost points where a score is under 100. Exits 1 when a page misses a target.
import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import Database from "better-sqlite3";
import { demoDatabaseCopy, ensureBuild, freePort, printTable, scratchDirectory, sessionCookieFor, startServer } from "./lib/harness.mjs";

const buildDirectory = process.env.BUILD_DIR ?? "build";
const chromePath = process.env.CHROME_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
const preset = process.env.LIGHTHOUSE_PRESET === "desktop" ? "desktop" : "mobile";

/** @typedef {"performance" | "accessibility" | "best-practices" | "seo"} Category */
/** @type {Category[]} */
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
/** @type {Record<Category, number>} */
const TARGETS = { performance: 95, accessibility: 100, "best-practices": 100, seo: 0 };

// ---------------------------------------------------------------------------------------------------
// THE PAGES. `path(ids)` is the address; `as` signs the page in as a demo user (a session cookie sent
// as an extra header). To add the pupil survey page or the reach dashboard, add an entry here.
// ---------------------------------------------------------------------------------------------------
/** @typedef {{ guidePage: string, surveyCode: string }} DemoIds */
/** @type {{ name: string, path: (ids: DemoIds) => string, as?: string }[]} */
const PAGES = [
  { name: "sign-in", path: () => "/sign-in" },
  { name: "guide page", path: (ids) => ids.guidePage },
  { name: "teacher's home", path: () => "/", as: "teacher@example.org" },
  { name: "pupil survey", path: (ids) => `/s/${ids.surveyCode}` },
  { name: "reach dashboard", path: () => "/reach", as: "lead@example.org" },
];

/**
 * @param {import("better-sqlite3").Database} db
 * @returns {DemoIds}
 */
function lookup(db) {
  const page = /** @type {{ section: string, page: string } | undefined} */ (
    db
      .prepare(
        `SELECT s.slug AS section, p.slug AS page FROM GuidePage p JOIN GuideSection s ON s.id = p.sectionId
       WHERE p.publishedRevisionId IS NOT NULL ORDER BY s.position, p.position LIMIT 1`,
      )
      .get()
  );
  if (!page) throw new Error("The demo data has no published guide page");
  const survey = /** @type {{ code: string } | undefined} */ (
    db
      .prepare("SELECT code FROM SurveyRun WHERE closedAt IS NULL AND (closesOn IS NULL OR closesOn > ?) AND maxResponses IS NULL ORDER BY createdAt LIMIT 1")
      .get(new Date().toISOString())
  );
  if (!survey) throw new Error("The demo data has no open survey");
  return { guidePage: `/guide/${page.section}/${page.page}`, surveyCode: survey.code };
}

async function main() {
  ensureBuild(buildDirectory);
  const dir = scratchDirectory("lighthouse");
  const databaseFile = path.join(dir, "app.db");
  await demoDatabaseCopy(databaseFile);
  const db = new Database(databaseFile, { readonly: true });
  const ids = lookup(db);
  db.close();

  const server = await startServer({ databaseFile, port: await freePort(), buildDirectory });
  // Lighthouse wants a host name a person would use; the server listens on every loopback address.
  const base = server.baseUrl.replace("127.0.0.1", "localhost");
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
  const rows = [];
  let missed = 0;
  try {
    for (const page of PAGES) {
      const url = `${base}${page.path(ids)}`;
      const extraHeaders = page.as ? { Cookie: sessionCookieFor(databaseFile, page.as) } : undefined;
      // On a busy machine Chromium sometimes fails to record the trace (NO_NAVSTART); try again.
      let lhr;
      for (let attempt = 1; attempt <= 3; attempt++) {
        const runner = await lighthouse(
          url,
          { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES, extraHeaders },
          preset === "desktop" ? desktopConfig : undefined,
        );
        lhr = runner?.lhr;
        if (lhr && !lhr.runtimeError) break;
        console.warn(`  ${page.name}: ${lhr?.runtimeError?.code ?? "no result"}${attempt < 3 ? ", trying again" : ""}`);
      }
      if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
      if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
      if (lhr.finalDisplayedUrl !== url) console.warn(`  note: ${url} ended at ${lhr.finalDisplayedUrl}`);
      const { categories, audits } = lhr;
      const scores = /** @type {Record<Category, number>} */ (Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((categories[c]?.score ?? 0) * 100)])));
      rows.push({ name: page.name, path: page.path(ids), scores });
      for (const category of CATEGORIES) {
        if (scores[category] < TARGETS[category]) missed++;
        if (scores[category] === 100) continue;
        const losses = (categories[category]?.auditRefs ?? []).flatMap((ref) => {
          const audit = audits[ref.id];
          if (ref.weight <= 0 || !audit || (audit.score ?? 1) >= 1) return [];
          return [`${ref.id} (${audit.displayValue || Math.round((audit.score ?? 0) * 100)})`];
        });
        if (losses.length > 0) console.log(`  ${page.name}, ${category} ${scores[category]}: ${losses.join(", ")}`);
      }
    }
  } finally {
    await chrome.kill();
    server.child.kill("SIGTERM");
    await server.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nLighthouse ${preset} scores (targets: performance ${TARGETS.performance}, accessibility 100, best practices 100)\n`);
  printTable(
    ["page", "address", ...CATEGORIES],
    rows.map((r) => [r.name, r.path, ...CATEGORIES.map((c) => String(r.scores[c]))]),
    2,
  );
  if (missed > 0) {
    console.error(`\n${missed} score(s) under target.`);
    process.exit(1);
  }
}

await main();
