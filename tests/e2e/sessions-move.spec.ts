import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery } from "./support/sessions";

test("a teacher moves a booking to another date of the same topic", async ({ page }) => {
  const from = createTestDelivery({ daysAhead: 33 });
  const to = createTestDelivery({ daysAhead: 55, capacity: 1 });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${from.id}/book`);
  await expectAccessible(page);
  await page.getByLabel("Year 10").check();
  await page.getByLabel("How many pupils do you expect?").fill("45");
  await page.getByLabel("Contact on the day").fill("Ms Kim Rowe");
  await page.getByLabel("Contact's phone number").fill("0116 496 0888");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Move to another date" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Move this booking" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Move booking" }).click();
  await expect(page.getByRole("alert")).toContainText("Select the new date");
  await expectAccessible(page);
  await page.locator(`input[name="deliveryId"][value="${to.id}"]`).check();
  await page.getByRole("button", { name: "Move booking" }).click();
  await expect(page.getByRole("status")).toContainText("Booking moved and confirmed");
  await expectAccessible(page);

  await page.goto(`/sessions/deliveries/${to.id}`);
  await expect(page.getByRole("main")).toContainText("Your school has a booking");
  await expectAccessible(page);
});

test("school staff cannot reach the lead's session pages", async ({ page }) => {
  await signInAs(page, "teacher@example.org");
  for (const path of ["/sessions/schedule", "/sessions/requests", "/sessions/returns", "/sessions/topics", "/sessions/deliveries/new", "/sessions/settings"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expectAccessible(page);
  }
});
