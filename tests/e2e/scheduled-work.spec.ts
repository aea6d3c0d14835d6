import { randomUUID } from "node:crypto";
import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";

/**
 * Replaces every recorded run, and its slot's lease, with these (the e2e server runs with SCHEDULED_WORK=off,
 * so nothing else writes runs). A RUNNING run has no end; its lease expires `leaseMinutesLeft` from now.
 */
function recordRuns(
  runs: { job: string; minutesAgo: number; outcome: "SUCCEEDED" | "FAILED" | "RUNNING"; summary: string; error?: string; leaseMinutesLeft?: number }[],
) {
  const db = openDatabase();
  try {
    db.prepare("DELETE FROM JobRun").run();
    db.prepare("DELETE FROM JobLease").run();
    const insert = db.prepare(
      "INSERT INTO JobRun (id, job, slot, trigger, startedAt, finishedAt, outcome, summary, counts, error) VALUES (?, ?, ?, 'schedule', ?, ?, ?, ?, '{}', ?)",
    );
    const lease = db.prepare("INSERT INTO JobLease (job, slot, holder, expiresAt, finished) VALUES (?, ?, 'e2e', ?, ?)");
    for (const run of runs) {
      const at = new Date(Date.now() - run.minutesAgo * 60_000).toISOString();
      const running = run.outcome === "RUNNING";
      insert.run(randomUUID(), run.job, at, at, running ? null : at, run.outcome, run.summary, run.error ?? "");
      lease.run(run.job, at, new Date(Date.now() + (run.leaseMinutesLeft ?? 0) * 60_000).toISOString(), running ? 0 : 1);
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
    { job: "waitlist-offers", minutesAgo: 5, outcome: "SUCCEEDED", summary: "1 offer expired unused; 1 place offered to the next school waiting." },
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
    { job: "waitlist-offers", minutesAgo: 180, outcome: "SUCCEEDED", summary: "0 offers expired unused; 0 places offered to the next school waiting." },
  ]);
  await page.reload();
  await expect(section.getByText(/^Warning: scheduled work has not run since .*, over two hours ago\.$/)).toBeVisible();
  await expect(section.getByText("Warning: failed on its last run: Session reminders. See the table below.")).toBeVisible();
  await expect(table.getByRole("row", { name: /Session reminders .* Failed Failed: The mail server refused the connection/ })).toBeVisible();
  await expectAccessible(page);

  // A backup still within its lease may be running; one whose lease ran out unrenewed lost its process.
  const runs = [
    { job: "waitlist-offers", minutesAgo: 50, outcome: "SUCCEEDED" as const, summary: "0 offers expired unused; 0 places offered to the next school waiting." },
    { job: "backup", minutesAgo: 40, outcome: "RUNNING" as const, summary: "", leaseMinutesLeft: 5 },
  ];
  recordRuns(runs);
  await page.reload();
  await expect(table.getByRole("row", { name: /Nightly backup .* Running/ })).toBeVisible();
  await expect(section.getByText(/no outcome recorded/)).toHaveCount(0);
  recordRuns(runs.map((run) => ({ ...run, leaseMinutesLeft: -10 })));
  await page.reload();
  await expect(section.getByText("Warning: no outcome recorded for the last run of: Nightly backup. See the table below.")).toBeVisible();
  await expect(
    table.getByRole("row", {
      name: /Nightly backup .* Stopped before it finished Not recorded: its lease ran out without being renewed, so the process running it has most likely stopped\./,
    }),
  ).toBeVisible();
  await expect(table.getByRole("row", { name: /Nightly backup .* Running/ })).toHaveCount(0);
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
