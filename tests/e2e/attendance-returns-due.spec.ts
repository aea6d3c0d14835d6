import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery, moveDeliveryToPast } from "./support/sessions";

test.use({ viewport: { width: 1280, height: 800 } });

test("a session whose attendance return is due says so, with 'Record attendance' on its row, never 'Confirmed'", async ({ page }) => {
  const delivery = createTestDelivery({ daysAhead: 12 });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(page);
  await page.getByLabel("Year 9").check();
  await page.getByLabel("How many pupils do you expect?").fill("25");
  await page.getByLabel("Contact on the day").fill("Mr Joe Kay");
  await page.getByLabel("Contact's phone number").fill("0116 496 0321");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(page);
  const bookingPath = new URL(page.url()).pathname;
  moveDeliveryToPast(delivery.id, 2);

  for (const [path, caption] of [
    ["/", "Attendance returns due"],
    ["/bookings", "Sessions waiting for your attendance return"],
  ] as const) {
    await page.goto(path);
    const row = page
      .getByRole("table", { name: caption })
      .getByRole("row")
      .filter({ has: page.locator(`a[href="${bookingPath}"]`) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Attendance return due");
    await expect(row).not.toContainText("Confirmed");
    await expect(row.getByRole("link", { name: /^Record attendance/ })).toHaveAttribute("href", `${bookingPath}/attendance`);
    await expectAccessible(page);
  }

  // The session's own page offers no places once it is over, to a school as to the lead.
  await page.goto(`/sessions/deliveries/${delivery.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: /^(Places|Booking closes):\s*$/ })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto(bookingPath);
  await expect(page.getByRole("main")).toContainText("Attendance return due");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Record attendance" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record attendance" })).toBeVisible();
  await expectAccessible(page);
});
