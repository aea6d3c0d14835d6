import { DEMO_PASSWORD, signInAs, signInWithForm } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

test.describe("requests from other sites", () => {
  test("a POST whose Origin is another site is refused before it reaches the app", async ({ request }) => {
    const response = await request.post("/sign-in", {
      form: { email: "lead@example.org", password: DEMO_PASSWORD },
      headers: { Origin: "https://attacker.example" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
  });

  test("a POST the browser marks as cross-site is refused", async ({ request }) => {
    const response = await request.post("/sign-out", { headers: { "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
    expect(response.status()).toBe(403);
  });

  test("a same-site POST goes through", async ({ request, baseURL }) => {
    const response = await request.post("/sign-in", {
      form: { email: "lead@example.org", password: DEMO_PASSWORD },
      headers: { Origin: baseURL ?? "", "Sec-Fetch-Site": "same-origin" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
  });

  test("bad sign-in input is a 400 with the form, never a server error", async ({ request }) => {
    const forms: Record<string, string>[] = [{}, { email: "not-an-email", password: "x" }, { email: "a@b.co", password: "p".repeat(5000) }];
    for (const form of forms) {
      const response = await request.post("/sign-in", { form, maxRedirects: 0 });
      expect(response.status()).toBe(400);
      expect(await response.text()).toContain("There is a problem");
    }
  });
});

test.describe("the session cookie", () => {
  test("is HttpOnly and SameSite=Lax, and a GET to sign out does not sign out", async ({ page }) => {
    await signInWithForm(page, "teacher@example.org");
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === "vrn_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.value).toMatch(/^[a-z2-7]{32}$/);
    await expectAccessible(page);

    await page.goto("/sign-out");
    await expectAccessible(page);
    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe("friendly error pages", () => {
  test("an unknown address shows a 404 page in the service's own layout", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Accessibility statement" })).toBeVisible();
    await expectAccessible(page);
  });

  test("the accessibility statement and privacy notice are open to everyone", async ({ page }) => {
    await page.goto("/");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Accessibility statement" }).click();
    await expect(page.getByRole("heading", { name: "Accessibility statement" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "Privacy notice" }).click();
    await expect(page.getByRole("heading", { name: "Privacy notice" })).toBeVisible();
    await expectAccessible(page);
  });

  test("the skip link moves keyboard users to the main content", async ({ page }) => {
    await signInAs(page, "lead@example.org");
    await page.goto("/");
    await expectAccessible(page);
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("#main-content")).toBeFocused();
  });
});
