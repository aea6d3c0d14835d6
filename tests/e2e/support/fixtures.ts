import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/**
 * Every browser test uses this `test`. It fails when:
 * - a page has any WCAG 2.2 AA violation that axe can find;
 * - a page the test visited was never checked with axe (call `expectAccessible` after each navigation);
 * - the browser logged an error;
 * - the page broke its Content-Security-Policy (a `securitypolicyviolation` event, or the browser's
 *   console report of one, which also covers pages without JavaScript).
 */
const checkedPages = new WeakMap<Page, Set<string>>();
const javaScriptOn = new WeakMap<Page, boolean>();

const where = (url: string) => {
  const { pathname, search } = new URL(url);
  return `${pathname}${search}`;
};

// The title of the page shown when the service fails (app/root.tsx). A page titled so must be that page:
// the home page once was, whatever it showed.
const SERVER_ERROR_TITLE = "Sorry, there is a problem with the service";

export async function expectAccessible(page: Page) {
  await page.waitForLoadState("domcontentloaded");
  await appSettled(page);
  if ((await page.title()).startsWith(SERVER_ERROR_TITLE)) {
    await expect(page.getByRole("heading", { level: 1 }), `the error title of ${page.url()}`).toHaveText(SERVER_ERROR_TITLE);
  }
  const address = page.url();
  const results = await analyze(page);
  expect(page.url(), "the page's address while it was checked").toBe(address);
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
  expect(violations, `accessibility violations on ${address}`).toEqual([]);
  checkedPages.get(page)?.add(where(address));
}

/** Whether the app in the page has no navigation, form submission or reload of its data under way (true without the app's scripts). */
function appIdle() {
  type RouterState = { navigation: { state: string }; revalidation: string };
  const router = (window as { __remixRouter?: { state: RouterState } }).__remixRouter;
  return !router || (router.state.navigation.state === "idle" && router.state.revalidation === "idle");
}

/**
 * A link or form the app handles in the browser reaches its next page after the click that started it
 * has returned. Waits until the app is idle, so that a check is of the page the person ends up on and
 * not of the one they are leaving. Asked once first, since a page without scripts cannot be waited on.
 */
async function appSettled(page: Page) {
  const expectTimeout = 15_000; // as long as an expectation waits (playwright.config.ts)
  if (javaScriptOn.get(page) === false || (await page.evaluate(appIdle))) return;
  await page.waitForFunction(appIdle, undefined, { timeout: expectTimeout }).catch((error: unknown) => {
    throw new Error(`The app at ${page.url()} was still moving to another page, or sending a form, after ${expectTimeout / 1000} s`, { cause: error });
  });
}

// @axe-core/playwright sends axe-core's whole source (1.3 MB, unminified) from this process into the page
// twice for each check: once to look at it and once more to run it. Sending it took longer than most pages'
// rules. Instead each browser context is given axe-core once (the minified 570 KB of the same release), as a
// script every document of the context runs before its own, which only defines a function that loads
// axe-core; a check sends the call. A page never checked runs none of axe-core. A document whose context was
// made without `preloadAxe` is sent the function on its first check, and its context gets the script.
const axeSource = readFileSync(
  createRequire(createRequire(import.meta.url).resolve("@axe-core/playwright")).resolve("axe-core/axe.min.js"), // the release the library runs
  "utf8",
);
const AXE_LOADER_NAME = "__loadAxeForChecks";
const AXE_LOADER = `if (!window.${AXE_LOADER_NAME}) Object.defineProperty(window, "${AXE_LOADER_NAME}", { value: function () {\n${axeSource}\n} });\nvoid 0;`;
const LOAD_AXE = `void (typeof window.axe?.run === "function" || window.${AXE_LOADER_NAME}())`;
const preloadedContexts = new WeakSet<BrowserContext>();

/** Gives every document of `context` from now on the function that loads axe-core (once per context). */
export async function preloadAxe(context: BrowserContext) {
  if (preloadedContexts.has(context)) return;
  preloadedContexts.add(context);
  await context.addInitScript({ content: AXE_LOADER });
}

// Only the violations are read, so axe skips collecting the nodes of every passing rule. Legacy mode runs
// axe in the page itself: the default opens, fills and closes a blank page on every check to merge the
// results of frames, which doubled each check's time. Legacy mode checks no cross-origin frame, and this
// service shows no frames at all, so a page with one fails here rather than be half checked.
async function analyzeWith(page: Page) {
  const frames = page.frames().length;
  if (frames > 1) throw new Error(`${page.url()} has ${frames - 1} frame(s), which these checks do not cover`);
  if (!(await page.evaluate(`typeof window.${AXE_LOADER_NAME} === "function"`))) {
    await page.evaluate(AXE_LOADER);
    await preloadAxe(page.context());
  }
  return new AxeBuilder({ page, axeSource: LOAD_AXE })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .options({ resultTypes: ["violations"] })
    .setLegacyMode(true)
    .analyze();
}

// One page per browser (so per worker) is every twin in turn, one check at a time: making and closing
// a context, and then a page, for each check was much of the time a no-JavaScript test spent.
const twinPages = new WeakMap<Browser, Promise<Page>>();
const twinTurns = new WeakMap<Page, Promise<unknown>>();

function twinPageOf(browser: Browser) {
  let twin = twinPages.get(browser);
  if (!twin) {
    twin = browser.newContext({ javaScriptEnabled: true }).then(async (context) => {
      await preloadAxe(context);
      return context.newPage();
    });
    twinPages.set(browser, twin);
  }
  return twin;
}

const withoutFragment = (url: string) => url.replace(/#.*$/, "");

/**
 * axe runs inside the page, which a page without JavaScript cannot do. So the exact HTML that page shows
 * is served at the same address to a page with JavaScript (stylesheets load from the real server; the
 * app's own scripts are removed, so what is checked is what a no-JavaScript user sees).
 */
async function analyze(page: Page) {
  if (javaScriptOn.get(page) !== false) return analyzeWith(page);
  const url = page.url();
  const html = (await page.content()).replace(/<script[\s\S]*?<\/script>/g, "").replace(/<link rel="modulepreload"[^>]*>/g, "");
  const browser = page.context().browser();
  if (!browser) throw new Error("No browser to run axe in");
  const twin = await twinPageOf(browser);
  const previous = twinTurns.get(twin) ?? Promise.resolve();
  const check = previous
    .catch(() => undefined)
    .then(async () => {
      const address = withoutFragment(url);
      // A move to another fragment of the same address would keep the document the twin already has.
      if (withoutFragment(twin.url()) === address) await twin.goto("about:blank");
      const viewport = page.viewportSize();
      if (viewport) await twin.setViewportSize(viewport);
      // Requests carry no fragment, so the address is matched without one.
      const isPage = (requested: URL) => withoutFragment(requested.href) === address;
      let served = false;
      await twin.route(isPage, (route) => {
        served = true;
        return route.fulfill({ status: 200, contentType: "text/html", body: html });
      });
      try {
        await twin.goto(url);
        if (!served || withoutFragment(twin.url()) !== address) throw new Error(`The page without JavaScript at ${url} was not the one checked`);
        return await analyzeWith(twin);
      } finally {
        await twin.unroute(isPage);
      }
    });
  twinTurns.set(twin, check);
  return check;
}

/**
 * Runs in every document before the page's own scripts. Playwright injects it outside the page's
 * CSP, so the policy cannot block the listener that reports it.
 */
function reportPolicyViolations() {
  document.addEventListener("securitypolicyviolation", (event) => {
    const report = (window as unknown as { __reportCspViolation?: (text: string) => void }).__reportCspViolation;
    report?.(`${event.effectiveDirective} blocked ${event.blockedURI || "inline code"} at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
  });
}

export const test = base.extend({
  page: async ({ page, javaScriptEnabled }, use) => {
    javaScriptOn.set(page, javaScriptEnabled);
    const cspViolations: string[] = [];
    if (javaScriptEnabled) {
      await page.exposeFunction("__reportCspViolation", (text: string) => cspViolations.push(text));
      await page.addInitScript(reportPolicyViolations);
      await preloadAxe(page.context());
    }
    const errors: string[] = [];
    const visited = new Set<string>();
    const checked = new Set<string>();
    checkedPages.set(page, checked);
    page.on("console", (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
      // A 4xx page is a normal outcome in these tests; the browser logs each as a failed resource.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url().startsWith("http")) visited.add(where(frame.url()));
    });

    await use(page);

    if (!page.isClosed() && page.url().startsWith("http") && !checked.has(where(page.url()))) {
      await expectAccessible(page);
    }
    expect(cspViolations, "Content-Security-Policy violations").toEqual([]);
    expect(errors, "errors in the browser console").toEqual([]);
    expect(
      [...visited].filter((url) => !checked.has(url)),
      "pages visited but not checked with axe",
    ).toEqual([]);
  },
});

export { expect };
