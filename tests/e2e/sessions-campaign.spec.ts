import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

const DAY = 24 * 60 * 60 * 1000;
const isoDay = (daysAhead: number) => new Date(Date.now() + daysAhead * DAY).toISOString().slice(0, 10);
/** "2027-02-11" as a person in the UK types it: "11/02/2027". */
const ukDate = (iso: string) => iso.split("-").reverse().join("/");
const inWords = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** The first Saturday at least `daysAhead` days from now. */
function saturdayFrom(daysAhead: number) {
  const day = new Date(Date.now() + daysAhead * DAY);
  day.setUTCDate(day.getUTCDate() + ((6 - day.getUTCDay() + 7) % 7));
  return day.toISOString().slice(0, 10);
}

/** A Monday in the summer holidays after next summer term, from the terms in the demo data. */
function summerHolidayMonday() {
  const db = openDatabase();
  try {
    const { endsOn } = db.prepare("SELECT endsOn FROM Term WHERE name = 'summer' ORDER BY academicYear DESC LIMIT 1").get() as { endsOn: string };
    const day = new Date(`${endsOn}T12:00:00Z`);
    day.setUTCDate(day.getUTCDate() + ((1 - day.getUTCDay() + 7) % 7 || 7));
    return day.toISOString().slice(0, 10);
  } finally {
    db.close();
  }
}

test("the lead schedules a campaign week with a date input and a UK date, is warned of a Saturday and a holiday, and lands on the new sessions", async ({
  page,
}) => {
  test.slow();
  const facilitator = `PC Week ${Date.now()}`;
  const saturday = saturdayFrom(50);
  const holiday = summerHolidayMonday();
  await signInAs(page, "lead@example.org");
  await page.goto("/sessions/deliveries/new");
  await expectAccessible(page);
  await page.getByLabel("Topic").selectOption({ label: "Knife-crime awareness" });
  await page.getByLabel("Date", { exact: true }).fill(isoDay(2));
  await page.getByLabel("Start time").fill("13:30");
  await page.getByRole("radio", { name: "Online workshop" }).check();
  await page.getByLabel("Number of schools").fill("30");
  await page.getByLabel("Facilitator's name").fill(facilitator);
  await page.getByLabel("Facilitator's organisation").fill("Leicestershire Police");
  await page.getByLabel("Campaign (optional)").fill("Operation Sceptre");
  // A session no school could ever book is refused: its booking would have closed already.
  await page.getByLabel("Booking closes this many days before").fill("5");
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByRole("alert")).toContainText("which has passed: choose fewer days before the session");
  await expectAccessible(page);
  await page.getByLabel("Date", { exact: true }).fill(isoDay(45));
  await page.getByLabel("Booking closes this many days before").fill("2");

  await page.getByLabel("More dates, one a line").fill(`${ukDate(saturday)}\n31/02/2027`);
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByRole("alert")).toContainText("“31/02/2027” is not a date like 17/11/2026");
  await expectAccessible(page);

  // One date picked with a date input, one typed as people in the UK write it.
  await page.getByLabel("More dates, one a line").fill(ukDate(holiday));
  await page.getByLabel("First other date").fill(saturday);
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByRole("status")).toContainText("3 sessions scheduled");
  const table = page.getByRole("table", { name: /The sessions you scheduled/ });
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("row", { name: new RegExp(inWords(saturday)) })).toContainText(`Check the date: ${inWords(saturday)} is a Saturday`);
  await expect(table.getByRole("row", { name: new RegExp(inWords(holiday)) })).toContainText("in the school holidays");
  await expectAccessible(page);

  const db = openDatabase();
  try {
    const rows = db.prepare("SELECT campaign FROM Delivery WHERE facilitatorName = ?").all(facilitator) as { campaign: string }[];
    expect(rows.map((r) => r.campaign)).toEqual(["Operation Sceptre", "Operation Sceptre", "Operation Sceptre"]);
  } finally {
    db.close();
  }
});
