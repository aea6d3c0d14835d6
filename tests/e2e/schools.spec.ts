import fs from "node:fs";
import type { Page } from "@playwright/test";
import { schoolIdByUrn, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

/**
 * The schools journeys. The database is shared by tests running in parallel, so each test uses its own
 * URNs and names and never relies on another's changes; demo schools are only read, except 990030
 * (edited below) and those the GIAS fixture updates (990003, 990010, 990020).
 */
// Every page is checked with axe, and these journeys visit many pages.
test.slow();

const schoolsTable = (page: Page) => page.getByRole("table");
const rowsOf = (page: Page) => schoolsTable(page).locator("tbody tr");

async function openAndCheck(page: Page, path: string) {
  const response = await page.goto(path);
  await expectAccessible(page);
  return response;
}

test.describe("the VRN lead", () => {
  test.beforeEach(async ({ page }) => {
    await signInAs(page, "lead@example.org");
  });

  test("lists, searches, filters and pages through the schools", async ({ page }) => {
    await openAndCheck(page, "/schools");
    await expect(schoolsTable(page).locator("caption")).toContainText(/All schools \(showing 1 to 25 of \d+\)/);
    await expect(rowsOf(page)).toHaveCount(25);
    await expect(schoolsTable(page).getByRole("columnheader", { name: "Number on roll" })).toBeVisible();

    await page.getByRole("navigation", { name: "Pages of schools" }).getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/\/schools\?page=2$/);
    await expect(schoolsTable(page).locator("caption")).toContainText("showing 26 to 50");
    await expectAccessible(page);

    await page.getByLabel("Name or URN").fill("990002");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=990002/);
    await expect(rowsOf(page)).toHaveCount(1);
    await expect(rowsOf(page).first()).toContainText("990002");
    await expectAccessible(page);

    await page.getByLabel("Name or URN").fill("");
    await page.getByLabel("Local authority").selectOption("Rutland");
    await page.getByLabel("Status").selectOption("Open");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/localAuthority=Rutland/);
    await expectAccessible(page);
    await expect(schoolsTable(page).locator("caption")).toContainText("Schools matching your search");
    const count = await rowsOf(page).count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      await expect(rowsOf(page).nth(i).locator("td").nth(2)).toHaveText("Rutland");
      await expect(rowsOf(page).nth(i).locator("td").nth(6)).toHaveText("Open");
    }

    await page.getByLabel("Name or URN").fill("no school is called this");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("No schools match your search")).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Clear search and filters" }).click();
    await expect(page).toHaveURL(/\/schools$/);
    await expectAccessible(page);
  });

  test("adds a school, with each mistake explained by its field", async ({ page }) => {
    await openAndCheck(page, "/schools");
    await page.getByRole("link", { name: "Add a school" }).click();
    await expect(page.getByRole("heading", { name: "Add a school" })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel("URN").fill("990001");
    await page.getByLabel("School name").fill("Teasel Vale Academy");
    await page.getByLabel("Leicester", { exact: true }).check();
    await page.getByLabel("Locality (optional)").selectOption({ label: "Charnwood (Leicestershire)" });
    await page.getByLabel("Secondary").check();
    await page.getByLabel("Number on roll (optional)").fill("9999");
    await page.getByLabel("Postcode (optional)").fill("nowhere");
    await page.getByRole("button", { name: "Add school" }).click();

    const summary = page.getByRole("alert");
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: "Number on roll must be between 1 and 5,000" })).toBeVisible();
    await expect(summary.getByRole("link", { name: "Enter a real postcode, like LE1 6ZG" })).toBeVisible();
    await expect(page.locator("#new-school-postcode-error")).toHaveText("Error: Enter a real postcode, like LE1 6ZG");
    // Checked in the browser: the error summary says so in the title too.
    await expect(page).toHaveTitle("Error: Add a school – VRN Schools Forum");
    await expectAccessible(page);

    // The rules that need the database are checked on the server, which answers 400.
    await page.getByLabel("Number on roll (optional)").fill("1,150");
    await page.getByLabel("Postcode (optional)").fill("le1 6zg");
    const refused = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/schools/new"));
    await page.getByRole("button", { name: "Add school" }).click();
    expect((await refused).status()).toBe(400);
    await expect(page.locator("#new-school-urn-error")).toContainText("URN 990001 is already used by");
    await expect(page.locator("#new-school-localityId-error")).toContainText("Charnwood is in Leicestershire. Choose a locality in Leicester");
    await page
      .getByRole("alert")
      .getByRole("link", { name: /URN 990001 is already used/ })
      .click();
    await expect(page.getByLabel("URN")).toBeFocused();
    await expectAccessible(page);

    await page.getByLabel("URN").fill("970101");
    await page.getByLabel("Locality (optional)").selectOption({ label: "West Leicester (Leicester)" });
    await page.getByRole("button", { name: "Add school" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Teasel Vale Academy");
    await expect(page).toHaveTitle(/^Teasel Vale Academy/);
    await expect(page.getByRole("status")).toContainText("Teasel Vale Academy has been added");
    await expectAccessible(page);
    const details = page.locator("dl");
    await expect(details).toContainText("970101");
    await expect(details).toContainText("West Leicester");
    await expect(details).toContainText("1,150");
    await expect(details).toContainText("LE1 6ZG");
  });

  test("edits a school's details", async ({ page }) => {
    const schoolId = schoolIdByUrn("990030");
    await openAndCheck(page, `/schools/${schoolId}`);
    await page.getByRole("link", { name: "Edit school details" }).click();
    await expect(page.getByRole("heading", { name: "Edit school details" })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel("School name").fill("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter the school's name");
    await expectAccessible(page);

    // A closing day is for a closed school only; the day it opened is kept.
    await page.getByLabel("School name").fill("Teaseldale Community College");
    await page.getByLabel("Date it opened").fill("2011-09-01");
    await page.getByLabel("Date it closed").fill("2025-08-31");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("alert")).toContainText("Only a closed school has a date the school closed");
    await expect(page.getByLabel("Date it closed")).toHaveAccessibleDescription(/Only a closed school has a date the school closed/);
    await expectAccessible(page);

    await page.getByLabel("Date it closed").fill("");
    await page.getByLabel("Number on roll (optional)").fill("1234");
    await page.getByLabel("Special school").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status")).toContainText("Teaseldale Community College has been updated");
    await expectAccessible(page);
    await expect(page.locator("dl")).toContainText("1,234");
    await expect(page.locator("dl")).toContainText("Special school");
    await expect(page.locator("dl")).toContainText("Opened: 1 September 2011.");
  });

  test("sees a friendly 404 for a school that does not exist", async ({ page }) => {
    const response = await openAndCheck(page, "/schools/no-such-school");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("adds a locality, maps a ward to it, removes the mapping and renames it", async ({ page }) => {
    await openAndCheck(page, "/schools");
    await page.getByRole("link", { name: "Localities" }).click();
    await expect(page.getByRole("heading", { name: "Localities" })).toBeVisible();
    await expectAccessible(page);
    await expect(page.getByRole("row", { name: /^West Leicester / })).toContainText("Fosse");

    await page.getByRole("link", { name: "Add a locality" }).click();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Add locality" }).click();
    await expect(page.getByRole("alert")).toContainText("Enter the locality's name");
    await expect(page.getByRole("alert")).toContainText("Choose the local authority the locality is in");
    await expectAccessible(page);
    await page.getByLabel("Name").fill("Riverside Leicester");
    await page.getByLabel("Leicester", { exact: true }).check();
    await page.getByRole("button", { name: "Add locality" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Riverside Leicester");
    await expectAccessible(page);

    await page.getByLabel("Ward name").fill("Fosse");
    await page.getByRole("button", { name: "Add ward" }).click();
    await expect(page.locator("#add-area-name-error")).toContainText("The ward Fosse is already mapped to West Leicester");
    await expectAccessible(page);
    await page.getByLabel("Ward name").fill("Riverside Quays");
    await page.getByRole("button", { name: "Add ward" }).click();
    await expect(page.getByRole("status")).toContainText("Riverside Quays is now mapped to this locality");
    await expect(page.getByRole("table")).toContainText("Riverside Quays");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Remove Riverside Quays" }).click();
    await expect(page.getByRole("status")).toContainText("Riverside Quays is no longer mapped");
    await expect(page.getByText("No wards are mapped to Riverside Leicester yet")).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Rename Riverside Leicester" }).click();
    await expectAccessible(page);
    await page.getByLabel("New name").fill("Riverside and Quays");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Riverside and Quays");
    await expectAccessible(page);
  });

  test("imports the GIAS file after checking what it will change", async ({ page }) => {
    await openAndCheck(page, "/schools");
    await page.getByRole("link", { name: "Import from GIAS" }).click();
    await expect(page.getByRole("heading", { name: "Import schools from GIAS" })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Upload and check" }).click();
    await expect(page.getByRole("alert")).toContainText("Select a CSV file");
    await page.getByLabel("GIAS CSV file").setInputFiles("tests/fixtures/gias-llr-sample.csv");
    await page.getByRole("button", { name: "Upload and check" }).click();
    await expect(page.getByRole("heading", { name: "Check the import" })).toBeVisible();
    await expect(page).toHaveURL(/\/schools\/import\/\w+$/);
    await expectAccessible(page);
    const importUrl = page.url();
    await expect(page.getByText("gias-llr-sample.csv (Windows-1252, 18 rows)")).toBeVisible();

    // Each list is a section named by its heading, "Title (count)"; its table is a region of its own, named by its caption.
    const section = (name: RegExp) => page.getByRole("region", { name });
    await expect(section(/^Schools to add \(7\)$/)).toContainText("St Bénédict’s Catholic College");
    await expect(section(/^Schools to update \(\d+\)$/).getByRole("row", { name: /990003/ })).toContainText(/Number on roll: \d+ → changes to 412/);
    await expect(section(/^Schools to update \(\d+\)$/)).toContainText("Teaselridge St Anne’s High School");
    await expect(section(/^Warnings \(\d+\)$/).getByRole("row", { name: /Sorrel Park/ })).toContainText("11");
    const problems = section(/^Rows with problems \(5\)$/);
    for (const [row, reason] of [
      ["12", "No URN"],
      ["13", 'URN "99012" is not 6 digits'],
      ["14", 'Number of pupils "about 900" is not a whole number'],
      ["15", "URN 990101 is also on row 5"],
      ["19", "No establishment name"],
    ]) {
      await expect(problems.getByRole("row").filter({ has: page.getByRole("cell", { name: row, exact: true }) })).toContainText(reason!);
    }
    const leftOut = section(/^Rows left out \(3\)$/);
    await expect(leftOut.getByRole("row", { name: /^16 / })).toContainText("Closed establishment");
    await expect(leftOut.getByRole("row", { name: /^17 / })).toContainText("Primary phase");
    await expect(leftOut.getByRole("row", { name: /^18 / })).toContainText("873 Cambridgeshire is not Leicester, Leicestershire or Rutland");

    await page.getByRole("button", { name: "Confirm import" }).click();
    await expect(page.getByRole("status")).toContainText("Import complete: 7 schools added, 2 updated");
    await expect(page).toHaveURL(/\/schools$/);
    await expectAccessible(page);
    await page.getByLabel("Name or URN").fill("9901");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(rowsOf(page)).toHaveCount(7);
    await expect(page.getByRole("row", { name: /990103/ })).toContainText("Special school");
    await expect(page.getByRole("row", { name: /990107/ })).toContainText("None"); // no locality mapped for its ward
    await expectAccessible(page);

    await openAndCheck(page, importUrl);
    await expect(page.getByText(/This file was imported on/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Confirm import" })).toHaveCount(0);
  });

  test("sees the day a school to be added opened before confirming it", async ({ page }) => {
    await openAndCheck(page, "/schools/import");
    const header =
      "URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),NumberOfPupils,Postcode," +
      "DistrictAdministrative (name),AdministrativeWard (name),OpenDate,CloseDate";
    const csv = `${header}\r\n991201,856,Leicester,Opening Day Academy,Academy converter,Open,Secondary,600,LE4 7GQ,Leicester,Fosse,01-09-2025,\r\n`;
    await page.getByLabel("GIAS CSV file").setInputFiles({ name: "opening.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and check" }).click();
    await expect(page.getByRole("heading", { name: "Check the import" })).toBeVisible();
    await expectAccessible(page);
    const added = page.getByRole("region", { name: /^Schools to add \(1\)$/ });
    await expect(added.getByRole("columnheader", { name: "Status and dates" })).toBeVisible();
    await expect(added.getByRole("row", { name: /991201/ })).toContainText("Open, Opened 1 September 2025");
  });

  test("is told plainly when an upload is not a CSV, is empty or is too big", async ({ page }, testInfo) => {
    await openAndCheck(page, "/schools/import");
    const upload = async (name: string, buffer: Buffer) => {
      await page.getByLabel("GIAS CSV file").setInputFiles({ name, mimeType: "application/octet-stream", buffer });
      const response = page.waitForResponse((r) => r.request().method() === "POST");
      await page.getByRole("button", { name: "Upload and check" }).click();
      expect((await response).status()).toBe(400);
    };
    await upload("schools.xlsx", Buffer.from("PK\u0003\u0004"));
    await expect(page.locator("#gias-import-file-error")).toContainText("The selected file must be a CSV");
    await expectAccessible(page);
    await upload("empty.csv", Buffer.alloc(0));
    await expect(page.locator("#gias-import-file-error")).toContainText("The selected file is empty");
    // A file over the limit, of any size, is refused by the field before anything is sent: a 30 MB file
    // (GIAS's whole extract is larger still) once got a page saying the service had a problem.
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });
    // Chosen from a file on disk, as a person would: the browser reads its size without the test sending it 30 MB.
    const england = testInfo.outputPath("england.csv");
    fs.writeFileSync(england, Buffer.alloc(30 * 1024 * 1024, "a"));
    await page.getByLabel("GIAS CSV file").setInputFiles(england);
    await page.getByRole("button", { name: "Upload and check" }).click();
    await expect(page.locator("#gias-import-file-error")).toContainText("The file must be 20 MB or smaller");
    expect(posts).toEqual([]);
    await expectAccessible(page);
    // The server says the same to a browser that sends one anyway (no JavaScript), up to what it reads.
    const response = await page.request.post("/schools/import?index", {
      headers: { Origin: new URL(page.url()).origin },
      multipart: { file: { name: "everything.csv", mimeType: "text/csv", buffer: Buffer.alloc(20 * 1024 * 1024 + 1024, "a") } },
    });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("The file must be 20 MB or smaller");
  });
});

test.describe("a teacher", () => {
  test.beforeEach(async ({ page }) => {
    await signInAs(page, "teacher@example.org");
  });

  test("sees their own school, and no other school or the lead's pages", async ({ page }) => {
    const ownId = schoolIdByUrn("990001");
    await openAndCheck(page, "/schools");
    await expect(page).toHaveURL(new RegExp(`/schools/${ownId}$`));
    await expect(page.locator("dl")).toContainText("990001");
    await expect(page.getByText("If any of these details are wrong, tell the VRN schools lead")).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit school details" })).toHaveCount(0);

    // Another school's page is refused whether or not it exists, so ids cannot be probed.
    for (const path of [
      `/schools/${schoolIdByUrn("990002")}`,
      "/schools/no-such-school",
      `/schools/${ownId}/edit`,
      "/schools/new",
      "/schools/import",
      "/schools/localities",
      "/schools/localities/new",
    ]) {
      const response = await openAndCheck(page, path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    }
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the lead finds and adds a school, fixing a mistake first", async ({ page }) => {
    await signInAs(page, "lead@example.org");
    await openAndCheck(page, "/schools?page=2");
    await page.getByLabel("Type").selectOption("Special school");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/type=SPECIAL/);
    await expect(page).not.toHaveURL(/page=2/);
    await expectAccessible(page);

    await openAndCheck(page, "/schools/new");
    await page.getByLabel("URN").fill("97010");
    await page.getByLabel("School name").fill("Marram Fields School");
    await page.getByLabel("Rutland").check();
    await page.getByLabel("Pupil referral unit / alternative provision").check();
    await page.getByLabel("Number on roll (optional)").fill("12.5");
    const refused = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Add school" }).click();
    expect((await refused).status()).toBe(400);
    // With no script to add it, the server sends the title saying there is a problem.
    await expect(page).toHaveTitle("Error: Add a school – VRN Schools Forum");
    await expect(page.getByRole("alert")).toContainText("URN must be 6 digits, like 123456");
    await expect(page.getByRole("alert")).toContainText("Number on roll must be a whole number, like 950");
    // What was typed comes back, so only the mistakes need fixing.
    await expect(page.getByLabel("School name")).toHaveValue("Marram Fields School");
    await expect(page.getByLabel("Rutland")).toBeChecked();
    await expectAccessible(page);

    await page.getByLabel("URN").fill("970102");
    await page.getByLabel("Number on roll (optional)").fill("45");
    await page.getByLabel("Locality (optional)").selectOption({ label: "Rutland (Rutland)" });
    await page.getByRole("button", { name: "Add school" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Marram Fields School");
    await expect(page).not.toHaveTitle(/^Error/);
    await expect(page.getByRole("status")).toContainText("Marram Fields School has been added");
    await expectAccessible(page);
  });
});
