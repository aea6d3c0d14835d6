import fs from "node:fs";
import { expect, expectAccessible, test } from "./support/fixtures";
import { signInAs } from "./support/auth";

const LEAD = "lead@example.org";

test("the lead filters reach by locality and year, opens a school and exports a CSV for publication", async ({ page }) => {
  await signInAs(page, LEAD);
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reach" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reach" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Headline figures, 2026/27" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Academic year", { exact: true }).selectOption({ label: "2025/26" });
  await page.getByLabel("Locality", { exact: true }).selectOption({ label: "West Leicester" });
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page.getByRole("heading", { name: "Headline figures, 2025/26" })).toBeVisible();
  await expect(page).toHaveURL(/year=2025/);
  const westLeicester = new URL(page.url()).searchParams.get("locality");
  // Every chart has its numbers in a table; with one locality chosen, only it is listed.
  const localities = page.getByRole("table", { name: /Reach by locality, 2025\/26/ });
  await expect(localities.getByRole("rowheader")).toHaveCount(1);
  await expect(localities).toContainText("West Leicester");
  await expect(page.getByRole("img", { name: /Pupils reached by sessions each month, 2025\/26/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Every school's reach" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Every school's reach" })).toBeVisible();
  const table = page.getByRole("table", { name: /Schools' reach, 2025\/26/ });
  await expect(table.getByRole("rowheader")).toHaveCount(4);
  await expectAccessible(page);
  await table.getByRole("link", { name: /^School/ }).click();
  await expect(page.getByRole("columnheader", { name: /^School ?, sorted A to Z/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Kestrelmere Academy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kestrelmere Academy: reach over the years" })).toBeVisible();
  const years = page.getByRole("table", { name: "Reach in each academic year" });
  await expect(years.getByRole("row", { name: /2025\/26/ })).toContainText("Delivering");
  await expectAccessible(page);

  await page.goto(`/reach?year=2025&locality=${westLeicester}`);
  await expectAccessible(page);
  // The file for publication is the first and main button; exact figures are the other, named as the VRN's own.
  const downloads = page.getByRole("region", { name: "Download as a spreadsheet" }).getByRole("button");
  await expect(downloads).toHaveText([
    "Download schools for publication (CSV)",
    "Download schools with exact figures, for the VRN only (CSV)",
    "Download localities for publication (CSV)",
    "Download localities with exact figures, for the VRN only (CSV)",
  ]);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download schools for publication (CSV)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("reach-schools-2025-26-for-publication.csv");
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8").slice(1);
  expect(text.split("\r\n")[0]).toMatch(/^School,URN,Local authority,Locality/);
  expect(text).toContain("Kestrelmere Academy,990001,Leicester,West Leicester");
  expect(text).not.toContain("Blaby");
  expect(text).toContain("Prepared for publication");

  const exactDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download schools with exact figures, for the VRN only (CSV)" }).click();
  const exact = await exactDownload;
  expect(exact.suggestedFilename()).toBe("reach-schools-2025-26-exact-not-for-publication.csv");
  expect(fs.readFileSync((await exact.path())!, "utf8")).toContain("Exact figures for use inside the VRN: not for publication.");
});

test("the lead finds the gaps and prints the board report", async ({ page }) => {
  await signInAs(page, LEAD);
  await page.goto("/reach/gaps?year=2026");
  await expect(page.getByRole("heading", { level: 1, name: "Gaps: schools not reached" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Lowest coverage first" }).getByRole("rowheader").first()).toBeVisible();
  const notReached = page.getByRole("table", { name: /Open schools not reached in 2026\/27, largest first/ });
  await expect(notReached).toBeVisible();
  // A school whose session has ended with no attendance recorded is not reached as recorded, but may have been:
  // the demo has such sessions, and the list says so above it and in its own column.
  await expect(page.getByText(/of them had (a session|sessions) that (has|have) ended whose attendance is not recorded yet/)).toBeVisible();
  await expect(notReached.getByRole("columnheader", { name: "Sessions ended, attendance not recorded" })).toBeVisible();
  await expect(notReached.getByRole("cell", { name: /^\d+, (on|the last on) \d{1,2} \w+ \d{4}$/ }).first()).toBeVisible();
  await expectAccessible(page);

  await page.goto("/reach/report?year=2026");
  await expect(page.getByRole("heading", { level: 1, name: "Reach of the Schools Forum, 2026/27" })).toBeVisible();
  // It leaves the service, so its counts are published forms: "<5", rounded down to fives, or withheld where
  // only a few schools have one and one of them a few (decision 0165); no share of the roll. Sessions are shown
  // as the pupils beside them are.
  await expect(page.getByText(/So that no pupil can be picked out once this report is shared/)).toBeVisible();
  for (const label of [
    "Pupils reached by sessions",
    "Sessions delivered",
    "MVP mentors trained (every required module)",
    "Pupils reached by mentor-led lessons",
    "Survey responses",
  ]) {
    const figure = page.locator("dl[aria-labelledby=report-headline] > div").filter({ has: page.locator("dt", { hasText: label }) });
    // The figure's text ends with punctuation hidden on screen, which keeps it apart from the note below it.
    const value = (await figure.locator("dd").first().innerText()).replace(/[\s,.]+$/, "");
    expect(value === "<5" || value === "withheld" || Number(value.replace(/,/g, "")) % 5 === 0, `${label}: ${value}`).toBe(true);
    // A change between two rounded figures is only about so: never an exact "up 280".
    const compared = (await figure.locator("dd").nth(1).innerText()).trim();
    expect(compared, `${label}: ${compared}`).not.toMatch(/^(up|down) \d/);
  }
  await expect(page.getByText("Attendances as a share of the roll")).toHaveCount(0);
  // A year under way gives no core survey items (decision 0155): it says why and links to last year's report.
  await expect(page.getByText(/The core survey items for 2026\/27 are published once the year is over/)).toBeVisible();
  await expect(page.getByRole("table", { name: /Pupils agreeing with each core survey item/ })).toHaveCount(0);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("img", { name: /Pupils reached in each year group/ })).toBeVisible();
  await page.emulateMedia({ media: "screen" });
  await expectAccessible(page);

  await page.getByRole("link", { name: "the report of the whole area for 2025/26" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reach of the Schools Forum, 2025/26" })).toBeVisible();
  const items = page.getByRole("table", { name: /Pupils agreeing with each core survey item/ });
  await expect(items).toBeVisible();
  // Each share as published: withheld, or a multiple of 5 of a range of five.
  for (const cell of await items.locator("tbody td:nth-child(2), tbody td:nth-child(3)").allInnerTexts()) {
    expect(cell).toMatch(/^(Withheld: .*|Fewer than 10 responses|\d*[05]% of \d+ to \d+ giving a view \(\d+ to \d+ responses\))$/);
  }
  await expectAccessible(page);
});

test("an address with a locality the form does not offer shows all localities and says so by the field", async ({ page }) => {
  await signInAs(page, LEAD);
  const response = await page.goto("/reach?locality=no-such-place");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("alert")).toContainText("There is no such locality: choose one from the list");
  const field = page.getByLabel("Locality", { exact: true });
  await expect(field).toHaveAttribute("aria-invalid", "true");
  // The form shows "All", and so do the figures: every locality is listed.
  await expect(field).toHaveValue("");
  expect(
    await page
      .getByRole("table", { name: /Reach by locality/ })
      .getByRole("rowheader")
      .count(),
  ).toBeGreaterThan(2);
  await expectAccessible(page);
});
