import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

/** The demo school's current Year 10 cohort: its id. */
function demoCohort() {
  const db = openDatabase();
  try {
    return (
      db
        .prepare(
          "SELECT c.id FROM MentorCohort c JOIN School s ON s.id = c.schoolId WHERE s.urn = '990001' AND c.yearGroups = '10' ORDER BY c.academicYear DESC LIMIT 1",
        )
        .get() as { id: string }
    ).id;
  } finally {
    db.close();
  }
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the training grid scrolls inside its own labelled region, not the page", async ({ page }) => {
    await signInAs(page, "mvp@example.org");
    await page.goto(`/mvp/cohorts/${demoCohort()}/training`);
    const region = page.getByRole("region", { name: /Modules completed by each mentor/ });
    await expect(region).toBeVisible();
    await expectAccessible(page);
    const page_ = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(page_.scroll).toBeLessThanOrEqual(page_.client);
    const inside = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(inside.scroll).toBeGreaterThan(inside.client);
    expect(inside.client).toBeLessThanOrEqual(360);
  });
});
