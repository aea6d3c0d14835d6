import { expect, expectAccessible, test } from "./support/fixtures";
import { schoolIdByUrn, signInAs } from "./support/auth";

test("a teacher sees their own school's reach beside averages, and none of the lead's pages", async ({ page }) => {
  await signInAs(page, "teacher@example.org");
  await page.goto("/");
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reach" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your school's reach" })).toBeVisible();
  const thisYear = page.getByRole("table", { name: /Your school beside the average of the other schools, 2026\/27/ });
  await expect(thisYear.getByRole("columnheader")).toHaveText(["Figure", "Your school", "Other schools in West Leicester", "Other schools across the area"]);
  await expect(page.getByRole("table", { name: /2025\/26/ }).getByRole("row", { name: /Pupils reached by sessions/ })).toBeVisible();
  // Only their own school is ever named: not the other school in their locality, nor any other.
  const main = page.locator("main");
  await expect(main).toContainText("Kestrelmere Academy");
  await expect(main).not.toContainText("Bramblebrook");
  await expectAccessible(page);

  await page.getByRole("link", { name: "Your school's sessions, year by year" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kestrelmere Academy: reach over the years" })).toBeVisible();
  // Sessions are headed and explained as on /our-reach and /reach/schools: a shared online workshop counts for every school that joined it.
  const years = page.getByRole("table", { name: /Reach in each academic year/ });
  await expect(years.getByRole("columnheader", { name: "Sessions the school took part in" })).toBeVisible();
  await expect(years).toHaveAccessibleDescription(
    "Sessions the school took part in: An online workshop joined by several schools counts once for each of them, so this column can add up to more than the sessions delivered.",
  );
  await expectAccessible(page);

  for (const path of ["/reach", "/reach/schools", "/reach/gaps", "/reach/report", `/reach/schools/${schoolIdByUrn("990002")}`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    await expectAccessible(page);
  }
  expect((await page.request.get("/reach/schools.csv")).status()).toBe(403);
  expect((await page.request.get("/reach/localities.csv?publication=1")).status()).toBe(403);
});
