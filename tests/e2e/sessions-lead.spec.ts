import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery, personAt } from "./support/sessions";

test("the lead adds and changes a topic, filters the schedule, and changes the cancellation cut-off", async ({ page }) => {
  test.slow();
  const title = `Bystander action ${Date.now()}`;
  await signInAs(page, "lead@example.org");
  await page.goto("/sessions/topics");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Add a topic" }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the title");
  await expectAccessible(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description for teachers").fill("When and how to step in safely.");
  await page.getByLabel("Year 9").check();
  await page.getByLabel("Length in minutes").fill("50");
  await page.getByLabel("Online workshop").check();
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByRole("status")).toContainText("added");
  await expectAccessible(page);
  await page.getByRole("link", { name: title }).click();
  await expectAccessible(page);
  await page.getByLabel("Length in minutes").fill("55");
  await page.getByRole("button", { name: "Save topic" }).click();
  await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("55 minutes");
  await expectAccessible(page);

  await page.goto("/sessions/schedule");
  await expectAccessible(page);
  await page.getByLabel("Topic").selectOption({ label: "Knife-crime awareness" });
  await page.getByLabel("Format").selectOption({ label: "Online workshop" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("table")).toContainText("Knife-crime awareness");
  await expect(page.getByRole("table")).not.toContainText("County lines");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Booking settings" }).click();
  await expectAccessible(page);
  await page.getByLabel(/Schools can cancel up to/).fill("-1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert")).toContainText("The number of hours must be 0 or more");
  await expectAccessible(page);
  await page.getByLabel(/Schools can cancel up to/).fill("48");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("48 hours");
  await expectAccessible(page);
});

test("the lead cancels a booked session, and the page says the school's email is in the outbox, not that it was told", async ({ page, browser, baseURL }) => {
  const delivery = createTestDelivery();
  const teacher = await personAt(browser, baseURL, "teacher2@example.org");
  await teacher.page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(teacher.page);
  await teacher.page.getByLabel("Year 7").check();
  await teacher.page.getByLabel("How many pupils do you expect?").fill("50");
  await teacher.page.getByLabel("Contact on the day").fill("Mr Ola Ade");
  await teacher.page.getByLabel("Contact's phone number").fill("0116 496 0444");
  await teacher.page.getByRole("button", { name: "Book this session" }).click();
  await expect(teacher.page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(teacher.page);
  await teacher.close();

  await signInAs(page, "lead@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}`);
  await expect(page.getByRole("table", { name: /Schools booked/ })).toContainText("Mr Ola Ade, 0116 496 0444");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Cancel the session" }).click();
  await expect(page.getByText("No mail server is set up, so emails wait in the outbox")).toBeVisible();
  await expect(page.getByText("A message to each school's teachers will wait in the outbox")).toBeVisible();
  await expect(page.getByText("We will email")).toHaveCount(0);
  await expectAccessible(page);
  await page.getByLabel("Reason").fill("The facilitator is needed at a major incident");
  await page.getByRole("button", { name: "Cancel the session" }).click();
  // No mail server in the browser tests: the message is in the outbox, and nobody is said to have been told.
  await expect(page.getByRole("status")).toContainText("No school has been told by email. No mail server is set up, so the email to");
  // A cancelled session offers no places: "25 of 25 left" beside "Cancelled" would say otherwise.
  await expect(page.getByRole("definition").filter({ hasText: "Cancelled" })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: /^(Places|Booking closes):\s*$/ })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto("/admin/outbox?to=teacher2%40example.org");
  await expect(page.getByRole("link", { name: /Session cancelled: Online harms/ }).first()).toBeVisible();
  await expectAccessible(page);
});
