import { expect, expectAccessible, test } from "./support/fixtures";
import { signInAs } from "./support/auth";

const LEAD = "lead@example.org";
const SCHOOL_SESSIONS_NOTE =
  "Sessions the school took part in: An online workshop joined by several schools counts once for each of them, so this column can add up to more than the sessions delivered.";
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

test.use({ viewport: { width: 1280, height: 800 } });

/** Today's date in London, as the server works it out. */
function londonToday() {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "numeric", day: "numeric" })
      .formatToParts(new Date())
      .map((p) => [p.type, Number(p.value)]),
  );
  return { year: parts.year!, month: parts.month!, day: parts.day! };
}

test("the dashboard compares this year so far with the same dates last year, and a past year with the whole year before", async ({ page }) => {
  const today = londonToday();
  const startYear = today.month >= 9 ? today.year : today.year - 1;
  const shortYear = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, "0")}`;
  const lastYearDay = today.month === 2 && today.day === 29 ? 28 : today.day;
  const sameDay = `${lastYearDay} ${MONTHS[today.month - 1]} ${today.year - 1}`;
  // From September the span stays in one calendar year ("1 September to 30 November 2025"); on 1 September it is that day.
  const previous = today.month === 9 && today.day === 1 ? sameDay : `${today.month >= 9 ? "1 September" : `1 September ${startYear - 1}`} to ${sameDay}`;
  // On 31 August the year is complete and compared whole (tests/unit/reach-comparison.test.ts covers that day).
  test.skip(today.month === 8 && today.day === 31, "the year's last day compares whole years");

  await signInAs(page, LEAD);
  await page.goto("/reach");
  await expect(page.getByRole("heading", { name: `Headline figures, ${shortYear(startYear)}` })).toBeVisible();
  await expect(page.getByTestId("compared-with")).toContainText(`compared with the same dates a year earlier: ${previous}.`);
  const figures = page.getByRole("definition").filter({ hasText: `the same dates in ${shortYear(startYear - 1)}` });
  expect(await figures.count()).toBeGreaterThan(3);
  await expect(page.getByRole("columnheader", { name: `Change, ${previous}` })).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/reach?year=${startYear - 1}`);
  await expect(page.getByTestId("compared-with")).toHaveText(
    `The whole of ${shortYear(startYear - 1)}, compared with the whole of ${shortYear(startYear - 2)}.`,
  );
  await expect(page.getByRole("definition").filter({ hasText: /the same dates/ })).toHaveCount(0);
  await expectAccessible(page);
});

test("MVP cards say what each figure counts, and each school's stage is borne out by its counts", async ({ page }) => {
  await signInAs(page, LEAD);
  await page.goto("/mvp?show=all");
  const cards = page.getByRole("definition");
  // Each label ends with a colon hidden on screen, so its text does not run into the figure ("2026/2712").
  await expect(page.getByRole("term").filter({ hasText: /^Mentors trained, of \d{4}\/\d{2} cohorts:\s*$/ })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: /^Trained mentors who led a lesson in \d{4}\/\d{2}:\s*$/ })).toBeVisible();
  await expect(cards.filter({ hasText: "completed every required training module" }).first()).toBeVisible();
  await expect(cards.filter({ hasText: /^Trained mentors of any year's cohort/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "How a school's stage is worked out" })).toBeVisible();
  await expectAccessible(page);

  const table = page.getByRole("table", { name: /All schools in/ });
  const headers = await table.getByRole("columnheader").allInnerTexts();
  const column = (label: string) => headers.findIndex((h) => h.trim() === label);
  const [stageAt, staffAt, mentorsAt, lessonsAt] = ["Stage", "Staff trained to date", "Mentors trained", "Lessons"].map(column);
  expect([stageAt, staffAt, mentorsAt, lessonsAt].every((i) => i! > 0)).toBe(true);
  const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText.trim())));
  expect(rows.length).toBeGreaterThan(0);
  const first = (text: string) => Number(text.split(" ")[0]!.replace(/,/g, ""));
  for (const row of rows) {
    const stage = row[stageAt!];
    if (stage === "Staff trained") expect(first(row[staffAt!]!), row[0]).toBeGreaterThan(0);
    if (stage === "Mentors trained") expect(first(row[mentorsAt!]!), row[0]).toBeGreaterThan(0);
    if (stage === "Delivering") expect(first(row[lessonsAt!]!), row[0]).toBeGreaterThan(0);
  }
});

test("every school's reach fits a 1280-pixel screen, with the less-used columns behind a choice", async ({ page }) => {
  await signInAs(page, LEAD);
  const fits = async () => {
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      clipped: [...document.querySelectorAll("th")].filter((th) => th.scrollWidth > th.clientWidth).map((th) => th.textContent),
    }));
    expect(widths.page).toBeLessThanOrEqual(1280);
    expect(widths.clipped).toEqual([]);
  };
  await page.goto("/reach/schools");
  const table = page.getByRole("table", { name: /Schools' reach/ });
  await expect(table.getByRole("columnheader", { name: /Pupils reached/ }).first()).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Topics/ })).toHaveCount(0);
  // A shared online workshop is one session but counts for every school that joined it, as on the dashboard.
  await expect(table.getByRole("columnheader", { name: /^Sessions the school took part in/ })).toBeVisible();
  await expect(table).toHaveAccessibleDescription(SCHOOL_SESSIONS_NOTE);
  await fits();
  await expectAccessible(page);

  for (const label of ["Topics", "Mentors trained", "Pupils reached by MVP", "Survey responses"]) await page.getByRole("checkbox", { name: label }).check();
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(table.getByRole("columnheader", { name: /Survey responses/ })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: /Topics/ })).toBeVisible();
  await fits();
  await expectAccessible(page);
});

test("a school's reach page shows averages as a reader expects: whole pupils, sessions to one place", async ({ page }) => {
  await signInAs(page, "teacher@example.org");
  await page.goto("/our-reach");
  await expect(page.getByRole("heading", { level: 1, name: "Your school's reach" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /\d{4}\/\d{2} so far/ })).toBeVisible();
  // The average share is each school's own share averaged, which the lead's whole-area share is not: the page says which.
  await expect(page.getByText("“Attendances as a share of the roll” beside yours is the average of the other schools' own shares")).toBeVisible();
  const averages = async (figure: string) =>
    page
      .getByRole("row", { name: new RegExp(`^${figure}`) })
      .evaluateAll((rows) => rows.flatMap((row) => [...row.querySelectorAll("td")].slice(1).map((td) => (td as HTMLElement).innerText.trim())));
  const people = [...(await averages("Pupils reached by sessions")), ...(await averages("Pupils reached by mentor-led lessons"))];
  expect(people.length).toBeGreaterThan(0);
  const shown = (values: string[]) => values.filter((v) => !v.startsWith("Not shown"));
  for (const value of shown(people)) expect(value).toMatch(/^\d{1,3}(,\d{3})*$/);
  // An average not shown says why: a school with 1 to 4 of it, or too few schools with any.
  for (const value of people.filter((v) => v.startsWith("Not shown")))
    expect(value).toMatch(/^Not shown: (a school here has fewer than 5|fewer than 3 schools here have any)$/);
  const sessions = shown(await averages("Sessions the school took part in"));
  expect(sessions.length).toBeGreaterThan(0);
  for (const value of sessions) expect(value).toMatch(/^(\d(\.\d)?|\d{2,})$/);
  // Each year's table says how a shared online workshop is counted, in the dashboard's words.
  const tables = page.getByRole("table", { name: /Your school beside the average of the other schools/ });
  expect(await tables.count()).toBeGreaterThan(0);
  for (const table of await tables.all())
    await expect(table).toHaveAccessibleDescription(
      /^Sessions the school took part in: An online workshop joined by several schools counts once for each of them/,
    );
  await expectAccessible(page);
});
