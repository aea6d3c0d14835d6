import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

const isoDay = (daysAhead: number) => new Date(Date.now() + daysAhead * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

test("the lead schedules a campaign week of online workshops in one go", async ({ page }) => {
  test.slow();
  const facilitator = `PC Week ${Date.now()}`;
  await signInAs(page, "lead@example.org");
  await page.goto("/sessions/deliveries/new");
  await expectAccessible(page);
  await page.getByLabel("Topic").selectOption({ label: "Knife-crime awareness" });
  await page.getByLabel("Date", { exact: true }).fill(isoDay(50));
  await page.getByLabel("Start time").fill("13:30");
  await page.getByRole("radio", { name: "Online workshop" }).check();
  await page.getByLabel("Number of schools").fill("30");
  await page.getByLabel("Facilitator's name").fill(facilitator);
  await page.getByLabel("Facilitator's organisation").fill("Leicestershire Police");
  await page.getByLabel("Campaign (optional)").fill("Operation Sceptre");

  await page.getByLabel("Also on these dates (optional)").fill(`${isoDay(51)}\n17/11/2026`);
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByRole("alert")).toContainText(`"17/11/2026" is not a date`);
  await expectAccessible(page);

  await page.getByLabel("Also on these dates (optional)").fill(`${isoDay(51)}\n${isoDay(52)}`);
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByRole("status")).toContainText("3 sessions scheduled");
  await expectAccessible(page);

  const db = openDatabase();
  try {
    const rows = db.prepare("SELECT campaign FROM Delivery WHERE facilitatorName = ?").all(facilitator) as { campaign: string }[];
    expect(rows.map((r) => r.campaign)).toEqual(["Operation Sceptre", "Operation Sceptre", "Operation Sceptre"]);
  } finally {
    db.close();
  }
});
