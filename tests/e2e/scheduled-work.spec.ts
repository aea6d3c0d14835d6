import { randomUUID } from "node:crypto";
import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

/** Replaces every recorded run with these (the e2e server runs with SCHEDULED_WORK=off, so nothing else writes runs). */
function recordRuns(runs: { job: string; minutesAgo: number; outcome: "SUCCEEDED" | "FAILED"; summary: string; error?: string }[]) {
  const db = openDatabase();
  try {
    db.prepare("DELETE FROM JobRun").run();
    const insert = db.prepare(
      "INSERT INTO JobRun (id, job, slot, trigger, startedAt, finishedAt, outcome, summary, counts, error) VALUES (?, ?, ?, 'schedule', ?, ?, ?, ?, '{}', ?)",
    );
    for (const run of runs) {
      const at = new Date(Date.now() - run.minutesAgo * 60_000).toISOString();
      insert.run(randomUUID(), run.job, at, at, at, run.outcome, run.summary, run.error ?? "");
    }
  } finally {
    db.close();
  }
}

test.describe.configure({ mode: "serial" });

test("the lead's home says when scheduled work last ran and what it did, and warns when it has stopped or failed", async ({ page }) => {
  await signInAs(page, "lead@example.org");
  const section = page.getByRole("region", { name: "Scheduled work" });

  recordRuns([]);
  await page.goto("/");
  await expect(section.getByText("Warning: scheduled work has never run.")).toBeVisible();
  await expectAccessible(page);

  recordRuns([
    { job: "waitlist-offers", minutesAgo: 5, outcome: "SUCCEEDED", summary: "1 expired offer passed on." },
    { job: "reminders", minutesAgo: 15, outcome: "SUCCEEDED", summary: "2 reminders sent." },
    { job: "mvp-retention", minutesAgo: 10, outcome: "SUCCEEDED", summary: "0 mentors' names removed from 0 cohorts." },
    { job: "backup", minutesAgo: 600, outcome: "SUCCEEDED", summary: "Backed up the database (1.2 MB); removed 0 older backups, keeping at most 14." },
  ]);
  await page.reload();
  await expect(section.getByText(/^Scheduled work last ran at /)).toBeVisible();
  await expect(section.getByText(/Warning/)).toHaveCount(0);
  const table = section.getByRole("table", { name: "Each job's latest run" });
  await expect(table.getByRole("row", { name: /Session reminders .* Done 2 reminders sent\./ })).toBeVisible();
  await expect(table.getByRole("row", { name: /Nightly backup .* Done Backed up the database/ })).toBeVisible();
  await expectAccessible(page);

  recordRuns([
    { job: "reminders", minutesAgo: 200, outcome: "FAILED", summary: "Failed.", error: "The mail server refused the connection" },
    { job: "waitlist-offers", minutesAgo: 180, outcome: "SUCCEEDED", summary: "0 expired offers passed on." },
  ]);
  await page.reload();
  await expect(section.getByText(/^Warning: scheduled work has not run since .*, over two hours ago\.$/)).toBeVisible();
  await expect(section.getByText("Warning: failed on its last run: Session reminders. See the table below.")).toBeVisible();
  await expect(table.getByRole("row", { name: /Session reminders .* Failed Failed: The mail server refused the connection/ })).toBeVisible();
  await expectAccessible(page);

  // At a phone's width the section fits: its table scrolls inside its own box, never the page sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  const box = await section.evaluate((el) => ({ right: el.getBoundingClientRect().right, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(box.right).toBeLessThanOrEqual(360);
  expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
});

test("GET /healthz answers JSON with no cookie, never cached, for anyone", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["set-cookie"]).toBeUndefined();
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", database: "reachable", version: expect.any(String) });
  expect(body.secondsSinceScheduledWork === null || typeof body.secondsSinceScheduledWork === "number").toBe(true);
});
