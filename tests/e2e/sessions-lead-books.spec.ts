import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery, createTestSchool } from "./support/sessions";

test.use({ viewport: { width: 1280, height: 800 } });

test("the lead books a session on a school's behalf: the school is chosen on the form, and the booking says who made it", async ({ page }) => {
  const school = createTestSchool("Phone Booking Academy");
  const delivery = createTestDelivery({ capacity: 3 });
  await signInAs(page, "lead@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}`);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Book for a school" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Book / })).toBeVisible();
  await expectAccessible(page);

  // Leaving the school out is a message by the field, not a booking for nobody.
  await page.getByLabel("Year 8").check();
  await page.getByLabel("How many pupils do you expect?").fill("30");
  await page.getByLabel("Contact on the day").fill("Ms Ada Lane");
  await page.getByLabel("Contact's phone number").fill("0116 496 0777");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("alert")).toContainText("Select the school to book for");
  await expectAccessible(page);

  await page.getByLabel("School", { exact: true }).selectOption(school.id);
  await page.getByRole("button", { name: "Book this session" }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText(`Booking confirmed. No teacher at ${school.name} has an active account, so nobody there has been told by email.`);
  await expect(status.getByRole("link", { name: `Invite someone from ${school.name}` })).toBeVisible();
  await expectAccessible(page);

  const db = openDatabase();
  try {
    const audit = db
      .prepare("SELECT summary FROM AuditEvent WHERE entityType = 'Booking' AND summary LIKE ? ORDER BY id DESC LIMIT 1")
      .get(`%${school.name}%`) as {
      summary: string;
    };
    expect(audit.summary).toContain(`for ${school.name}, on the school's behalf by the VRN schools lead`);
  } finally {
    db.close();
  }

  // Booking the same school again is refused by the same rule as for the school itself.
  await page.goto(`/sessions/deliveries/${delivery.id}/book?schoolId=${school.id}`);
  await expect(page.getByLabel("School", { exact: true })).toHaveValue(school.id);
  await expectAccessible(page);
  await page.getByLabel("Year 8").check();
  await page.getByLabel("How many pupils do you expect?").fill("30");
  await page.getByLabel("Contact on the day").fill("Ms Ada Lane");
  await page.getByLabel("Contact's phone number").fill("0116 496 0777");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("alert")).toContainText(`${school.name} has already booked this session`);
  await expectAccessible(page);
});
