import type { Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { answerOverHttp, createTestRun, validAnswers } from "./support/surveys";

/** The font size each piece of chart text is drawn at, in CSS pixels on the screen. */
async function chartTextSizes(page: Page) {
  return page.locator('[role="img"].chart, .chart').evaluateAll((charts) =>
    charts.flatMap((chart) =>
      Array.from(chart.querySelectorAll(".chart-label, .chart-value, .chart-axis span, .chart-column-labels span"))
        // A column chart is drawn as bars on a phone: only the words on screen count, not the separators
        // read only in the text between one label or figure and the next.
        .filter((text) => !text.classList.contains("sr-only") && text.getClientRects().length > 0)
        .map((text) => {
          // Text inside a scaled SVG would be drawn larger or smaller than its font-size says; compare the
          // height of its box with the font size too, so a drawing that scales its words is caught.
          const size = parseFloat(getComputedStyle(text).fontSize);
          const inSvg = text.closest("svg") !== null;
          const box = text.getBoundingClientRect();
          return { size, inSvg, tallEnough: box.height >= size * 0.9, notTooTall: box.height <= size * 4 };
        }),
    ),
  );
}

async function expectOneSizeAtBothWidths(page: Page, path: string) {
  const sizes: number[] = [];
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    await page.setViewportSize(viewport);
    await page.goto(path);
    await expectAccessible(page);
    const texts = await chartTextSizes(page);
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) expect(text).toMatchObject({ inSvg: false, tallEnough: true, notTooTall: true });
    sizes.push(...texts.map((t) => t.size));
  }
  expect(new Set(sizes)).toEqual(new Set([15]));
}

test("the lead's reach charts label months, topics and year groups at one size on a phone and a laptop", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await expectOneSizeAtBothWidths(page, "/reach");
  // On a phone the twelve months are bars, one to a line, so no two month labels share a line.
  const months = page.getByRole("img", { name: /Pupils reached by sessions each month/ }).locator(".chart-label");
  await expect(months).toHaveCount(12);
  const [september, october] = [await months.nth(0).boundingBox(), await months.nth(1).boundingBox()];
  expect(october!.y).toBeGreaterThanOrEqual(september!.y + september!.height);
});

test("a teacher's survey results chart its answers at one size on a phone and a laptop", async ({ page, baseURL }) => {
  const run = createTestRun({ urn: "990002" });
  const answers = validAnswers(run.id);
  for (let i = 0; i < 10; i++) expect((await answerOverHttp(baseURL!, run.code, answers)).status).toBe(302);
  await signInAs(page, "teacher2@example.org");
  await expectOneSizeAtBothWidths(page, `/surveys/${run.id}`);
});
