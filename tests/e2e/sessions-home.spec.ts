import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

test("the lead's home shows requests waiting and overdue returns; the teacher's shows next sessions and returns due", async ({ page, browser, baseURL }) => {
  await signInAs(page, "lead@example.org");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 2, name: "Sessions" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Booking requests waiting for a decision/ })).toBeVisible();
  await expect(page.getByRole("table", { name: /Overdue attendance returns/ })).toBeVisible();
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
