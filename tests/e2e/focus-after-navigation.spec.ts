import type { Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery } from "./support/sessions";

/**
 * With JavaScript, a page changes without a new load, so the app moves focus itself: to the new page's
 * one-off message, else its main heading, as a page loaded afresh starts at its top; a page that takes focus
 * itself (an error summary) keeps it. Driven by the keyboard alone.
 */
test.use({ viewport: { width: 1280, height: 800 } });

test("a link followed by the keyboard leaves focus at the new page's heading, not on the link", async ({ page }) => {
  await signInAs(page, "teacher@example.org");
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/bookings$/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toBeFocused();
  await expectAccessible(page);
  // The next Tab goes on from the page's start, into its content, not back into the header.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("banner").locator(":focus")).toHaveCount(0);
});

test("'Next page' at the foot of a long list leaves focus at the start of the next page's rows, in view", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/schools");
  await expectAccessible(page);
  // Each page of the list has a title of its own, the first thing a screen reader says of it.
  await expect(page).toHaveTitle(/^Schools \(page 1 of \d+\) – VRN Schools Forum$/);
  await page.getByRole("link", { name: "Next page" }).first().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=2/);
  // The table's caption, saying which rows these are: the next Tab goes into them, not back through the filters.
  const caption = page.locator(":focus");
  await expect(caption).toHaveText(/^All schools \(showing 26 to \d+ of \d+\)$/);
  await expect(caption).toBeInViewport();
  await expect(page).toHaveTitle(/^Schools \(page 2 of \d+\) – VRN Schools Forum$/);
  await expectAccessible(page);
});

test("going back from a list's next page puts the page back where the person was, not at the list's caption", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/schools");
  await expectAccessible(page);
  // "Next page" at the foot, with the table's caption scrolled out of sight above.
  const next = page.getByRole("navigation", { name: "Pages of schools" }).getByRole("link", { name: "Next page" });
  await next.focus();
  await expect(page.getByRole("table").locator("caption")).not.toBeInViewport();
  const scrolledTo = await page.evaluate(() => window.scrollY);
  expect(scrolledTo).toBeGreaterThan(0);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator(":focus")).toHaveText(/^All schools \(showing 26 to \d+ of \d+\)$/);
  await expectAccessible(page);

  await page.goBack();
  await expect(page).toHaveURL(/\/schools$/);
  await expect(page.getByRole("table").locator("caption")).toHaveText(/^All schools \(showing 1 to 25 of \d+\)$/);
  // Once the page has drawn and settled, it is where the router put it back, with "Next page" in view.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolledTo);
  await expect(next).toBeInViewport();
  // Focus goes to the heading without moving the page (decision 0167).
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expectAccessible(page);
});

test("the header's link to a list, followed from one of its later pages, starts the whole list at its heading", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/schools?page=2");
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Schools", exact: true }).press("Enter");
  await expect(page).toHaveURL(/\/schools$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expectAccessible(page);
});

test("sorting a table by a heading, or turning its page, leaves focus on its count; the whole list from a link starts at its heading", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/reach");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Every school's reach" }).press("Enter");
  await expect(page).toHaveURL(/\/reach\/schools\?/);
  await expect(page.getByRole("heading", { level: 1, name: "Every school's reach" })).toBeFocused();
  await expectAccessible(page);

  // A heading's link sorts by its column; focus lands on how many schools are shown, below the filters and
  // in view, not back at the page's heading above them.
  const table = page.getByRole("table", { name: /^Schools' reach/ });
  await table.getByRole("link", { name: /^School\s*, sort by this column$/ }).press("Enter");
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  const count = page.locator(":focus");
  await expect(count).toHaveText(/^Schools showing 1 to \d+ of \d+\.$/);
  await expect(count).toBeInViewport();
  await expectAccessible(page);

  // Pressed again, the same heading turns the order round, and focus lands there again.
  await table.getByRole("link", { name: /^School\s*, sorted A to Z$/ }).press("Enter");
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect(page.locator(":focus")).toHaveText(/^Schools showing 1 to \d+ of \d+\.$/);
  await expectAccessible(page);

  await page.getByRole("navigation", { name: "Pages of schools" }).getByRole("link", { name: "Next page" }).press("Enter");
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator(":focus")).toHaveText(/^Schools showing 51 to \d+ of \d+\.$/);
  await expect(page.locator(":focus")).toBeInViewport();
  await expectAccessible(page);

  // A filter changed with the order kept is not a sort: focus goes to the heading, as before.
  await page.getByLabel("Reached by a session").selectOption("yes");
  await page.getByRole("button", { name: "Show figures" }).press("Enter");
  await expect(page).toHaveURL(/reached=yes/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expectAccessible(page);
});

test("a form that saves leaves focus on the message saying so; one refused keeps it on its error summary", async ({ page }) => {
  const delivery = createTestDelivery({ daysAhead: 44 });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Book this session" }).press("Enter");
  await expect(page.getByRole("alert")).toBeFocused();
  await expectAccessible(page);

  await page.getByLabel("Year 10").check();
  await page.getByLabel("How many pupils do you expect?").fill("30");
  await page.getByLabel("Contact on the day").fill("Ms Kim Rowe");
  await page.getByLabel("Contact's phone number").fill("0116 496 0888");
  await page.getByRole("button", { name: "Book this session" }).press("Enter");
  const message = page.getByRole("status").filter({ hasText: "Booking confirmed" });
  await expect(message).toBeFocused();
  await expectAccessible(page);
});

test("a change on the MVP page shows its message in view, and the links to a part of the page leave focus there", async ({ page }) => {
  await signInAs(page, "mvp@example.org");
  await page.goto("/mvp/staff/new");
  await expectAccessible(page);
  await page.getByLabel("Name").fill("Sam Okafor");
  await page.getByLabel("Role").fill("Head of Year 9");
  await page.getByLabel("Date of the training").fill(new Date().toISOString().slice(0, 10));
  await page.getByLabel("Trainer").fill("VRN MVP trainers");
  await page.getByRole("button", { name: "Add staff member" }).press("Enter");
  // The page opens at its top, where the message is, not scrolled down to the staff trained.
  const message = page.getByRole("status").filter({ hasText: "Sam Okafor added to the staff trained" });
  await expect(message).toBeFocused();
  await expect(message).toBeInViewport();
  await expectAccessible(page);

  // Its link goes on down to the part it changed, and focus goes with it.
  await message.getByRole("link", { name: "Go to the staff trained" }).press("Enter");
  await expect(page).toHaveURL(/#staff$/);
  const staff = page.getByRole("heading", { name: "Staff trained", level: 2 });
  await expect(staff).toBeFocused();
  await expect(staff).toBeInViewport();

  // As does "Back to MVP" from a record, to the part it came from.
  await page.getByRole("link", { name: "Record a mentor-led lesson" }).first().press("Enter");
  await expect(page.getByRole("heading", { name: "Record a mentor-led lesson", level: 1 })).toBeFocused();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Back to MVP" }).press("Enter");
  const lessons = page.getByRole("heading", { name: "Mentor-led lessons", level: 2 });
  await expect(lessons).toBeFocused();
  await expect(lessons).toBeInViewport();
  await expectAccessible(page);
});

/**
 * The booking form's error summary link to the pupils field puts focus in that field with its label in view
 * above it (a fragment link alone puts the field at the top, its label and message above the screen).
 */
async function expectSummaryLinkShowsPupilsQuestion(page: Page) {
  const pupils = page.getByLabel("How many pupils do you expect?");
  await page
    .getByRole("alert")
    .getByRole("link", { name: /pupils/ })
    .press("Enter");
  await expect(pupils).toBeFocused();
  await expect(page.locator(`label[for="${await pupils.getAttribute("id")}"]`)).toBeInViewport();
  await expect(pupils).toBeInViewport();
}

test("an error summary's link puts focus in the field and its question in view, not above the screen's top", async ({ page }) => {
  const delivery = createTestDelivery({ daysAhead: 46 });
  await page.setViewportSize({ width: 360, height: 640 });
  await signInAs(page, "teacher2@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  // Checked first, as the page's scripts take over meanwhile: the summary's links move focus with them.
  await expectAccessible(page);
  await page.getByRole("button", { name: "Book this session" }).press("Enter");
  const summary = page.getByRole("alert");
  await expect(summary).toBeFocused();

  await expectSummaryLinkShowsPupilsQuestion(page);

  // Boxes in a fieldset: the question is its legend, not the first box's own label.
  await summary.getByRole("link", { name: /year groups/i }).press("Enter");
  const firstBox = page
    .getByRole("group", { name: /year groups/i })
    .getByRole("checkbox")
    .first();
  await expect(firstBox).toBeFocused();
  await expect(page.getByRole("group", { name: /year groups/i }).locator("legend")).toBeInViewport();
  await expectAccessible(page);
});

test("a form sent before the page's scripts ran comes back titled 'Error:', and keeps its title and focus once they run", async ({ page }) => {
  const delivery = createTestDelivery({ daysAhead: 47 });
  await page.setViewportSize({ width: 360, height: 640 });
  await signInAs(page, "teacher2@example.org");
  // The booking page is loaded without its scripts, as on a slow connection, so its form is sent by the
  // browser itself; the page that answers it loads them.
  await page.route("**/assets/**/*.js", (route) => route.abort());
  await page.goto(`/sessions/deliveries/${delivery.id}/book`);
  await page.unroute("**/assets/**/*.js");
  await page.getByRole("button", { name: "Book this session" }).press("Enter");
  await page.waitForFunction(() => "__remixRouter" in window);
  await expectAccessible(page);
  // The server's title matched what the page's scripts draw: React did not draw the document again,
  // which would have taken focus from the summary and the prefix from the title.
  await expect(page).toHaveTitle(/^Error: Book /);
  await expect(page.getByRole("alert")).toBeFocused();
  await expectSummaryLinkShowsPupilsQuestion(page);
});

test("an old link past the end of a list shows its last page, not a page saying nothing matches", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/admin/users?page=999&invitationsPage=999");
  await expectAccessible(page);
  await expect(page).toHaveTitle("Users – VRN Schools Forum");
  await expect(page.getByText("No one matches these filters.")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "lead@example.org" })).toBeVisible();
});

test("a search leaves focus on how many it found, so a screen reader says it, and on the words when none matched", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/schools");
  await expectAccessible(page);
  await page.getByLabel("Name or URN").fill("Kestrelmere");
  await page.getByLabel("Name or URN").press("Enter");
  await expect(page).toHaveURL(/q=Kestrelmere/);
  await expect(page.locator(":focus")).toHaveText(/^Schools matching your search \(showing 1 to \d+ of \d+\)$/);
  await expectAccessible(page);

  await page.getByLabel("Name or URN").fill("No school has this name");
  await page.getByLabel("Name or URN").press("Enter");
  await expect(page.locator(":focus")).toHaveText(/^No schools match your search\./);
  await expectAccessible(page);

  // The people list and the audit log say theirs in their table's caption, 0 matches included.
  await page.goto("/admin/users");
  await expectAccessible(page);
  await page.getByLabel("Name or email address").fill("nobody-at-all@nowhere.invalid");
  await page.getByLabel("Name or email address").press("Enter");
  await expect(page.locator(":focus")).toHaveText("People with an account (0 matches)");
  await expectAccessible(page);
  // The whole list, by a link from elsewhere, starts at its heading as before.
  await page.getByRole("link", { name: "Clear filters" }).press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expectAccessible(page);
});
