import { randomBytes } from "node:crypto";
import { openDatabase, schoolIdByUrn, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { FROM_OWN_PAGE } from "./support/origin";
import { createTestSchool, personAt } from "./support/sessions";

/** Ids straight from the demo data, to aim requests at another school's records. */
function demoIds() {
  const db = openDatabase();
  try {
    const cohortOf = (urn: string) =>
      (db.prepare("SELECT c.id FROM MentorCohort c JOIN School s ON s.id = c.schoolId WHERE s.urn = ? ORDER BY c.academicYear DESC").get(urn) as { id: string })
        .id;
    const otherCohort = cohortOf("990003");
    return {
      ownCohort: cohortOf("990001"),
      otherCohort,
      otherMentor: (db.prepare("SELECT id FROM Mentor WHERE cohortId = ?").get(otherCohort) as { id: string }).id,
      otherLesson: (db.prepare("SELECT l.id FROM MentorLesson l JOIN School s ON s.id = l.schoolId WHERE s.urn = '990003'").get() as { id: string }).id,
      ownMentorNames: (db.prepare("SELECT displayName FROM Mentor WHERE cohortId = ?").all(cohortOf("990001")) as { displayName: string }[]).map(
        (m) => m.displayName,
      ),
    };
  } finally {
    db.close();
  }
}

/** A mentor of the demo school's current cohort still in training, and the required modules they have not done. */
function mentorInTraining() {
  const db = openDatabase();
  try {
    const mentor = db
      .prepare(
        `SELECT m.id, m.displayName FROM Mentor m JOIN MentorCohort c ON c.id = m.cohortId JOIN School s ON s.id = c.schoolId
         WHERE s.urn = '990001' AND c.academicYear = 2026 AND c.yearGroups = '10' AND m.withdrawnOn IS NULL
           AND (SELECT COUNT(*) FROM ModuleCompletion mc JOIN TrainingModule t ON t.id = mc.moduleId WHERE mc.mentorId = m.id AND t.required = 1) < 6
         ORDER BY m.createdAt LIMIT 1`,
      )
      .get() as { id: string; displayName: string };
    const missing = db
      .prepare(
        "SELECT title FROM TrainingModule WHERE required = 1 AND active = 1 AND id NOT IN (SELECT moduleId FROM ModuleCompletion WHERE mentorId = ?) ORDER BY position",
      )
      .all(mentor.id) as { title: string }[];
    return { name: mentor.displayName, missing: missing.map((m) => m.title) };
  } finally {
    db.close();
  }
}

const REQUIRED_MODULES = [
  "The bystander approach",
  "Scenario: name-calling and insults",
  "Scenario: online abuse",
  "Scenario: controlling behaviour",
  "Scenario: knife carrying",
  "Leading a lesson",
];

test("an MVP lead records a cohort, ticks its training in the grid and logs a lesson", async ({ page }) => {
  await signInAs(page, "mvp@example.org");
  await page.goto("/mvp");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Mentors in Violence Prevention");
  await expect(page.getByRole("heading", { name: /2026\/27 at a glance/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Add a mentor cohort" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Add cohort" }).click();
  await expect(page.getByRole("alert")).toContainText("Select at least one year group");
  await expectAccessible(page);
  await page.getByLabel("Year 11").check();
  await page.getByLabel("Notes on training (optional)").fill("2 and 3 November 2026");
  await page.getByLabel("Trainers").fill("Rebecca Hall");
  await page.getByRole("button", { name: "Add cohort" }).click();
  await expect(page.getByRole("status")).toContainText("Cohort added");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Year 11, 2026/27");
  await expectAccessible(page);

  const name = page.getByLabel("First name and initial, or a pseudonym");
  await name.fill("Zed Quinton");
  await page.getByLabel("Year group").selectOption("11");
  await page.getByRole("button", { name: "Add mentor" }).click();
  await expect(page.getByRole("alert")).toContainText("never a full name");
  await expectAccessible(page);
  for (const mentor of ["Zed Q.", "Yara P.", "Xavi L."]) {
    await name.fill(mentor);
    await page.getByLabel("Year group").selectOption("11");
    await page.getByRole("button", { name: "Add mentor" }).click();
    await expect(page.getByRole("status")).toContainText(`${mentor} added`);
    await expect(page.getByRole("table", { name: /Mentors in the cohort/ }).getByRole("rowheader", { name: mentor })).toBeVisible();
  }
  await expectAccessible(page);

  await page.getByRole("link", { name: "Record training" }).click();
  await expect(page.getByRole("table", { name: /Modules completed by each mentor/ })).toBeVisible();
  await expectAccessible(page);
  for (const module of REQUIRED_MODULES) await page.getByLabel(`Zed Q.: ${module}`).check();
  await page.getByLabel("Yara P.: The bystander approach").check();
  await page.getByRole("button", { name: "Save training" }).click();
  await expect(page.getByRole("status")).toContainText("Training saved. 7 ticked, 0 unticked. 1 of 3 mentors are trained.");
  await expect(page.getByLabel("Zed Q.: Leading a lesson")).toBeChecked();
  await expect(page.getByLabel("Xavi L.: The bystander approach")).not.toBeChecked();
  await expectAccessible(page);

  // Unticking is saved too: the grid stores exactly what is ticked.
  await page.getByLabel("Yara P.: The bystander approach").uncheck();
  await page.getByRole("button", { name: "Save training" }).click();
  await expect(page.getByRole("status")).toContainText("0 ticked, 1 unticked");
  await expectAccessible(page);

  await page.goto("/mvp");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Record a mentor-led lesson" }).first().click();
  await expect(page.getByRole("heading", { name: "Record a mentor-led lesson" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Class", { exact: true }).fill("7Z");
  await page.getByLabel("Year group of the class").selectOption("7");
  await page.getByLabel("Pupils present").fill("31");
  await page.getByLabel("Zed Q.", { exact: true }).check();
  await page.getByLabel("Yara P.", { exact: true }).check();
  await page.getByLabel("Scenario or topic").fill("Knife carrying");
  await page.getByRole("button", { name: "Record lesson" }).click();

  // Two mentors, one untrained: saved, with both warnings.
  const status = page.getByRole("status");
  await expect(status).toContainText("Lesson for 7Z recorded.");
  await expect(status).toBeInViewport();
  await expect(status).toContainText("Only 2 mentors led this lesson");
  await expect(status).toContainText("Yara P. had not finished training by");
  const row = page
    .getByRole("table", { name: /Mentor-led lessons/ })
    .getByRole("row")
    .filter({ hasText: "7Z" });
  await expect(row).toContainText("Yara P., Zed Q.");
  await expect(row).toContainText("Fewer than 3 mentors");
  await expect(
    page
      .getByRole("table", { name: /Classes reached/ })
      .getByRole("row")
      .filter({ hasText: "7Z" }),
  ).toContainText("31");
  await expectAccessible(page);
});

test("the MVP lead's figures and the notes beside them read apart in the page's text, not run together", async ({ page }) => {
  await signInAs(page, "mvp@example.org");
  await page.goto("/mvp");
  await expectAccessible(page);
  // On screen "12" with "1 withdrawn" on the line below; in the text (copied, searched or read aloud) "12, 1 withdrawn", not "121 withdrawn".
  const mentorsCell = page
    .getByRole("table", { name: /^Mentor cohorts in / })
    .getByRole("cell")
    .filter({ hasText: "withdrawn" });
  await expect(mentorsCell.first()).toHaveText(/^\d+, \d+ withdrawn$/);
  // A figure card: its label, its figure and what it counts, not "Staff trained in 2026/2712Staff who…".
  await expect(page.locator("dl > div").filter({ hasText: "Staff trained in" })).toHaveText(/^Staff trained in \d{4}\/\d{2}: \d+\. Staff who completed/);
});

test("bad input on the lesson form comes back as messages by the fields, with status 400", async ({ page }) => {
  await signInAs(page, "mvp@example.org");
  const bad = { deliveredOn: "2026-02-30", className: "", yearGroup: "14", pupilsPresent: "lots", topic: "x".repeat(200) };
  const response = await page.request.post("/mvp/lessons/new", { headers: FROM_OWN_PAGE, form: bad, maxRedirects: 0 });
  expect(response.status()).toBe(400);
  const body = await response.text();
  for (const message of [
    "There is a problem",
    "must be a real date",
    "Enter the class",
    "between Year 7 and Year 13",
    "as a number",
    "Select the mentors",
    "120 characters",
  ]) {
    expect(body).toContain(message);
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the training grid still saves", async ({ page }) => {
    await signInAs(page, "mvp@example.org");
    await page.goto("/mvp");
    await expectAccessible(page);
    const mentor = mentorInTraining();
    await page.getByRole("link", { name: "Record training for Year 10, 2026/27" }).click();
    await expectAccessible(page);
    for (const module of mentor.missing) await page.getByLabel(`${mentor.name}: ${module}`).check();
    await page.getByRole("button", { name: "Save training" }).click();
    await expect(page.getByRole("status")).toContainText(`Training saved. ${mentor.missing.length} ticked, 0 unticked.`);
    await expect(page.getByLabel(`${mentor.name}: Leading a lesson`)).toBeChecked();
    await expect(page.getByRole("row").filter({ hasText: mentor.name })).toContainText("Trained");
    await expectAccessible(page);
  });
});

test("a school closed since is among the schools of a year it trained staff in, marked closed", async ({ page }) => {
  const school = createTestSchool("Closed Since Academy");
  const today = new Date();
  const lastYear = (today.getUTCMonth() >= 8 ? today.getUTCFullYear() : today.getUTCFullYear() - 1) - 1;
  const db = openDatabase();
  try {
    db.prepare("UPDATE School SET status = 'CLOSED' WHERE id = ?").run(school.id);
    db.prepare("INSERT INTO StaffTraining (id, schoolId, academicYear, name, role, trainedOn, trainer) VALUES (?, ?, ?, 'E2E Teacher', 'PSHE', ?, 'VRN')").run(
      `e2e${randomBytes(8).toString("hex")}`,
      school.id,
      lastYear,
      `${lastYear}-10-01T09:00:00.000+00:00`,
    );
  } finally {
    db.close();
  }
  await signInAs(page, "lead@example.org");
  await page.goto(`/mvp?year=${lastYear}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: school.name }) });
  await expect(row).toContainText("Staff trained");
  await expect(row.getByRole("rowheader")).toContainText(", closed");
  // A school open today is not marked.
  await expect(page.getByRole("rowheader", { name: /Kestrelmere Academy/ })).not.toContainText("closed");
  await expectAccessible(page);
});

test("the VRN lead sees MVP across the area and opens any school's page", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/mvp");
  await expect(page.getByRole("heading", { name: "Across the area in 2026/27" })).toBeVisible();
  const schools = page.getByRole("table", { name: "Schools running MVP in 2026/27" });
  await expect(schools.getByRole("row").filter({ hasText: "Kestrelmere Academy" })).toContainText("Delivering");
  await expect(page.getByText(/13 of \d+ schools running MVP/)).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Academic year").selectOption("2025");
  await page.getByRole("button", { name: "Show year" }).click();
  await expect(page).toHaveURL(/year=2025/);
  await expect(page.getByRole("heading", { name: "Across the area in 2025/26" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Kestrelmere Academy" }).click();
  await expect(page.getByRole("heading", { name: /2025\/26 at a glance/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Mentor cohorts in 2025/26" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Record a mentor-led lesson" })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto("/mvp/modules");
  await expectAccessible(page);
  await page.getByLabel("Title").fill("Scenario: pressure at parties");
  await page.getByLabel("No, optional").check();
  await page.getByRole("button", { name: "Add module" }).click();
  await expect(page.getByRole("status")).toContainText("Module “Scenario: pressure at parties” added");
  await page.getByRole("button", { name: "Move up Scenario: pressure at parties" }).click();
  await expect(page.getByRole("status")).toContainText("Module moved up");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Change Scenario: pressure at parties" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Retire module" }).click();
  await expect(page.getByRole("row").filter({ hasText: "pressure at parties" })).toContainText("Retired");
  await expectAccessible(page);

  await page.goto("/mvp/retention");
  await expect(page.getByRole("table", { name: /Past cohorts still holding/ })).toContainText("Due now");
  await page.getByLabel("Years to keep names after the academic year ends").fill("eleven");
  await page.getByRole("button", { name: "Save retention period" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a whole number of years");
  await expectAccessible(page);
});

test("school staff see only their own school's MVP, and never another school's mentors", async ({ page }) => {
  const ids = demoIds();
  const firstSchool = schoolIdByUrn("990001");

  await signInAs(page, "teacher2@example.org");
  const response = await page.goto(`/mvp/schools/${firstSchool}`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
  await expectAccessible(page);
  expect((await page.request.get(`/mvp/cohorts/${ids.ownCohort}`)).status()).toBe(403);

  await page.goto("/mvp");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bramblebrook Community College");
  for (const mentor of ids.ownMentorNames.slice(0, 3)) await expect(page.getByText(mentor, { exact: true })).toHaveCount(0);
  await expectAccessible(page);
});

test("a teacher sees their school's figures but not its mentors", async ({ page }) => {
  const ids = demoIds();
  await signInAs(page, "teacher@example.org");
  await page.goto("/mvp");
  await expect(page.getByRole("heading", { name: /2026\/27 at a glance/ })).toBeVisible();
  await expect(page.getByRole("table", { name: /Classes reached/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Mentor cohorts" })).toHaveCount(0);
  await expect(page.getByText(ids.ownMentorNames[0]!, { exact: true })).toHaveCount(0);
  await expectAccessible(page);
  expect((await page.request.get("/mvp/lessons/new")).status()).toBe(403);
});

test("an MVP lead cannot reach or link another school's records", async ({ page }) => {
  const ids = demoIds();
  await signInAs(page, "mvp@example.org");
  for (const url of [
    `/mvp/cohorts/${ids.otherCohort}`,
    `/mvp/cohorts/${ids.otherCohort}/training`,
    `/mvp/lessons/${ids.otherLesson}`,
    `/mvp/mentors/${ids.otherMentor}`,
  ]) {
    expect((await page.request.get(url)).status(), url).toBe(404);
  }
  expect((await page.request.get(`/mvp/schools/${schoolIdByUrn("990003")}`)).status()).toBe(403);

  const response = await page.request.post("/mvp/lessons/new", {
    headers: FROM_OWN_PAGE,
    form: { deliveredOn: "2026-11-02", className: "FORGED1", yearGroup: "8", pupilsPresent: "25", mentorIds: ids.otherMentor, topic: "Online abuse" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("Select mentors from your school's list");
  const db = openDatabase();
  try {
    expect(db.prepare("SELECT COUNT(*) AS n FROM MentorLesson WHERE className = 'FORGED1'").get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }

  const grid = await page.request.post(`/mvp/cohorts/${ids.otherCohort}/training`, {
    headers: FROM_OWN_PAGE,
    form: { mentor: ids.otherMentor },
    maxRedirects: 0,
  });
  expect(grid.status()).toBe(404);
});

test("Enter in the training grid saves the grid as shown, with or without JavaScript, never a column's Tick all", async ({ browser, baseURL }) => {
  // Last year's cohort at the demo school, which no other test changes: a mentor with the first column's module done.
  const db = openDatabase();
  const { cohortId, mentor, module } = (() => {
    try {
      return db
        .prepare(
          `SELECT c.id AS cohortId, m.displayName AS mentor, t.title AS module FROM MentorCohort c JOIN School s ON s.id = c.schoolId
           JOIN Mentor m ON m.cohortId = c.id JOIN ModuleCompletion mc ON mc.mentorId = m.id JOIN TrainingModule t ON t.id = mc.moduleId
           WHERE s.urn = '990001' AND c.academicYear = 2025 AND t.active = 1
             AND t.position = (SELECT MIN(position) FROM TrainingModule WHERE active = 1)
           ORDER BY m.displayName LIMIT 1`,
        )
        .get() as { cohortId: string; mentor: string; module: string };
    } finally {
      db.close();
    }
  })();
  for (const javaScriptEnabled of [true, false]) {
    const mvpLead = await personAt(browser, baseURL, "mvp@example.org", javaScriptEnabled);
    const { page } = mvpLead;
    await page.goto(`/mvp/cohorts/${cohortId}/training`);
    const box = page.getByLabel(`${mentor}: ${module}`);
    await expect(box).toBeChecked();
    // Unticked with Space and sent with Enter, as keyboard users do: the first submit button in the form was
    // the first column's "Tick all", which ticked the box again (and every other in the column).
    await box.focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status")).toContainText("Training saved. 0 ticked, 1 unticked.");
    await expect(page.getByLabel(`${mentor}: ${module}`)).not.toBeChecked();
    await page.getByLabel(`${mentor}: ${module}`).focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status")).toContainText("Training saved. 1 ticked, 0 unticked.");
    // The grid's page without scripts is checked by the test above (axe runs in a page with scripts on).
    if (javaScriptEnabled) await expectAccessible(page);
    await mvpLead.close();
  }
});
