import type { Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery, moveDeliveryToPast, personAt } from "./support/sessions";

/** Books a fresh delivery for teacher2's school, then moves it into the past: a return is due. */
async function bookedAndHappened(page: Page) {
  const delivery = createTestDelivery();
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(page);
  await page.getByLabel("Year 8").check();
  await page.getByLabel("How many pupils do you expect?").fill("40");
  await page.getByLabel("Contact on the day").fill("Mr Joe Kay");
  await page.getByLabel("Contact's phone number").fill("0116 496 0321");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(page);
  moveDeliveryToPast(delivery.id);
  return { delivery, bookingUrl: new URL(page.url()).pathname };
}

test.describe("attendance returns", () => {
  test("a teacher records attendance: a bad value, a total to confirm, then saved", async ({ page, browser, baseURL }) => {
    test.slow();
    await signInAs(page, "teacher2@example.org");
    const { bookingUrl } = await bookedAndHappened(page);
    await page.goto("/bookings");
    await expect(page.getByRole("table", { name: /waiting for your attendance return/ })).toBeVisible();
    await expectAccessible(page);
    await page.goto(bookingUrl);
    await page.getByRole("link", { name: "Record attendance" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Record attendance" })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel("Year 8 (booked)").fill("-3");
    await page.getByRole("button", { name: "Save attendance" }).click();
    await expect(page.getByRole("alert")).toContainText("The number of pupils in Year 8 must be 0 or more");
    await expectAccessible(page);

    await page.getByLabel("Year 8 (booked)").fill("95");
    await page.getByRole("button", { name: "Save attendance" }).click();
    await expect(page.getByRole("alert")).toContainText("far more than the 40 expected");
    await expectAccessible(page);
    // The summary's link lands on the box, which is described by the message, shown once, by the box.
    await page
      .getByRole("alert")
      .getByRole("link", { name: /far more than the 40 expected/ })
      .click();
    const confirmBox = page.getByLabel("Yes, these numbers are right");
    await expect(confirmBox).toBeFocused();
    await expect(confirmBox).toHaveAccessibleDescription(/far more than the 40 expected/);
    await expect(page.getByRole("main").getByText(/far more than the 40 expected/)).toHaveCount(2);
    await confirmBox.check();
    await page.getByRole("button", { name: "Save attendance" }).click();
    await expect(page.getByRole("status")).toContainText("Attendance saved: 95 pupils");
    await expect(page.getByRole("main")).toContainText("Delivered");
    await expectAccessible(page);

    // The lead corrects it on the school's behalf.
    const lead = await personAt(browser, baseURL, "lead@example.org");
    await lead.page.goto(`${bookingUrl}/attendance`);
    await expectAccessible(lead.page);
    await lead.page.getByLabel("Year 8 (booked)").fill("38");
    await lead.page.getByRole("button", { name: "Save attendance" }).click();
    await expect(lead.page.getByRole("status")).toContainText("Attendance saved: 38 pupils");
    await expectAccessible(lead.page);
    await lead.page.goto("/sessions/returns");
    await expect(lead.page.getByRole("heading", { level: 1, name: "Overdue attendance returns" })).toBeVisible();
    await expectAccessible(lead.page);
    await lead.close();
  });
});

test.describe("attendance without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a teacher records attendance", async ({ page }) => {
    await signInAs(page, "teacher2@example.org");
    const { bookingUrl } = await bookedAndHappened(page);
    await page.goto(`${bookingUrl}/attendance`);
    await expectAccessible(page);
    await page.getByLabel("Year 8 (booked)").fill("many");
    await page.getByRole("button", { name: "Save attendance" }).click();
    await expect(page.getByRole("alert")).toContainText("The number of pupils in Year 8 must be a whole number");
    await expectAccessible(page);
    await page.getByLabel("Year 8 (booked)").fill("37");
    await page.getByLabel("Year 9").fill("2");
    await page.getByRole("button", { name: "Save attendance" }).click();
    await expect(page.getByRole("status")).toContainText("Attendance saved: 39 pupils");
    await expectAccessible(page);
  });
});
