import type { Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./support/fixtures";
import { signInAs } from "./support/auth";
import { openSchool } from "./support/people";

/**
 * A filter in an address that its form does not offer (an edited or old link, a topic or locality since
 * removed) used to list nothing, or the current year, under a form that said "All" or another year. Each
 * page now answers 400, says why by the field, and shows what the form shows.
 */
type Case = { path: string; field: string; message: string; shows: string };

async function expectRefused(page: Page, { path, field, message, shows }: Case) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(400);
  await expect(page.getByRole("alert")).toContainText(message);
  // The page was sent whole with its scripts, so its error summary says so in the title once they run.
  await expect(page).toHaveTitle(/^Error: .+ – VRN Schools Forum$/);
  const select = page.getByLabel(field, { exact: true });
  await expect(select).toHaveAttribute("aria-invalid", "true");
  await expect(select).toHaveValue(shows);
  // The summary's link takes the keyboard to the field.
  await page.getByRole("alert").getByRole("link", { name: message }).click();
  await expect(select).toBeFocused();
  await expectAccessible(page);
}

// The academic year starting this September (or last, before September): 2026 for 2026/27.
const today = new Date();
const thisYear = today.getUTCMonth() >= 8 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
const formatAcademicYear = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, "0")}`;

test("the teacher's list of sessions to book", async ({ page }) => {
  await signInAs(page, "teacher@example.org");
  await expectRefused(page, { path: "/sessions?topic=no-such-topic", field: "Topic", message: "There is no such topic: choose one from the list", shows: "" });
  await expect(page.getByText("No sessions match")).toHaveCount(0);
  await expectRefused(page, { path: "/sessions?month=2099-01", field: "Month", message: "Choose a month from the list", shows: "" });
  await expect(page.getByText("No sessions match")).toHaveCount(0);
  await expectRefused(page, { path: "/sessions?yearGroup=3", field: "Year group", message: "Choose a year group from the list", shows: "" });
  await expect(page.getByText("No sessions match")).toHaveCount(0);
});

test("the lead's schools, schedule, term dates, MVP, reach table, audit log and survey comparison", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  await expectRefused(page, {
    path: "/schools?localityId=no-such-place",
    field: "Locality",
    message: "There is no such locality: choose one from the list",
    shows: "",
  });
  // "All" schools are listed, not none.
  await expect(page.getByRole("table", { name: /All schools/ })).toBeVisible();
  await expectRefused(page, { path: "/sessions/schedule?when=later", field: "Show", message: "Choose upcoming or past sessions", shows: "upcoming" });
  await expectRefused(page, {
    path: "/sessions/terms?year=1999",
    field: "Academic year",
    message: "Term dates can be set from last academic year to the year after next",
    shows: formatAcademicYear(thisYear),
  });
  const mvpYear = { field: "Academic year", message: "There are no MVP figures for that academic year: choose one from the list", shows: String(thisYear) };
  await expectRefused(page, { path: "/mvp?year=1999", ...mvpYear });
  await expectRefused(page, { path: `/mvp/schools/${openSchool(0).id}?year=2024%2F26`, ...mvpYear });
  await expectRefused(page, {
    path: "/surveys/compare?topic=no-such-topic",
    field: "Topic",
    message: "There is no such topic: choose one from the list",
    shows: await knifeCrimeTopic(page),
  });
  await expectRefused(page, {
    path: "/reach/schools?reached=maybe",
    field: "Reached by a session",
    message: "Choose reached, not reached or all schools",
    shows: "",
  });
  await expect(page.getByText("No schools match these filters.")).toHaveCount(0);
  // Given twice, neither value is used: the table is of all schools, as its form shows.
  await expectRefused(page, {
    path: "/reach/schools?reached=yes&reached=no",
    field: "Reached by a session",
    message: "Choose reached, not reached or all schools",
    shows: "",
  });
  await expectRefused(page, {
    path: "/sessions/schedule?when=past&when=upcoming",
    field: "Show",
    message: "Choose upcoming or past sessions",
    shows: "upcoming",
  });
  await expect(page.getByRole("table", { name: /Upcoming sessions/ })).toBeVisible();
  // A search for a character nobody types matched every school, listed as "matching your search".
  await expectRefused(page, {
    path: "/schools?q=%00",
    field: "Name or URN",
    message: "The search must be one line of text, without tabs or other control characters",
    shows: "",
  });
  const sorted = await page.goto("/reach/schools?sort=bogus&dir=sideways");
  expect(sorted?.status()).toBe(400);
  await expect(page.getByText("That address orders the table, or shows its columns, in a way the page does not offer.")).toBeVisible();
  await expectAccessible(page);
  // Asking for the file for publication in any way but the page's own gave the exact figures.
  const file = await page.request.get("/reach/localities.csv?publication=yes");
  expect(file.status()).toBe(400);
  expect(await file.text()).not.toContain("not for publication");
  // With an action it does not offer, the log lists every event, as with no filter. Journeys beside this
  // one add events meanwhile, so the count can only have grown.
  const eventsListed = async () =>
    Number(/\(([\d,]+) events?\)/.exec((await page.getByText(/^Events, newest first/).textContent()) ?? "")?.[1]?.replace(/,/g, "") ?? NaN);
  await page.goto("/admin/audit");
  await expectAccessible(page);
  const everyEvent = await eventsListed();
  await expectRefused(page, { path: "/admin/audit?what=no-such-action", field: "Action", message: "Choose an action from the list", shows: "" });
  expect(await eventsListed()).toBeGreaterThanOrEqual(everyEvent);
  await expectRefused(page, {
    path: "/surveys/compare?year=1999",
    field: "Academic year",
    message: "There are no surveys in that academic year",
    shows: String(thisYear),
  });
});

/** The topic the comparison shows first. */
async function knifeCrimeTopic(page: Page): Promise<string> {
  await page.goto("/surveys/compare");
  await expectAccessible(page);
  return page.getByLabel("Topic", { exact: true }).inputValue();
}

test("links the MVP pages make: what to show, and the year a new record starts from", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  const everything = await page.goto("/mvp?show=everything");
  expect(everything?.status()).toBe(400);
  await expect(page.getByText("That address asks the page to show something it does not offer.")).toBeVisible();
  // A 400 page says so in its title, whether or not its scripts have run (decision 0139).
  await expect(page).toHaveTitle("Error: Something in the request was wrong – VRN Schools Forum");
  await expectAccessible(page);
  expect((await page.goto("/mvp?show=all"))?.status()).toBe(200);
  await expectAccessible(page);

  await signInAs(page, "mvp@example.org");
  for (const path of ["/mvp/lessons/new", "/mvp/staff/new", "/mvp/cohorts/new"]) {
    const refused = await page.goto(`${path}?year=1999`);
    expect(refused?.status(), path).toBe(400);
    await expect(page.getByText("That link names an academic year the MVP pages do not offer.")).toBeVisible();
    await expectAccessible(page);
    expect((await page.goto(`${path}?year=${thisYear}`))?.status(), path).toBe(200);
    await expect(page.getByRole("link", { name: "Back to MVP" })).toHaveAttribute("href", `/mvp?year=${thisYear}#${path.split("/")[2]}`);
    await expectAccessible(page);
  }
  // A record that is not there is named on its 404 page, as the refusals above are on theirs.
  expect((await page.goto("/mvp/cohorts/no-such-cohort"))?.status()).toBe(404);
  await expect(page.getByText("We could not find that mentor cohort.")).toBeVisible();
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a filter refused in the address says so in the title the server sends", async ({ page }) => {
    await signInAs(page, "teacher@example.org");
    const response = await page.goto("/sessions?topic=no-such-topic");
    expect(response?.status()).toBe(400);
    // No script will add the prefix: the title the browser shows is the one sent (decision 0139).
    await expect(page).toHaveTitle(/^Error: .+ – VRN Schools Forum$/);
    await expect(page.getByRole("alert")).toContainText("There is no such topic: choose one from the list");
    await expectAccessible(page);
  });
});
