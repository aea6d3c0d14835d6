import { expect, expectAccessible, test } from "./support/fixtures";
import { isReservedId } from "../../app/lib/markdown.server";

// These journeys read only the seeded pages that no browser test edits.
const FIRST_PAGE = "The public-health approach: what it means for a school";
const SECOND_PAGE = "The Serious Violence Duty and your school";

test.describe("reading the guide without an account", () => {
  test("a reader browses the contents, opens a page and moves around it", async ({ page }) => {
    await page.goto("/");
    await expectAccessible(page);
    await page.getByRole("main").getByRole("link", { name: "Schools Guide to Violence Prevention" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Schools Guide to Violence Prevention");
    await expectAccessible(page);
    await expect(page.getByRole("heading", { name: "Understanding violence prevention" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Getting help" })).toBeVisible();

    await page.getByRole("link", { name: FIRST_PAGE }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(FIRST_PAGE);
    await expectAccessible(page);
    await expect(page.getByText("Last updated")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Understanding violence prevention");
    await expect(page.locator("#guide-content table caption")).toHaveText("Prevention at three levels, with examples from schools");
    await expect(page.locator("#guide-content .guide-callout")).toContainText("What to do now");

    const onThisPage = page.getByRole("navigation", { name: "On this page" });
    await onThisPage.getByRole("link", { name: "Three levels of prevention" }).click();
    await expect(page).toHaveURL(/#three-levels-of-prevention$/);
    await expect(page.getByRole("heading", { level: 2, name: "Three levels of prevention" })).toBeInViewport();

    // Anyone can say whether a page helped, without an account.
    await expect(page.getByRole("group", { name: "Was this page useful?" })).toBeVisible();

    const pageLinks = page.getByRole("navigation", { name: "Previous and next pages" });
    await expect(pageLinks.getByRole("link", { name: /Previous page/ })).toHaveCount(0);
    await pageLinks.getByRole("link", { name: /Next page/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(SECOND_PAGE);
    await expectAccessible(page);
    await page
      .getByRole("navigation", { name: "Previous and next pages" })
      .getByRole("link", { name: /Previous page/ })
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(FIRST_PAGE);

    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Understanding violence prevention" }).click();
    await expect(page).toHaveURL(/\/guide#understanding-violence-prevention$/);
    await expectAccessible(page);
  });

  test("a reader searches and sees the matching words highlighted", async ({ page }) => {
    await page.goto("/guide");
    await expectAccessible(page);
    await page.getByRole("searchbox", { name: "Search the guide" }).fill("bystander");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/guide\/search\?q=bystander/);
    await expectAccessible(page);
    const results = page.locator(".guide-search-results li");
    await expect(results.first().getByRole("link")).toHaveText("The bystander approach and Mentors in Violence Prevention");
    await expect(results.first().locator("mark").first()).toHaveText(/bystander/i);

    await page.getByRole("link", { name: "The bystander approach and Mentors in Violence Prevention" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("The bystander approach and Mentors in Violence Prevention");
    await expectAccessible(page);
  });

  test("a reader on a phone finds a page from the start of a word or a plain question", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const knifePage = "Responding to an incident or a pupil carrying a knife";
    await page.goto(`/guide/search?${new URLSearchParams({ q: "knif" })}`);
    await expectAccessible(page);
    const results = page.locator(".guide-search-results li");
    await expect(results.getByRole("link", { name: knifePage })).toBeVisible();
    await expect(results.filter({ hasText: knifePage }).locator("mark").first()).toHaveText(/^knife/i);

    await page.getByRole("searchbox", { name: "Search the guide" }).fill("what should I do if a pupil brings a knife");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("heading", { level: 2 })).toContainText("match “what should I do if a pupil brings a knife”");
    await expectAccessible(page);
    // Pages holding most of the words come first: both pages about knives before any that only mention pupils.
    await expect(
      results
        .nth(0)
        .locator("mark", { hasText: /^knife$/i })
        .first(),
    ).toBeVisible();
    await expect(
      results
        .nth(1)
        .locator("mark", { hasText: /^knife$/i })
        .first(),
    ).toBeVisible();
    await expect(results.locator("a").nth(0).or(results.locator("a").nth(1)).filter({ hasText: knifePage })).toHaveCount(1);
  });

  test("an empty search says what to do, rather than showing only the box", async ({ page }) => {
    for (const address of ["/guide/search", "/guide/search?q=", "/guide/search?q=%20%20"]) {
      const response = await page.goto(address);
      expect(response?.status(), address).toBe(200);
      await expect(page.getByText("Type a word or two from what you are looking for")).toBeVisible();
      await expect(page.getByRole("link", { name: "browse the contents of the guide" })).toHaveAttribute("href", "/guide");
      await expectAccessible(page);
    }
  });

  test("search syntax typed by a reader never breaks the page", async ({ page }) => {
    for (const query of ['"knife AND (crime*', "NEAR(knife", "OR", '*"^-:']) {
      const response = await page.goto(`/guide/search?${new URLSearchParams({ q: query })}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search the guide");
      await expectAccessible(page);
    }
    // Searched from the keyboard, focus goes to what the search found, which a screen reader then reads.
    await page.getByRole("searchbox", { name: "Search the guide" }).fill("xylophone");
    await page.getByRole("searchbox", { name: "Search the guide" }).press("Enter");
    await expect(page.getByRole("heading", { name: "No pages match “xylophone”" })).toBeFocused();
    await expectAccessible(page);
    await page.getByRole("searchbox", { name: "Search the guide" }).fill("knife");
    await page.getByRole("searchbox", { name: "Search the guide" }).press("Enter");
    await expect(page.getByRole("heading", { name: /^\d+ pages? match(es)? “knife”$/ })).toBeFocused();
    await expectAccessible(page);

    const tooLong = await page.goto(`/guide/search?q=${"a".repeat(300)}`);
    expect(tooLong?.status()).toBe(400);
    // As any form refused: a summary that takes focus and links to the field, the message by the field, and
    // what was typed kept to be shortened. The box itself takes 200 emoji and no more: a browser counts its
    // maxlength in code units, two an emoji (decision 0183).
    await expect(page.getByRole("alert")).toContainText("Search for 200 characters or fewer");
    await expect(page.getByRole("alert")).toBeFocused();
    const box = page.getByRole("searchbox", { name: "Search the guide" });
    await expect(box).toHaveValue("a".repeat(300));
    await expect(box).toHaveAccessibleDescription(/Search for 200 characters or fewer/);
    await expect(box).toHaveAttribute("maxlength", String("😀".repeat(200).length));
    await expectAccessible(page);
  });

  test("printing a page gives the words without the site around them", async ({ page }) => {
    await page.goto("/guide/understanding-violence-prevention/serious-violence-duty");
    await expectAccessible(page);
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("banner")).toBeHidden();
    await expect(page.getByRole("contentinfo")).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toBeHidden();
    await expect(page.getByRole("navigation", { name: "On this page" })).toBeHidden();
    await expect(page.getByRole("navigation", { name: "Previous and next pages" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Print this page" })).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("#guide-content")).toBeVisible();
    await expect(page.locator("#guide-content table")).toBeVisible();
    await page.emulateMedia({ media: "screen" });
    await expect(page.getByRole("banner")).toBeVisible();
  });

  test("every id of the page around an article, its feedback form's too, is one no heading of the article can take", async ({ page }) => {
    await page.goto("/guide/understanding-violence-prevention/serious-violence-duty");
    // With the feedback form's errors shown, whose messages add ids of their own.
    await page.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("alert")).toContainText("There is a problem");
    const around = await page.evaluate(() =>
      [...document.querySelectorAll("[id]")].filter((element) => !element.closest("#guide-content")).map((element) => element.id),
    );
    expect(around).toContain("feedback-form-helpful");
    expect(around.filter((id) => !isReservedId(id))).toEqual([]);
  });

  test("an address that is not a page of the guide says so", async ({ page }) => {
    const response = await page.goto("/guide/understanding-violence-prevention/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expectAccessible(page);
    expect((await page.goto("/guide/no-such-section"))?.status()).toBe(404);
    await expectAccessible(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("searching the guide works", async ({ page }) => {
    await page.goto("/guide");
    await expectAccessible(page);
    await page.getByRole("searchbox", { name: "Search the guide" }).fill("Childline");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/guide\/search\?q=Childline/);
    await expect(page.getByRole("heading", { level: 2 })).toContainText(/match(es)? “Childline”/);
    await expect(page.locator("main mark").first()).toHaveText(/childline/i);
    await expectAccessible(page);
  });
});
