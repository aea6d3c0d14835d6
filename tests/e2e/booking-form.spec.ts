import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { FROM_OWN_PAGE } from "./support/origin";
import { createTestDelivery } from "./support/sessions";

test.use({ viewport: { width: 1280, height: 800 } });

const DAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \\d{1,2} [A-Z][a-z]+ \\d{4}";
const TIME = "\\d{1,2}(:\\d\\d)?[ap]m";
/** "Tuesday 5 January 2027, 10am to 10:45am": a session within one day, its date once. */
const SESSION_TIMES = new RegExp(`^${DAY}, ${TIME} to ${TIME}$`);

test("a teacher is offered only the year groups the topic suits, and the server refuses any other", async ({ page }) => {
  // County lines suits Years 8 to 11 in the demo data.
  const delivery = createTestDelivery({ topicTitle: "County lines" });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(page);
  const years = page.getByRole("group", { name: "Which year groups will attend?" });
  await expect(years.getByRole("checkbox")).toHaveCount(4);
  for (const year of [8, 9, 10, 11]) await expect(years.getByLabel(`Year ${year}`, { exact: true })).toBeVisible();
  for (const year of [7, 12, 13]) await expect(years.getByLabel(`Year ${year}`, { exact: true })).toHaveCount(0);

  const form = { intent: "book", yearGroups: "12", expectedPupils: "30", contactName: "Ms Kim Rowe", contactPhone: "0116 496 0888", accessNeeds: "" };
  const refused = await page.request.post(`/sessions/deliveries/${delivery.id}/book`, { form, headers: FROM_OWN_PAGE });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain("Select only the year groups this topic suits: Years 8, 9, 10 and 11");

  // A box whose value was changed in the page (Year 14 exists nowhere): the message stands by the year
  // groups, and the summary links there.
  await years.getByLabel("Year 8", { exact: true }).evaluate((box) => {
    (box as HTMLInputElement).value = "14";
    (box as HTMLInputElement).checked = true;
  });
  await page.getByLabel("How many pupils do you expect?").fill("30");
  await page.getByLabel("Contact on the day").fill("Ms Kim Rowe");
  await page.getByLabel("Contact's phone number").fill("0116 496 0888");
  await page.getByRole("button", { name: "Book this session" }).click();
  const summaryLink = page.getByRole("alert").getByRole("link", { name: "Select year groups from Year 7 to Year 13" });
  await expect(summaryLink).toBeVisible();
  const target = (await summaryLink.getAttribute("href")) ?? "";
  expect(target).toMatch(/-yearGroups$/);
  await expect(years.getByText("Select year groups from Year 7 to Year 13")).toBeVisible();
  await expectAccessible(page);
});

test("a session's times read the same on the booking form, the booking and its calendar file", async ({ page }) => {
  const delivery = createTestDelivery({ daysAhead: 50 });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(page);
  const when = (await page.locator("h1 + p").innerText()).trim();
  expect(when).toMatch(SESSION_TIMES);
  await page.getByLabel("Year 9").check();
  await page.getByLabel("How many pupils do you expect?").fill("30");
  await page.getByLabel("Contact on the day").fill("Ms Kim Rowe");
  await page.getByLabel("Contact's phone number").fill("0116 496 0888");
  await page.getByRole("button", { name: "Book this session" }).click();
  await expect(page.getByRole("status")).toContainText("Booking confirmed");
  await expectAccessible(page);
  await expect(page.getByRole("definition").filter({ hasText: when })).toHaveText(`${when}.`);
  const calendar = await page.request.get(`${new URL(page.url()).pathname}/calendar.ics`);
  // Calendar text folds long lines (RFC 5545); unfolded, the description starts with the same words.
  expect((await calendar.text()).replace(/\r\n[ \t]/g, "")).toContain(`DESCRIPTION:${when.replace(/,/g, "\\,")} (UK time).`);
});
