import { DEMO_PASSWORD, signInAs, signInWithForm } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { FROM_OWN_PAGE } from "./support/origin";
import { recordIds } from "./sweeps/routes";

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

  test("a POST that shows neither Origin nor Sec-Fetch-Site is refused", async ({ request }) => {
    const response = await request.post("/sign-in", { form: { email: "lead@example.org", password: DEMO_PASSWORD }, maxRedirects: 0 });
    expect(response.status()).toBe(403);
    expect(response.headers()["set-cookie"]).toBeUndefined();
  });

  test("a POST whose Origin has this host but another scheme is refused", async ({ request, baseURL }) => {
    const response = await request.post("/sign-in", {
      form: { email: "lead@example.org", password: DEMO_PASSWORD },
      headers: { Origin: (baseURL ?? "").replace("http:", "https:") },
      maxRedirects: 0,
    });
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
      const response = await request.post("/sign-in", { headers: FROM_OWN_PAGE, form, maxRedirects: 0 });
      expect(response.status()).toBe(400);
      expect(await response.text()).toContain("There is a problem");
    }
  });
});

test.describe("where sign-in sends the browser", () => {
  for (const [label, redirectTo] of <[string, string][]>[
    ["a tab that browsers drop", "/\t/evil.example/phish"],
    ["a line break", "/\r\n/evil.example/phish"],
    ["a backslash", "/\\evil.example"],
  ]) {
    test(`a redirectTo with ${label} lands on the home page of this site`, async ({ request }) => {
      const response = await request.post("/sign-in", {
        form: { email: "teacher2@example.org", password: DEMO_PASSWORD, redirectTo },
        headers: FROM_OWN_PAGE,
        maxRedirects: 0,
      });
      expect(response.status()).toBe(302);
      expect(response.headers().location).toBe("/");
    });
  }

  test("a redirectTo on this site is followed", async ({ request }) => {
    const response = await request.post("/sign-in", {
      form: { email: "teacher2@example.org", password: DEMO_PASSWORD, redirectTo: "/account?x=1" },
      headers: FROM_OWN_PAGE,
      maxRedirects: 0,
    });
    expect(response.headers().location).toBe("/account?x=1");
  });
});

test.describe("requests the server refuses cleanly", () => {
  test("a cookie that does not decode is ignored and cleared, on every kind of page", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL });
    await context.addCookies([
      { name: "vrn_session", value: "%", url: baseURL ?? "" },
      // Where the app sets it: on the pupils' paths only.
      { name: "vrn_survey", value: "%ZZ", domain: new URL(baseURL ?? "").hostname, path: "/s" },
    ]);
    const page = await context.newPage();
    for (const path of ["/", "/sign-in", "/s"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
    }
    const left = await context.cookies();
    expect(left.filter((cookie) => cookie.name === "vrn_session")).toEqual([]);
    // The code page gives every browser a survey token of its own (decision 0111): the broken one is
    // replaced by a new one, never kept.
    expect(left.filter((cookie) => cookie.name === "vrn_survey").map((cookie) => cookie.value)).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)]);
    await context.close();
  });

  test("an address that does not decode gets the service's own 400 page", async ({ page }) => {
    const response = await page.goto("/%ED%A0%80");
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("heading", { name: "The request could not be understood" })).toBeVisible();
    await expect(page.getByRole("link", { name: "VRN Schools Forum" })).toBeVisible();
    await expectAccessible(page);
  });

  test("a data request of Remix before single fetch is a 400, never a server error, and runs no action", async ({ request }) => {
    for (const path of ["/sign-in?_data=", "/sign-in?_data=routes/sign-in", "/forgotten-password?_data=routes/forgotten-password"]) {
      expect((await request.get(path)).status(), path).toBe(400);
    }
    const posted = await request.post("/sign-in?_data=routes/sign-in", {
      headers: FROM_OWN_PAGE,
      form: { email: "x@example.org", password: "x" },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(400);
  });

  test("a body that is not a form is 415, and a form over 1 MB is 413, before the app reads it", async ({ request }) => {
    for (const [type, data] of <[string, string][]>[
      ["application/json", '{"email":"lead@example.org"}'],
      ["text/plain", "email=lead@example.org"],
      ["multipart/form-data; boundary=broken", "not multipart at all"],
    ]) {
      const response = await request.post("/sign-in", { data, headers: { ...FROM_OWN_PAGE, "Content-Type": type }, maxRedirects: 0 });
      expect(response.status(), type).toBe(415);
    }
    const big = await request.post("/sign-in", {
      data: `email=a%40b.co&password=${"x".repeat(2 * 1024 * 1024)}`,
      headers: { ...FROM_OWN_PAGE, "Content-Type": "application/x-www-form-urlencoded" },
      maxRedirects: 0,
    });
    expect(big.status()).toBe(413);
  });

  test("a form the app's own scripts send and the server refuses shows the refusal's title and message, not a failure to read it", async ({ page }) => {
    await signInAs(page, "teacher@example.org");
    await page.goto("/");
    await expectAccessible(page);
    // The sign-out form grown past the 1 MB any form may be, as by anything that adds to a form (an
    // extension, a pasted file): the server refuses it before the app reads it.
    await page.locator('form[action="/sign-out"]').evaluate((form) => {
      const padding = Object.assign(document.createElement("input"), { type: "hidden", name: "padding", value: "x".repeat(1024 * 1024 + 1) });
      form.append(padding);
    });
    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "Sign out" }).click();
    expect((await response).status()).toBe(413);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("What was sent is too large");
    await expect(page.getByText("What was sent is larger than this page takes (1 MB). Go back and send less.")).toBeVisible();
    await expectAccessible(page);
    // Nothing was done: the teacher is still signed in.
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
    await expectAccessible(page);
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
    // The title names the page, as every other page's does (WCAG 2.4.2), not the service alone.
    await expect(page).toHaveTitle("Page not found – VRN Schools Forum");
    await expect(page.getByRole("link", { name: "Accessibility statement" })).toBeVisible();
    await expectAccessible(page);
  });

  test("a form refused for another school's booking is that booking's 404, not the form's 400", async ({ page }) => {
    const { bookingA } = recordIds();
    await signInAs(page, "teacher2@example.org");
    // A count that is not a number: the form alone would be refused with a 400.
    const response = await page.request.post(`/bookings/${bookingA}/attendance`, { form: { year7: "many" }, headers: FROM_OWN_PAGE, maxRedirects: 0 });
    expect(response.status()).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });

  test("a signed-in person's 404 page keeps their header", async ({ page }) => {
    await signInAs(page, "lead@example.org");
    const response = await page.goto("/no-such-page/at-all");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expectAccessible(page);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("a form the action refuses draws its error page with the signed-in person's header", async ({ page }) => {
      await signInAs(page, "lead@example.org");
      await page.goto("/admin/guide");
      await expectAccessible(page);
      const move = page.getByRole("button", { name: /^Move down/ }).first();
      await move.evaluate((button) => button.setAttribute("value", "sideways"));
      const refused = page.waitForResponse((r) => r.request().method() === "POST");
      await move.click();
      expect((await refused).status()).toBe(400);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Something in the request was wrong");
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      await expectAccessible(page);
    });
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

  test("a focused link in the header is dark text on the yellow focus, not white on it", async ({ page }) => {
    await signInAs(page, "lead@example.org");
    await page.goto("/");
    await expectAccessible(page);
    await page.keyboard.press("Tab"); // the skip link
    await page.keyboard.press("Tab"); // the service's name, white on the header until focused
    const home = page.getByRole("banner").getByRole("link", { name: "VRN Schools Forum" });
    await expect(home).toBeFocused();
    const colours = await home.evaluate((link) => ({ text: getComputedStyle(link).color, background: getComputedStyle(link).backgroundColor }));
    expect(colours).toEqual({ text: "rgb(11, 12, 12)", background: "rgb(255, 221, 0)" });
  });
});
