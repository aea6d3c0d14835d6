import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { FROM_OWN_PAGE } from "./support/origin";
import { createTestBooking, createTestDelivery, createTestSchool, moveDeliveryToPast } from "./support/sessions";

test.use({ viewport: { width: 1280, height: 800 } });

test("the lead reminds every overdue school at once, sees when each was last reminded, and is warned about a school with nobody to remind", async ({
  page,
}) => {
  const school = createTestSchool();
  const delivery = createTestDelivery();
  createTestBooking(delivery.id, school.id);
  moveDeliveryToPast(delivery.id, 10);

  await signInAs(page, "lead@example.org");
  await page.goto("/sessions/returns");
  const row = page.getByRole("row").filter({ hasText: school.name });
  await expect(row).toContainText("Warning: no teacher at this school has an active account, so a reminder reaches nobody.");
  await expect(row.getByRole("cell").nth(3)).toHaveText("Not yet");
  await expect(row.getByRole("link", { name: `Invite someone from ${school.name}` })).toHaveAttribute("href", `/admin/users/invite?schoolId=${school.id}`);
  await expectAccessible(page);
  const shownAt = await page.locator('input[name="shownAt"]').first().inputValue();

  await page.getByRole("button", { name: "Remind all overdue schools" }).click();
  const status = page.getByRole("status");
  // The browser tests' server has no mail server: the reminders wait in the outbox, and the page says so
  // rather than that anyone was emailed.
  await expect(status).toContainText(/No reminders sent\. No mail server is set up, so (the reminder to .+ is|the reminders to .+ are) in the outbox\./);
  await expect(status).toContainText(/schools? (has|have) no teacher with an active account, so no one there was reminded\./);
  // Nobody at that school was reminded, so the page gives no date; and with no mail server the column
  // speaks of the outbox, not of anyone reminded.
  await expect(row.getByRole("cell").nth(3)).toHaveText("Not yet");
  await expect(page.getByRole("columnheader", { name: "Last reminder put in the outbox" })).toBeVisible();
  await expectAccessible(page);

  // The same page submitted again (a double click, or the back button) emails nobody twice.
  const again = await page.request.post("/sessions/returns", { headers: FROM_OWN_PAGE, form: { intent: "remind-all", shownAt }, maxRedirects: 0 });
  expect(again.status()).toBe(302);
  await page.goto("/sessions/returns");
  await expect(page.getByRole("status")).toContainText("No reminders sent.");
  await expect(page.getByRole("status")).toContainText("already had a reminder made after this page was opened, so no second one was made");
  await expectAccessible(page);
  // A page time set in the future would have let every submit remind again: it is refused.
  const later = await page.request.post("/sessions/returns", {
    headers: FROM_OWN_PAGE,
    form: { intent: "remind-all", shownAt: "2099-01-01T00:00:00.000Z" },
    maxRedirects: 0,
  });
  expect(later.status()).toBe(400);

  await row.getByRole("link", { name: `Invite someone from ${school.name}` }).click();
  await expect(page.getByLabel("School")).toHaveValue(school.id);
  await expectAccessible(page);
});
