import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createFreeTextTemplate, createTestRun } from "./support/surveys";

test.use({ viewport: { width: 1280, height: 800 } });

test("a pupil's written answer reaches the VRN lead from the first response, and no one else", async ({ page, browser }) => {
  const { family } = createFreeTextTemplate();
  const run = createTestRun({ family, urn: "990002" });
  const disclosure = `Someone at home hurts me ${run.code}`;

  // A pupil, in a browser of their own.
  const pupil = await browser.newContext();
  const pupilPage = await pupil.newPage();
  await pupilPage.goto(`/s/${run.code}`);
  await pupilPage.getByRole("radio", { name: "Yes" }).check();
  const box = pupilPage.getByLabel("Is there anything you want to tell us?");
  // The box says who reads it, that nobody can come back to the pupil, and where to get help.
  await expect(box).toHaveAccessibleDescription(
    /^Only the VRN schools lead reads what you write here\..*nobody can come back to you.*Childline free on 0800 1111/,
  );
  await box.fill(disclosure);
  await pupilPage.getByRole("button", { name: "Send my answers" }).click();
  await expect(pupilPage.getByRole("heading", { level: 1 })).toHaveText("Thank you");
  await pupil.close();

  // One response is far below the 10 results need, but the lead's home points to it, and the lead reads it at once.
  await signInAs(page, "lead@example.org");
  await page.goto("/");
  const toRead = page.getByRole("region", { name: "Written answers to read" });
  const link = toRead.getByRole("link", { name: new RegExp(`Survey ${run.code.slice(0, 4)}-${run.code.slice(4)}`) });
  await expect(link).toBeVisible();
  await expectAccessible(page);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/surveys/${run.id}#written-answers$`));
  await expect(page.getByText("1 pupil has answered so far.")).toBeVisible();
  const written = page.getByRole("region", { name: "Written answers to 2. Is there anything you want to tell us?" });
  await expect(written).toContainText("There is 1 so far.");
  await expect(written.getByRole("listitem")).toHaveText(disclosure);
  await expectAccessible(page);
  // Read now: the home page no longer lists it.
  await page.goto("/");
  await expect(page.getByRole("link", { name: new RegExp(`Survey ${run.code.slice(0, 4)}-${run.code.slice(4)}`) })).toHaveCount(0);

  // The school's teacher sees that pupils answered, never what they wrote.
  const teacher = await browser.newContext();
  const teacherPage = await teacher.newPage();
  await signInAs(teacherPage, "teacher2@example.org");
  await teacherPage.goto(`/surveys/${run.id}`);
  await expect(teacherPage.getByText("1 pupil has answered so far.")).toBeVisible();
  await expect(teacherPage.getByText(disclosure)).toHaveCount(0);
  await teacher.close();
});
