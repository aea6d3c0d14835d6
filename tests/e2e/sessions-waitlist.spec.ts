import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery, personAt } from "./support/sessions";

test("a full session: one school waits, is offered the place when another cancels, and books it", async ({ page, browser, baseURL }) => {
  test.slow();
  const delivery = createTestDelivery({ capacity: 1 });
  await signInAs(page, "teacher@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(page);
  await page.getByLabel("Year 9").check();
  await page.getByLabel("How many pupils do you expect?").fill("30");
  await page.getByLabel("Contact on the day").fill("Ms Priya Shah");
  await page.getByLabel("Contact's phone number").fill("0116 496 0111");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(page);
  const bookingUrl = new URL(page.url()).pathname;

  const other = await personAt(browser, baseURL, "teacher2@example.org");
  await other.page.goto(`/sessions/deliveries/${delivery.id}`);
  await expect(other.page.getByRole("main")).toContainText("Full (1 school)");
  await expectAccessible(other.page);
  await other.page.getByRole("button", { name: "Join the waiting list" }).click();
  await expect(other.page.getByRole("status")).toContainText("on the waiting list");
  // No mail server in the browser tests: the page promises no email, and says where an offer will show.
  await expect(other.page.getByRole("status")).toContainText("no mail server is set up, so nobody will be emailed");
  await expect(other.page.getByText("If a place comes free, it is offered to your school on this page")).toBeVisible();
  await expectAccessible(other.page);

  await page.goto(`${bookingUrl}/cancel`);
  await expectAccessible(page);
  await page.getByLabel("Why are you cancelling?").fill("Sports day");
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByRole("status")).toContainText("Booking cancelled");
  await expect(page.getByRole("status")).toContainText("The place was offered to the first school waiting with someone who can book.");
  await expectAccessible(page);

  await other.page.goto(`/sessions/deliveries/${delivery.id}`);
  // The place left is the one held for this school, and the page says so and until when.
  await expect(
    other.page.getByText("A place came free and was offered to your school from the waiting list. A place is held for your school until"),
  ).toBeVisible();
  await expectAccessible(other.page);
  await other.page.getByRole("link", { name: "Book the place held for your school" }).click();
  await expectAccessible(other.page);
  await other.page.getByLabel("Year 9").check();
  await other.page.getByLabel("How many pupils do you expect?").fill("25");
  await other.page.getByLabel("Contact on the day").fill("Mr Sam Lee");
  await other.page.getByLabel("Contact's phone number").fill("0116 496 0222");
  await other.page.getByRole("button", { name: "Book this session" }).click();
  await expect(other.page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(other.page);
  await other.close();

  const lead = await personAt(browser, baseURL, "lead@example.org");
  await lead.page.goto("/admin/outbox?to=teacher2%40example.org");
  await expect(lead.page.getByRole("link", { name: /A place is free: Online harms/ }).first()).toBeVisible();
  await expectAccessible(lead.page);
  await lead.close();
});
