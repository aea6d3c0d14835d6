import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { FROM_OWN_PAGE } from "./support/origin";

test.use({ viewport: { width: 1280, height: 800 } });

/** "YYYY-MM-DD" of the London day `days` from today (negative for the past). */
function londonDay(days: number) {
  const at = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

function academicYearNow() {
  const [year, month] = londonDay(0).split("-").map(Number) as [number, number];
  return month >= 9 ? year : year - 1;
}

test("the MVP lead records training days as dates, and a lesson before a mentor finished training is flagged", async ({ page }) => {
  const year = academicYearNow();
  const trainingDay = londonDay(-7);
  const dayBefore = londonDay(-8);
  await signInAs(page, "mvp@example.org");
  await page.goto("/mvp/cohorts/new");
  await expectAccessible(page);
  await page.getByLabel("Year 11").check();
  await page.getByLabel("Trainers").fill("Rebecca Hall");
  await page.getByRole("button", { name: "Add cohort" }).click();
  await expect(page.getByRole("status")).toContainText("Cohort added");
  await page.getByLabel("Mentors, one per line").fill("Odile T.\nPiet U.\nQuin V.");
  await page.getByRole("button", { name: "Add these mentors" }).click();
  await expect(page.getByRole("status")).toContainText("3 mentors added to the cohort");

  // A day outside the cohort's year is refused by the field, then a day in February is added.
  const date = page.getByLabel("Date of the training session");
  await date.fill(`${year + 2}-02-11`);
  await page.getByRole("button", { name: "Add training session" }).click();
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page.getByText(`The date of the training session must be on or before 31 August ${year + 1}`).first()).toBeVisible();
  await expectAccessible(page);
  await date.fill(`${year + 1}-02-11`);
  await page.getByLabel("Note (optional)").fill("Follow-up day");
  await page.getByRole("button", { name: "Add training session" }).click();
  await expect(page.getByRole("status")).toContainText(`Training session on 11 February ${year + 1} added`);
  const sessions = page.getByRole("table", { name: "Training sessions of this cohort" });
  await expect(sessions.getByRole("row", { name: `11 February ${year + 1} Follow-up day` })).toBeVisible();
  await expectAccessible(page);

  // Typed as a UK date where there is no date picker, the same day is a repeat; a day that does not
  // exist is refused: both by the server with 400, whatever the browser checked.
  const cohortPath = new URL(page.url()).pathname;
  const attempts: [string, string][] = [
    [`11/02/${year + 1}`, `11 February ${year + 1} is already a training session of this cohort`],
    [`31/02/${year + 1}`, "The date of the training session must be a real date"],
  ];
  for (const [heldOn, message] of attempts) {
    const response = await page.request.post(cohortPath, { headers: FROM_OWN_PAGE, form: { intent: "add-session", heldOn, note: "" }, maxRedirects: 0 });
    expect(response.status()).toBe(400);
    const body = await response.text();
    expect(body).toContain("There is a problem");
    expect(body).toContain(message);
  }

  await page.getByLabel("Date of the training session").fill(trainingDay);
  await page.getByRole("button", { name: "Add training session" }).click();
  await expect(sessions.getByRole("row")).toHaveCount(3);

  // The whole cohort completes every module on that training day (the latest already held).
  await page.getByRole("link", { name: "Record training" }).click();
  const grid = page.getByRole("region", { name: /Modules completed by each mentor/ });
  await expect(grid.getByRole("checkbox").first()).toBeVisible();
  for (const box of await grid.getByRole("checkbox").all()) await box.check();
  await page.getByLabel("Day the newly ticked modules were completed").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Save training" }).click();
  await expect(page.getByRole("status")).toContainText("3 of 3 mentors are trained");
  await expectAccessible(page);

  // A lesson the day before that training day: saved, and flagged.
  await page.goto("/mvp/lessons/new");
  await expectAccessible(page);
  await page.getByLabel("Date of the lesson").fill(dayBefore);
  await page.getByLabel("Class", { exact: true }).fill("9Q");
  await page.getByLabel("Year group of the class").selectOption("9");
  await page.getByLabel("Pupils present").fill("27");
  for (const name of ["Odile T.", "Piet U.", "Quin V."]) await page.getByLabel(name, { exact: true }).check();
  await page.getByLabel("Scenario or topic").fill("Bystander choices");
  await page.getByRole("button", { name: "Record lesson" }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText("Lesson for 9Q recorded.");
  await expect(status).toContainText("Odile T., Piet U., Quin V. had not finished training by");
  await expectAccessible(page);
});
