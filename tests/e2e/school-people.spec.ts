import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { uniqueEmail } from "./support/people";
import { createTestSchool, personAt } from "./support/sessions";

test.use({ viewport: { width: 1280, height: 800 } });

test("a school's page shows the lead its people and invitations, and invites someone with the school chosen", async ({ page }) => {
  const school = createTestSchool("Hollowbrook Academy");
  await signInAs(page, "lead@example.org");
  await page.goto(`/schools/${school.id}`);
  const people = page.getByRole("region", { name: "People at this school" });
  await expect(people).toContainText(`No one at ${school.name} has an account`);
  await expect(people).toContainText("No invitations to this school are waiting to be accepted.");
  await expectAccessible(page);

  await people.getByRole("link", { name: "Invite someone from this school" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Invite a person" })).toBeVisible();
  await expect(page.getByLabel("School", { exact: true })).toHaveValue(school.id);
  await expectAccessible(page);
  const email = uniqueEmail("hollowbrook");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`The invitation for ${email} is in the outbox`);
  await expectAccessible(page);

  await page.goto(`/schools/${school.id}`);
  await expect(page.getByRole("table", { name: /Invitations waiting to be accepted \(1\)/ }).getByRole("row", { name: new RegExp(email) })).toContainText(
    "Teacher",
  );
  await expectAccessible(page);
});

function schoolOf(email: string) {
  const db = openDatabase();
  try {
    return (db.prepare("SELECT schoolId FROM User WHERE email = ?").get(email) as { schoolId: string }).schoolId;
  } finally {
    db.close();
  }
}

test("the school's people are listed for the lead, and not shown to its teacher", async ({ page, browser, baseURL }) => {
  const schoolId = schoolOf("teacher2@example.org");
  await signInAs(page, "lead@example.org");
  await page.goto(`/schools/${schoolId}`);
  await expect(page.getByRole("table", { name: /People with an account/ }).getByRole("row", { name: /teacher2@example\.org/ })).toContainText("Active");
  await expectAccessible(page);

  const teacher = await personAt(browser, baseURL, "teacher2@example.org");
  await teacher.page.goto(`/schools/${schoolId}`);
  await expect(teacher.page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(teacher.page.getByRole("region", { name: "People at this school" })).toHaveCount(0);
  await expectAccessible(teacher.page);
  await teacher.close();
});
