import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/fixtures";

// The fixture's `test` fails on any error in the browser; this one counts them itself, since it makes one.
test("a request aborted because another navigation replaced it is no error in the browser; any other unhandled rejection still is", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto("/accessibility");
  await expectAccessible(page);
  await page.waitForFunction(() => "__remixRouter" in window);

  // What the router's abort of a replaced navigation leaves when nothing handles it, then two that are not that.
  await page.evaluate(() => {
    const controller = new AbortController();
    controller.abort();
    void Promise.reject(controller.signal.reason);
  });
  await page.evaluate(() => {
    const named = new Error("an error named AbortError by hand");
    named.name = "AbortError";
    void Promise.reject(named);
    void Promise.reject(new Error("a real failure"));
  });
  await expect.poll(() => [...errors].sort()).toEqual(["a real failure", "an error named AbortError by hand"]);
});
