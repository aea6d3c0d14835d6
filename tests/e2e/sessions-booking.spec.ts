import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery, createTestTopic, personAt } from "./support/sessions";

const LEAD = "lead@example.org";
const TEACHER2 = "teacher2@example.org";

test.describe("booking a session", () => {
  test("the lead schedules a workshop; a teacher books it, gets the confirmation and calendar file, then cancels", async ({ page, browser, baseURL }) => {
    test.slow();
    const campaign = `E2E campaign ${Date.now()}`;
    await signInAs(page, LEAD);
    await page.goto("/");
    await expectAccessible(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Session schedule" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Schedule a session" }).click();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Schedule session" }).click();
    await expect(page.getByRole("alert")).toContainText("Select the topic");
    await expectAccessible(page);

    const day = new Date(Date.now() + 40 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await page.getByLabel("Topic").selectOption({ label: "Online harms" });
    await page.getByLabel("Date", { exact: true }).fill(day);
    await page.getByLabel("Start time").fill("10:00");
    await page.getByRole("radio", { name: "Online workshop" }).check();
    await page.getByLabel("Number of schools").fill("4");
    await page.getByLabel("Facilitator's name").fill("PC Leah Moss");
    await page.getByLabel("Facilitator's organisation").fill("Leicestershire Police");
    await page.getByLabel("Campaign (optional)").fill(campaign);
    await page.getByRole("button", { name: "Schedule session" }).click();
    await expect(page.getByRole("status")).toContainText("Session scheduled");
    await expect(page.getByRole("heading", { level: 1, name: "Online harms" })).toBeVisible();
    await expectAccessible(page);
    const deliveryUrl = new URL(page.url()).pathname;

    const teacher = await personAt(browser, baseURL, TEACHER2);
    await teacher.page.goto("/bookings");
    await expectAccessible(teacher.page);
    await teacher.page.getByRole("link", { name: "Book a session" }).click();
    await expect(teacher.page.getByRole("heading", { level: 1, name: "Book a session" })).toBeVisible();
    await expectAccessible(teacher.page);
    await teacher.page.goto(deliveryUrl);
    await expectAccessible(teacher.page);
    await teacher.page.getByRole("link", { name: "Book this session" }).click();
    await expectAccessible(teacher.page);

    await teacher.page.getByLabel("How many pupils do you expect?").fill("99999");
    await teacher.page.getByRole("button", { name: "Book this session" }).click();
    const summary = teacher.page.getByRole("alert");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: "Select the year groups who will attend" })).toBeVisible();
    await expectAccessible(teacher.page);

    await teacher.page.getByLabel("Year 8").check();
    await teacher.page.getByLabel("Year 9").check();
    await teacher.page.getByLabel("How many pupils do you expect?").fill("120");
    await teacher.page.getByLabel("Contact on the day").fill("Mr Ben Carter");
    await teacher.page.getByLabel("Contact's phone number").fill("0116 496 0555");
    await teacher.page.getByRole("button", { name: "Book this session" }).click();
    await expect(teacher.page.getByRole("status")).toContainText("Booking confirmed");
    await expectAccessible(teacher.page);
    const bookingUrl = new URL(teacher.page.url()).pathname;

    const ics = await teacher.page.request.get(`${bookingUrl}/calendar.ics`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    const body = await ics.text();
    expect(body).toContain("BEGIN:VCALENDAR");
    expect(body).toContain("TZID=Europe/London");
    await expect(teacher.page.getByRole("link", { name: "Download the calendar file (.ics)" })).toBeVisible();

    // Another school's teacher cannot see the booking or its calendar file.
    const other = await personAt(browser, baseURL, "teacher@example.org");
    const response = await other.page.goto(bookingUrl);
    expect(response?.status()).toBe(404);
    await expectAccessible(other.page);
    expect((await other.page.request.get(`${bookingUrl}/calendar.ics`)).status()).toBe(404);
    expect((await other.page.request.get(`${bookingUrl}/cancel`)).status()).toBe(404);
    await other.close();

    // The confirmation is in the outbox.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outbox" }).click();
    await expectAccessible(page);
    await page.getByLabel("Recipient's email address contains").fill(TEACHER2);
    await page.getByRole("button", { name: "Find messages" }).click();
    await expectAccessible(page);
    // Tests running alongside may book Online harms for this teacher too: find this session's message.
    const messages = await page
      .getByRole("link", { name: /Booking confirmed: Online harms/ })
      .evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    let confirmation = "";
    for (const href of messages) {
      await page.goto(href);
      await expectAccessible(page);
      confirmation = (await page.getByRole("main").textContent()) ?? "";
      if (confirmation.includes("PC Leah Moss")) break;
    }
    expect(confirmation).toContain("PC Leah Moss");
    expect(confirmation).toContain("calendar.ics");
    // The calendar file went with the message as an attachment, and the outbox keeps it.
    expect(confirmation).toContain("Calendar file attached");
    expect(confirmation).toContain("METHOD:REQUEST");
    expect(confirmation).toContain("Pupils: 120");

    await teacher.page.getByRole("link", { name: "Cancel this booking" }).click();
    await expectAccessible(teacher.page);
    await teacher.page.getByRole("button", { name: "Cancel booking" }).click();
    await expect(teacher.page.getByRole("alert")).toContainText("Enter the reason");
    await expectAccessible(teacher.page);
    await teacher.page.getByLabel("Why are you cancelling?").fill("Mock exams moved to that week");
    await teacher.page.getByRole("button", { name: "Cancel booking" }).click();
    await expect(teacher.page.getByRole("status")).toContainText("Booking cancelled");
    await expect(teacher.page.getByRole("main")).toContainText("Mock exams moved to that week");
    await expectAccessible(teacher.page);
    await teacher.close();
  });

  test("the lead confirms one request and declines another", async ({ page, browser, baseURL }) => {
    test.slow();
    const delivery = createTestDelivery({ needsConfirmation: true });
    for (const email of ["teacher@example.org", TEACHER2]) {
      const school = await personAt(browser, baseURL, email);
      await school.page.goto(`/sessions/deliveries/${delivery.id}/book`);
      await expectAccessible(school.page);
      await school.page.getByLabel("Year 10").check();
      await school.page.getByLabel("How many pupils do you expect?").fill("90");
      await school.page.getByLabel("Contact on the day").fill("Ms Dee Patel");
      await school.page.getByLabel("Contact's phone number").fill("0116 496 0777");
      await school.page.getByRole("button", { name: "Book this session" }).click();
      await expect(school.page.getByRole("status")).toContainText("Booking requested");
      await expectAccessible(school.page);
      await school.close();
    }

    await signInAs(page, LEAD);
    await page.goto(`/sessions/deliveries/${delivery.id}`);
    await expectAccessible(page);
    const rows = page.getByRole("table", { name: /Schools booked/ }).getByRole("row");
    await expect(rows).toHaveCount(3);
    const names = (await rows.locator("td:first-child").allInnerTexts()).map((t) => t.trim());

    await page.goto("/sessions/requests");
    await expectAccessible(page);
    const firstRow = page.getByRole("row").filter({ hasText: names[0]! }).filter({ hasText: "Online harms" }).first();
    await firstRow.getByRole("button", { name: /Confirm/ }).click();
    await expect(page.getByRole("status")).toContainText("Booking confirmed");
    await expectAccessible(page);

    const secondRow = page.getByRole("row").filter({ hasText: names[1]! }).filter({ hasText: "Online harms" }).first();
    await secondRow.getByRole("link", { name: /Decline/ }).click();
    await expectAccessible(page);
    await page.getByLabel("Reason").fill("This workshop is for Year 7 to 10 only this term");
    await page.getByRole("button", { name: "Decline request" }).click();
    await expect(page.getByRole("status")).toContainText("Request declined");
    await expectAccessible(page);

    await page.goto(`/sessions/deliveries/${delivery.id}`);
    await expect(page.getByRole("row").filter({ hasText: names[0]! })).toContainText("Confirmed");
    await expect(page.getByRole("row").filter({ hasText: names[1]! })).toContainText("Declined");
    await expectAccessible(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a teacher pages through the sessions of a month, and a month that has passed lists none", async ({ page }) => {
    const topic = createTestTopic("E2E paging");
    const sessions = Array.from({ length: 27 }, () => createTestDelivery({ topicTitle: topic.title, daysAhead: 40 }));
    const month = londonMonth(sessions[0]!.startsAt);
    await signInAs(page, TEACHER2);
    await page.goto("/sessions");
    await expectAccessible(page);
    await page.getByLabel("Topic").selectOption({ label: topic.title });
    await page.getByLabel("Month").selectOption(month);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("table", { name: "Sessions taking bookings (showing 1 to 25 of 27)" })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("navigation", { name: "Pages of sessions" }).getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(new RegExp(`topic=${topic.id}.*month=${month}.*page=2`));
    const rest = page.getByRole("table", { name: "Sessions taking bookings (showing 26 to 27 of 27)" });
    await expect(rest.getByRole("row")).toHaveCount(3);
    await expectAccessible(page);

    // Months that have passed, when nothing in them can be booked, are not offered; one in an address kept
    // from earlier lists none, says why, and stays shown as the choice made.
    const passed = monthOptionValue(-1);
    await expect(page.getByLabel("Month").locator(`option[value="${passed}"]`)).toHaveCount(0);
    await expect(page.getByLabel("Month").locator(`option[value="${monthOptionValue(0)}"]`)).toHaveCount(1);
    await page.goto(`/sessions?month=${passed}`);
    await expect(page.getByLabel("Month")).toHaveValue(passed);
    await expect(page.getByRole("main")).toContainText("has passed, so none of its sessions can be booked");
    await expect(page.getByRole("table", { name: /Sessions taking bookings/ })).toHaveCount(0);
    await expectAccessible(page);
  });

  test("a teacher books a session", async ({ page }) => {
    const delivery = createTestDelivery();
    await signInAs(page, TEACHER2);
    await page.goto(`/sessions/deliveries/${delivery.id}/book`);
    await expectAccessible(page);
    await page.getByLabel("How many pupils do you expect?").fill("lots");
    await page.getByRole("button", { name: "Book this session" }).click();
    await expect(page.getByRole("alert")).toContainText("The number of pupils expected must be a whole number");
    await expectAccessible(page);
    await page.getByLabel("Year 7").check();
    await page.getByLabel("How many pupils do you expect?").fill("60");
    await page.getByLabel("Contact on the day").fill("Mrs Ana Lopez");
    await page.getByLabel("Contact's phone number").fill("0116 496 0999");
    await page.getByRole("button", { name: "Book this session" }).click();
    await expect(page.getByRole("status")).toContainText("Booking confirmed");
    await expectAccessible(page);
  });
});

/** The London month ("2027-01") of an instant. */
function londonMonth(instant: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit" }).format(instant).slice(0, 7);
}

/** A month the filter offers, `offset` months from this one, as the page writes it ("2026-11"). */
function monthOptionValue(offset: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}
