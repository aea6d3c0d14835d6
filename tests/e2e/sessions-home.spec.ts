import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

test("the lead's home shows requests waiting and overdue returns; the teacher's shows next sessions and returns due", async ({ page, browser, baseURL }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 2, name: "Sessions" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Booking requests waiting for a decision/ })).toBeVisible();
  await expect(page.getByRole("table", { name: /Overdue attendance returns/ })).toBeVisible();
  // A list cut to five says so in its caption, beside the count of all: the demo has more than five overdue.
  for (const [name, which] of [
    ["Booking requests waiting for a decision", "soonest"],
    ["Overdue attendance returns", "oldest"],
  ] as const) {
    const table = page.getByRole("table", { name: new RegExp(name) });
    const caption = (await table.locator("caption").innerText()).trim();
    const count = Number(/\((\d+)/.exec(caption)?.[1]);
    await expect(table.locator("tbody tr")).toHaveCount(Math.min(count, 5));
    expect(caption).toBe(count > 5 ? `${name} (${count}; the 5 ${which} shown)` : `${name} (${count})`);
  }
  expect(await page.getByRole("table", { name: /Overdue attendance returns \(\d+; the 5 oldest shown\)/ }).count()).toBe(1);
  await expectAccessible(page);

  const context = await browser.newContext({ baseURL });
  const teacher = await context.newPage();
  await signInAs(teacher, "teacher@example.org");
  await teacher.goto("/");
  await expect(teacher.getByRole("table", { name: "Your school's next sessions" })).toBeVisible();
  await expect(teacher.getByRole("table", { name: "Attendance returns due" })).toBeVisible();
  await expectAccessible(teacher);
  await teacher.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sessions" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "Your school's bookings" })).toBeVisible();
  await expectAccessible(teacher);
  await context.close();
});
