import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery, moveDeliveryToPast, personAt } from "./support/sessions";

test.use({ viewport: { width: 1280, height: 800 } });

/** The calendar date, as YYYY-MM-DD, of a day Date.parse read as local midnight. */
const dayOf = (time: number) => new Date(time - new Date(time).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
/** Today's date in London, as YYYY-MM-DD. */
const londonToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());

test.describe("the lead's schedule without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("opens on upcoming sessions, soonest first, a page at a time; past sessions show their real state", async ({ page }) => {
    // A session that began yesterday and has not ended yet: upcoming until it ends.
    const underWay = createTestDelivery({ daysAhead: -1, daysLong: 2 });
    await signInAs(page, "lead@example.org");
    await page.goto("/sessions/schedule");
    await expectAccessible(page);
    const upcoming = page.getByRole("table", { name: /Upcoming sessions, soonest first/ });
    await expect(upcoming).toBeVisible();
    await expect(upcoming.locator(`a[href="/sessions/deliveries/${underWay.id}"]`)).toBeVisible();
    const when = await upcoming.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(when.length).toBeGreaterThan(0);
    expect(when.length).toBeLessThanOrEqual(25);
    // "Tuesday 5 January 2027, 10am to 11am", or two dates when a session runs past midnight: the first is
    // the day it starts, the last the day it ends. A session under way is upcoming until it ends, so just
    // after midnight the first may have started yesterday; none may have ended before today.
    // A warning under the times ("Check the date: 6 December 2026 is a Sunday") names a date too: not read.
    const times = when.map((text) => text.split("Check the date:")[0]!);
    const days = times.map((text) => [...text.matchAll(/\d{1,2} [A-Z][a-z]+ \d{4}/g)].map(([day]) => dayOf(Date.parse(day))));
    const starts = days.map((dates) => dates[0]);
    expect(starts).toEqual([...starts].sort());
    for (const dates of days) expect(dates.at(-1)! >= londonToday()).toBe(true);
    await expect(upcoming).not.toContainText("Delivered");

    await page.getByLabel("Show", { exact: true }).selectOption({ label: "Past sessions" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/when=past/);
    const past = page.getByRole("table", { name: /Past sessions, latest first/ });
    await expect(past).toContainText("Delivered");
    await expect(past).toContainText("Awaiting attendance returns");
    await expect(past).not.toContainText(/^Scheduled$/);
    await expectAccessible(page);

    // Odd values in the address give the default view, never an error.
    await page.goto("/sessions/schedule?when=%00yesterday&page=-2&new=%27&month=13");
    await expect(page.getByRole("table", { name: /Upcoming sessions/ })).toBeVisible();
    await expectAccessible(page);
  });
});

test("a teacher says their session did not take place; the lead sees why on the session and the schedule", async ({ page, browser, baseURL }) => {
  test.slow();
  const delivery = createTestDelivery();
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(page);
  await page.getByLabel("Year 8").check();
  await page.getByLabel("How many pupils do you expect?").fill("40");
  await page.getByLabel("Contact on the day").fill("Ms Ada Lee");
  await page.getByLabel("Contact's phone number").fill("0116 496 0999");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(page);
  const bookingUrl = new URL(page.url()).pathname;
  moveDeliveryToPast(delivery.id, 2);

  await page.goto(`${bookingUrl}/attendance`);
  await expectAccessible(page);
  await page.getByRole("radio", { name: "No, it did not take place" }).check();
  await page.getByLabel("Year 8 (booked)").fill("12");
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByRole("alert")).toContainText("Select why the session did not take place");
  await expect(page.getByRole("alert")).toContainText("Leave the pupil numbers empty");
  await expectAccessible(page);
  await page.getByLabel("Year 8 (booked)").fill("");
  await page.getByRole("radio", { name: "The officer or facilitator did not come" }).check();
  await page.getByLabel(/What happened/).fill("Called to an incident");
  await page.getByRole("button", { name: "Save attendance" }).click();
  await expect(page.getByRole("status")).toContainText("the session did not take place, so it reached no pupils");
  await expect(page.getByRole("main")).toContainText("Did not take place");
  await expectAccessible(page);

  const lead = await personAt(browser, baseURL, "lead@example.org");
  await lead.page.goto(`/sessions/deliveries/${delivery.id}`);
  await expect(lead.page.getByRole("table", { name: /Schools booked/ })).toContainText("The officer or facilitator did not come: Called to an incident");
  await expect(lead.page.getByRole("main")).toContainText("Did not take place");
  await expectAccessible(lead.page);
  await lead.page.goto("/sessions/schedule?when=past");
  const row = lead.page.getByRole("row", { name: new RegExp(delivery.campaign) });
  await expect(row).toContainText("Did not take place");
  // A session that is over has no places to give, so none are counted as left.
  await expect(row.getByRole("cell").nth(4)).toHaveText("–None: no longer bookable");
  await expectAccessible(lead.page);
  await lead.close();
});

test("the lead sets a year's term dates: refused out of order, then saved", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/sessions/schedule");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Term dates" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Term dates" })).toBeVisible();
  await expectAccessible(page);
  const later = page.getByLabel("Academic year", { exact: true });
  const years = await later.locator("option").allTextContents();
  await later.selectOption({ label: years.at(-1)! });
  await page.getByRole("button", { name: "Show this year" }).click();
  await expect(page.getByText(/are not recorded yet/)).toBeVisible();
  await expectAccessible(page);

  const spring = page.getByRole("group", { name: "Spring term" });
  const autumnEnds = await page.getByRole("group", { name: "Autumn term" }).getByLabel("Last day of term").inputValue();
  const springStarts = await spring.getByLabel("First day of term").inputValue();
  await spring.getByLabel("First day of term").fill(autumnEnds);
  await page.getByRole("button", { name: "Save term dates" }).click();
  await expect(page.getByRole("alert")).toContainText("The spring term must start after the autumn term ends");
  // The summary links to the very field, one of the term's own.
  const springStartsId = await spring.getByLabel("First day of term").getAttribute("id");
  await expect(page.getByRole("alert").getByRole("link", { name: "The spring term must start after the autumn term ends" })).toHaveAttribute(
    "href",
    `#${springStartsId}`,
  );
  await expectAccessible(page);
  await spring.getByLabel("First day of term").fill(springStarts);
  await page.getByRole("button", { name: "Save term dates" }).click();
  await expect(page.getByRole("status")).toContainText(`Term dates saved for ${years.at(-1)}`);
  await expect(page.getByText(/are not recorded yet/)).toHaveCount(0);
  await expectAccessible(page);
});
