import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { LEAD } from "./support/people";
import { createTestDelivery, createTestSchool, personAt } from "./support/sessions";

/**
 * Two tabs on one edit page (decision 0148): the first saves a change; the second, still showing the
 * details as they were, is refused rather than putting back what the first changed, keeps what its
 * person typed, says which fields differ, and saves only when sent again.
 */
test.describe("an edit page opened before another save", () => {
  test("a school's: refused with the fields named, the form kept, then saved when sent again", async ({ page }) => {
    const school = createTestSchool("Two Tabs Academy");
    await signInAs(page, LEAD);
    const other = await page.context().newPage();
    await page.goto(`/schools/${school.id}/edit`);
    await expectAccessible(page);
    await other.goto(`/schools/${school.id}/edit`);

    await page.getByLabel("School name").fill(`${school.name} Trust`);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status")).toContainText(`${school.name} Trust has been updated`);

    await other.getByLabel("Number on roll (optional)").fill("950");
    const refused = other.waitForResponse((response) => response.request().method() === "POST");
    await other.getByRole("button", { name: "Save changes" }).click();
    expect((await refused).status()).toBe(409);
    const alert = other.getByRole("alert");
    await expect(alert).toContainText("Nothing was saved: this school was changed by another save after this page was opened");
    await expect(alert).toContainText("differs from this form in “School name” and “Number on roll”");
    await expect(other.getByLabel("Number on roll (optional)")).toHaveValue("950");
    await expectAccessible(other);

    // Told, the person keeps their form: sent again, it saves, name and all.
    await other.getByRole("button", { name: "Save changes" }).click();
    await expect(other.getByRole("status")).toContainText(`${school.name} has been updated`);
    await expect(other.locator("dl")).toContainText("950");
    await expect(other.getByRole("heading", { level: 1 })).toHaveText(school.name);
    await other.close();
  });
});

test.describe("an edit page opened before another save, without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a session's: refused with the fields named and the form kept", async ({ page, browser, baseURL }) => {
    const delivery = createTestDelivery();
    const first = await personAt(browser, baseURL, LEAD, false);
    await signInAs(page, LEAD);
    await first.page.goto(`/sessions/deliveries/${delivery.id}/edit`);
    await page.goto(`/sessions/deliveries/${delivery.id}/edit`);
    await expectAccessible(page);
    // Titled with the session, as every page about one thing is.
    await expect(page).toHaveTitle(/^Change Online harms, \d{1,2} \w+ \d{4} – VRN Schools Forum$/);

    await first.page.getByLabel("Notes (optional)").fill("Hall B, by the main entrance");
    await first.page.getByRole("button", { name: "Save session" }).click();
    await expect(first.page.getByRole("status")).toContainText("Session saved");

    await page.getByLabel("Facilitator's name").fill("PC Sam Lee");
    await page.getByRole("button", { name: "Save session" }).click();
    await expect(page.getByRole("alert")).toContainText("differs from this form in “Facilitator's name” and “Notes”");
    await expect(page).toHaveTitle(/^Error: Change Online harms/);
    await expect(page.getByLabel("Facilitator's name")).toHaveValue("PC Sam Lee");
    await expectAccessible(page);

    await page.goto(`/sessions/deliveries/${delivery.id}/edit`);
    await expectAccessible(page);
    await expect(page.getByLabel("Notes (optional)")).toHaveValue("Hall B, by the main entrance");
    await expect(page.getByLabel("Facilitator's name")).toHaveValue("PC Test");
    await first.close();
  });
});
