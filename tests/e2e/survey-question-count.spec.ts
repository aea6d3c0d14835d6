import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery } from "./support/sessions";
import { createTestBooking, createTestRun } from "./support/surveys";

const TEMPLATE = "Knife-crime awareness: before the session";

test("the survey a teacher picks has as many questions as pupils are asked, and every agreement statement offers 'Not sure'", async ({ browser, baseURL }) => {
  const staff = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const teacher = await staff.newPage();
  await signInAs(teacher, "teacher2@example.org");
  const bookingId = createTestBooking(createTestDelivery().id);
  await teacher.goto(`/surveys/new?bookingId=${bookingId}&phase=BEFORE`);
  await expectAccessible(teacher);
  const listed = Number(new RegExp(`${TEMPLATE}\\s+[^\\n]*?; (\\d+) questions`).exec(await teacher.getByRole("main").innerText())?.[1]);
  expect(listed).toBeGreaterThan(0);
  await staff.close();

  // Pupils' pages send no scripts, so this is the page exactly as a pupil's phone shows it.
  const pupils = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const pupil = await pupils.newPage();
  const run = createTestRun();
  await pupil.goto(`/s/${run.code}`);
  await expect(pupil.getByText(`Question 1 of ${listed}`, { exact: false })).toBeVisible();
  await expectAccessible(pupil);
  const agreement = pupil.getByRole("group").filter({ has: pupil.getByLabel("Strongly agree") });
  expect(await agreement.count()).toBeGreaterThan(1);
  for (const statement of await agreement.all()) await expect(statement.getByLabel("Not sure")).toHaveCount(1);
  await pupils.close();
});
