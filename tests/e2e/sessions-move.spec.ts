import ICAL from "ical.js";
import type { Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery, createTestTopic } from "./support/sessions";

/** The booking's calendar file as the teacher downloads it, read by a real iCalendar parser. */
async function downloadCalendar(page: Page, bookingPath: string) {
  const response = await page.request.get(`${bookingPath}/calendar.ics`);
  expect(response.status()).toBe(200);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
  return { uid: event.uid, sequence: event.sequence, status: event.component.getFirstPropertyValue("status") };
}

test("a teacher moves a booking to another date of the same topic", async ({ page }) => {
  // A topic of the test's own: the move page offers its dates a page at a time, and other tests' dates of a
  // shared topic could push this one onto the next page.
  const topic = createTestTopic("Move topic");
  const from = createTestDelivery({ daysAhead: 33, topicTitle: topic.title });
  const to = createTestDelivery({ daysAhead: 55, capacity: 1, topicTitle: topic.title });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${from.id}/book`);
  await expectAccessible(page);
  await page.getByLabel("Year 9").check();
  await page.getByLabel("How many pupils do you expect?").fill("45");
  await page.getByLabel("Contact on the day").fill("Ms Kim Rowe");
  await page.getByLabel("Contact's phone number").fill("0116 496 0888");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(page);
  const bookingPath = new URL(page.url()).pathname;
  const before = await downloadCalendar(page, bookingPath);
  expect(before).toMatchObject({ sequence: 0, status: "CONFIRMED" });

  await page.getByRole("link", { name: "Move to another date" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Move this booking" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Move booking" }).click();
  await expect(page.getByRole("alert")).toContainText("Select the new date");
  // The message is the choice's own: read with the group of dates, as every other form's choices are.
  await expect(page.getByRole("group", { name: "New date" })).toHaveAccessibleDescription(/Error: Select the new date/);
  await expectAccessible(page);
  await page.locator(`input[name="deliveryId"][value="${to.id}"]`).check();
  await page.getByRole("button", { name: "Move booking" }).click();
  await expect(page.getByRole("status")).toContainText("Booking moved and confirmed");
  await expectAccessible(page);
  // The same booking, now on the new date: its calendar file replaces the old event.
  expect(new URL(page.url()).pathname).toBe(bookingPath);
  const after = await downloadCalendar(page, bookingPath);
  expect(after.uid).toBe(before.uid);
  expect(after.sequence).toBeGreaterThan(before.sequence);
  expect(after.status).toBe("CONFIRMED");
  await expect(page.getByRole("definition").filter({ hasText: /^Moved .+'s booking from / })).toHaveCount(1);

  // The school's list shows it once, as upcoming, and not as a cancelled booking on the old date.
  await page.goto("/bookings");
  await expectAccessible(page);
  const link = `a[href="${bookingPath}"]`;
  await expect(page.getByRole("table", { name: "Upcoming sessions" }).locator(link)).toHaveCount(1);
  await expect(page.getByRole("table", { name: "Cancelled or declined bookings" }).locator(link)).toHaveCount(0);

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
