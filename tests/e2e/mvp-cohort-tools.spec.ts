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

test.describe("at a desk", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the MVP lead pastes a list of mentors into a cohort, then ticks and clears a module for the whole cohort", async ({ page }) => {
    await signInAs(page, "mvp@example.org");
    await page.goto("/mvp/cohorts/new");
    await expectAccessible(page);
    await page.getByLabel("Year 12").check();
    await page.getByLabel("Notes on training (optional)").fill("3 and 4 March 2027");
    await page.getByLabel("Trainers").fill("Rebecca Hall");
    await page.getByRole("button", { name: "Add cohort" }).click();
    await expect(page.getByRole("status")).toContainText("Cohort added");
    await expectAccessible(page);

    // The cohort's year group is the default for both ways of adding mentors.
    await expect(page.getByLabel("Year group", { exact: true })).toHaveValue("12");
    await expect(page.getByLabel("Which year are they in?")).toHaveValue("12");

    const list = page.getByLabel("Mentors, one per line");
    await list.fill("Ama B.\nJohn Smith\nCal D.\nama b.");
    await page.getByRole("button", { name: "Add these mentors" }).click();
    await expect(page.getByRole("alert")).toContainText("2 lines could not be added, so no mentors were added");
    await expect(page.getByText("Line 2, “John Smith”")).toBeVisible();
    await expect(page.getByText("Line 4, “ama b.”: The same name as line 1")).toBeVisible();
    await expectAccessible(page);
    await expect(page.getByRole("table", { name: /Mentors in the cohort/ })).toHaveCount(0);

    await list.fill("Ama B.\nCal D.\nDev E.");
    await page.getByRole("button", { name: "Add these mentors" }).click();
    await expect(page.getByRole("status")).toContainText("3 mentors added to the cohort");
    const mentors = page.getByRole("table", { name: /Mentors in the cohort/ });
    for (const name of ["Ama B.", "Cal D.", "Dev E."]) await expect(mentors.getByRole("rowheader", { name })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Record training" }).click();
    await page.getByRole("button", { name: "Tick all for The bystander approach" }).click();
    await expect(page.getByRole("status")).toContainText("Training saved. 3 ticked, 0 unticked.");
    for (const name of ["Ama B.", "Cal D.", "Dev E."]) await expect(page.getByLabel(`${name}: The bystander approach`)).toBeChecked();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Clear all for The bystander approach" }).click();
    await expect(page.getByRole("status")).toContainText("0 ticked, 3 unticked.");
    await expect(page.getByLabel("Ama B.: The bystander approach")).not.toBeChecked();
    await expectAccessible(page);

    // The lesson form offers mentors grouped by their cohort.
    await page.goto("/mvp/lessons/new");
    const group = page.getByRole("group", { name: /^Cohort Year 12, / });
    for (const name of ["Ama B.", "Cal D.", "Dev E."]) await expect(group.getByLabel(name, { exact: true })).toBeVisible();
    await expectAccessible(page);
  });
});
