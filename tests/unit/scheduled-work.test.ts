import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// Read by app/env.server.ts when it loads, so set before any import of the app.
const backupDir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/scheduled-work-backups-${process.pid}-${Date.now()}`;
  process.env.BACKUP_DIR = dir;
  process.env.BACKUP_KEEP = "2";
  return dir;
});

import { engine, prisma, sqliteFilePath } from "~/db.server";
import { env } from "~/env.server";
import { PrismaClient } from "~/generated/prisma/client";
import { writerAndReaderSqlite } from "~/lib/sqlite-adapter.server";
import { checkHealth, DISK_FREE_MINIMUM_MB } from "~/models/health.server";
import { getLeadScheduledWork } from "~/models/home.server";
import { finishLease, noteSchedulerStarted, startJobRun, takeLease } from "~/models/job-runs.server";
import { latestSlot, runDueWork } from "~/models/scheduled-work.server";
import { loader as healthz } from "~/routes/healthz";
import { startScheduler } from "~/scheduler.server";
import { bookingInput, createDelivery, createSchoolTeacher, lead } from "./delivery-factories";
import { bookDelivery, cancelBooking } from "~/models/bookings.server";
import { joinWaitlist } from "~/models/waitlist.server";

afterAll(() => fs.rmSync(backupDir, { recursive: true, force: true }));

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A clock the test moves by hand: nothing waits for real time. */
function testClock(start: string) {
  let now = new Date(start);
  return { clock: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const runsAt = (startedAt: Date) => prisma.jobRun.findMany({ where: { startedAt }, orderBy: { job: "asc" } });

describe("the timetable", () => {
  it("finds the latest slot at or before a time, in London time across the clock change", () => {
    expect(latestSlot("5 * * * *", new Date("2026-11-29T14:07:00Z"))).toEqual(new Date("2026-11-29T14:05:00Z"));
    expect(latestSlot("5 * * * *", new Date("2026-11-29T14:05:00Z"))).toEqual(new Date("2026-11-29T14:05:00Z"));
    expect(latestSlot("5 * * * *", new Date("2026-11-29T14:04:59Z"))).toEqual(new Date("2026-11-29T13:05:00Z"));
    // 02:30 in London is 02:30 UTC in winter and 01:30 UTC in summer.
    expect(latestSlot("30 2 * * *", new Date("2026-12-01T12:00:00Z"))).toEqual(new Date("2026-12-01T02:30:00Z"));
    expect(latestSlot("30 2 * * *", new Date("2026-07-01T12:00:00Z"))).toEqual(new Date("2026-07-01T01:30:00Z"));
  });
});

describe("the scheduler inside the server", () => {
  it("sets the real timer to wake at the next minute's turn, and clears it on stopping", async () => {
    const scheduler = startScheduler({ log: () => {} });
    try {
      const wake = scheduler.nextWake();
      expect(wake).toBeInstanceOf(Date);
      expect(wake!.getTime() - Date.now()).toBeGreaterThan(0);
      expect(wake!.getTime() - Date.now()).toBeLessThanOrEqual(MINUTE);
      expect(wake!.getSeconds()).toBe(0);
    } finally {
      await scheduler.stop();
    }
    expect(scheduler.nextWake()).toBeNull();
  });

  it("runs every job on its timetable at the injected time, records each run, and runs a slot only once", async () => {
    const time = testClock("2031-03-03T10:20:00Z");
    const lines: string[] = [];
    // The test drives every pass itself: a pass woken by the real minute's turn would race it for the slot.
    const scheduler = startScheduler({ clock: time.clock, log: (line) => lines.push(line), paused: true });
    try {
      // A lapsed offer the waiting-list job should pass on at this time.
      const delivery = await createDelivery({ capacity: 1, startsAt: new Date("2031-03-20T10:00:00Z"), bookingClosesAt: new Date("2031-03-18T10:00:00Z") });
      const [a, b] = [await createSchoolTeacher(), await createSchoolTeacher()];
      const booked = await bookDelivery(a.user, delivery.id, bookingInput(), new Date("2031-03-01T09:00:00Z"));
      if (!booked.ok) throw new Error("booking failed");
      await joinWaitlist(b.user, delivery.id, new Date("2031-03-01T09:00:00Z"));
      await cancelBooking(a.user, booked.id, "Clash", new Date("2031-03-01T09:00:00Z"));

      const first = await scheduler.tick();
      expect(first.filter((p) => p.ran).map((p) => p.job)).toEqual(["waitlist-offers", "reminders", "mvp-retention", "housekeeping", "backup"]);
      const runs = await runsAt(time.clock());
      expect(runs.map((r) => [r.job, r.outcome, r.trigger])).toEqual([
        ["backup", "SUCCEEDED", "schedule"],
        ["housekeeping", "SUCCEEDED", "schedule"],
        ["mvp-retention", "SUCCEEDED", "schedule"],
        ["reminders", "SUCCEEDED", "schedule"],
        ["waitlist-offers", "SUCCEEDED", "schedule"],
      ]);
      expect(runs.find((r) => r.job === "waitlist-offers")).toMatchObject({
        // Nobody else is waiting, so the place is offered to no one: the summary must not say it passed on.
        summary: "1 offer expired unused; 0 places offered to the next school waiting.",
        slot: new Date("2031-03-03T10:15:00Z"),
      });
      expect(JSON.parse(runs.find((r) => r.job === "waitlist-offers")!.counts)).toEqual({ waitlistOffersExpired: 1, waitlistPlacesOffered: 0 });
      expect(runs.find((r) => r.job === "backup")?.slot).toEqual(new Date("2031-03-03T02:30:00Z"));
      expect((await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: b.school.id } })).status).toBe("EXPIRED");
      expect(
        lines.some((line) => line.startsWith("Scheduled work: Waiting-list offers (slot 2031-03-03T10:15:00.000Z): 1 offer expired unused; 0 places offered")),
      ).toBe(true);

      // The same minute again: every slot has run, so nothing runs.
      time.advance(30 * 1000);
      expect((await scheduler.tick()).filter((p) => p.ran)).toEqual([]);

      // An hour on: the hourly jobs have new slots; the nightly backup does not.
      time.advance(HOUR);
      expect((await scheduler.tick()).filter((p) => p.ran).map((p) => p.job)).toEqual(["waitlist-offers", "reminders", "mvp-retention", "housekeeping"]);
      expect(await prisma.jobRun.count({ where: { job: "backup", startedAt: { gte: new Date("2031-03-03T00:00:00Z") } } })).toBe(1);
    } finally {
      await scheduler.stop();
    }
    expect(scheduler.nextWake()).toBeNull();
  });

  it("two schedulers on one database run each job once per slot", async () => {
    const time = testClock("2031-04-04T11:40:00Z");
    const [one, two] = [startScheduler({ clock: time.clock, log: () => {}, paused: true }), startScheduler({ clock: time.clock, log: () => {}, paused: true })];
    try {
      const [passesOne, passesTwo] = await Promise.all([one.tick(), two.tick()]);
      const ran = [...passesOne, ...passesTwo].filter((p) => p.ran).map((p) => p.job);
      expect(ran.sort()).toEqual(["backup", "housekeeping", "mvp-retention", "reminders", "waitlist-offers"]);
      const runs = await runsAt(time.clock());
      expect(runs.map((r) => r.job)).toEqual(["backup", "housekeeping", "mvp-retention", "reminders", "waitlist-offers"]);
      expect([...passesOne, ...passesTwo].filter((p) => !p.ran)).toHaveLength(5);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it("a lease is taken by one holder; another may take it only once it has expired unfinished", async () => {
    const slot = new Date("2031-05-05T09:05:00Z");
    const now = new Date("2031-05-05T09:05:01Z");
    expect(await takeLease("test-job", slot, "server-a", now)).toBe(true);
    expect(await takeLease("test-job", slot, "server-b", now)).toBe(false);
    // server-a died mid-run: 31 minutes on, its lease has expired and server-b takes the slot.
    expect(await takeLease("test-job", slot, "server-b", new Date(now.getTime() + 31 * MINUTE))).toBe(true);
    await finishLease("test-job", slot, "server-b");
    // A finished slot is never run again, however late.
    expect(await takeLease("test-job", slot, "server-c", new Date(now.getTime() + DAY))).toBe(false);
  });

  it("renews the lease while a job runs past it, so another server cannot take the slot meanwhile", async () => {
    const time = testClock("2031-10-10T10:00:30Z");
    const slot = new Date("2031-10-10T10:00:00Z");
    let finish = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const slow = {
      name: "slow-job",
      label: "Slow job",
      timetable: "0 * * * *",
      byCommand: true,
      run: () => finished.then(() => ({ summary: "Done.", counts: {} })),
    };
    const pass = runDueWork({ clock: time.clock, holder: "server-a", trigger: "schedule", jobs: [slow], renewEveryMs: 10 });
    const expiry = async () => (await prisma.jobLease.findUnique({ where: { job_slot: { job: "slow-job", slot } } }))?.expiresAt.getTime() ?? 0;
    await vi.waitFor(async () => expect(await expiry()).toBeGreaterThan(0));
    // 31 minutes into the run: the first lease has run out, and a renewal since holds the slot again.
    time.advance(31 * MINUTE);
    await vi.waitFor(async () => expect(await expiry()).toBeGreaterThan(time.clock().getTime()));
    expect(await takeLease("slow-job", slot, "server-b", time.clock())).toBe(false);
    finish();
    expect(await pass).toEqual([{ job: "slow-job", slot, ran: true, outcome: "SUCCEEDED", summary: "Done." }]);
  });

  it("a job that fails is recorded with its error, and the other jobs still run", async () => {
    const now = new Date("2031-06-06T08:00:00Z");
    const passes = await runDueWork({
      clock: () => now,
      holder: "test",
      trigger: "command",
      jobs: [
        { name: "broken", label: "Broken job", timetable: "* * * * *", byCommand: true, run: () => Promise.reject(new Error("The disk is full")) },
        { name: "fine", label: "Fine job", timetable: "* * * * *", byCommand: true, run: async () => ({ summary: "Did 3 things.", counts: { things: 3 } }) },
      ],
    });
    expect(passes.map((p) => [p.job, p.outcome])).toEqual([
      ["broken", "FAILED"],
      ["fine", "SUCCEEDED"],
    ]);
    const broken = await prisma.jobRun.findFirstOrThrow({ where: { job: "broken" } });
    expect(broken).toMatchObject({ outcome: "FAILED", error: "The disk is full", trigger: "command", finishedAt: now });
  });
});

describe("the nightly backup", () => {
  it("lands a checked copy in BACKUP_DIR each night and keeps only the newest BACKUP_KEEP", async () => {
    fs.rmSync(backupDir, { recursive: true, force: true });
    const backupOnly = (await import("~/models/scheduled-work.server")).SCHEDULED_JOBS.filter((job) => job.name === "backup");
    const time = testClock("2031-07-01T03:00:00Z");
    for (let night = 0; night < 3; night += 1) {
      const [pass] = await runDueWork({ clock: time.clock, holder: "test", trigger: "schedule", jobs: backupOnly });
      expect(pass).toMatchObject({ ran: true, outcome: "SUCCEEDED" });
      time.advance(DAY);
    }
    const files = fs.readdirSync(backupDir).sort();
    // A VACUUM INTO copy on SQLite, a pg_dump on PostgreSQL (decision 0081).
    const kind = engine === "postgresql" ? "dump" : "db";
    expect(files).toEqual([`app-2031-07-02T030000Z.${kind}`, `app-2031-07-03T030000Z.${kind}`]);
    const last = await prisma.jobRun.findFirstOrThrow({ where: { job: "backup" }, orderBy: { startedAt: "desc" } });
    expect(last.summary).toMatch(/^Backed up the database \([\d.]+ MB\); removed 1 older backup, keeping at most 2\.$/);
    fs.rmSync(backupDir, { recursive: true, force: true });
  });

  it("runs in a thread of its own, so the server goes on answering while the copy is made", async () => {
    fs.rmSync(backupDir, { recursive: true, force: true });
    const backup = (await import("~/models/scheduled-work.server")).SCHEDULED_JOBS.find((job) => job.name === "backup");
    const done: string[] = [];
    const copying = backup!.run(new Date("2031-08-01T03:00:00Z")).then(() => done.push("backup"));
    // The server's next turn: in its own thread the whole copy was made before this could run.
    await new Promise((resolve) => setImmediate(resolve));
    done.push("the server's next turn");
    await copying;
    expect(done).toEqual(["the server's next turn", "backup"]);
    expect(fs.readdirSync(backupDir)).toEqual([`app-2031-08-01T030000Z.${engine === "postgresql" ? "dump" : "db"}`]);
    fs.rmSync(backupDir, { recursive: true, force: true });
  });

  it("records a backup that fails with the backup's own error, and the thread's failure reaches no further", async () => {
    const notAFolder = path.join(os.tmpdir(), `not-a-folder-${process.pid}`);
    fs.writeFileSync(notAFolder, "a file where the backups' folder should be");
    const backupOnly = (await import("~/models/scheduled-work.server")).SCHEDULED_JOBS.filter((job) => job.name === "backup");
    const configured = env.BACKUP_DIR;
    env.BACKUP_DIR = path.join(notAFolder, "backups");
    try {
      const [pass] = await runDueWork({ clock: () => new Date("2031-08-02T03:00:00Z"), holder: "test", trigger: "schedule", jobs: backupOnly });
      expect(pass).toMatchObject({ ran: true, outcome: "FAILED" });
    } finally {
      env.BACKUP_DIR = configured;
      fs.rmSync(notAFolder, { force: true });
    }
    const last = await prisma.jobRun.findFirstOrThrow({ where: { job: "backup" }, orderBy: { startedAt: "desc" } });
    expect(last).toMatchObject({ outcome: "FAILED", summary: "Failed." });
    expect(last.error).toBe(`Cannot make the folder ${path.join(notAFolder, "backups")}: ${notAFolder} is a file, not a folder`);
  });

  it("writes a job that failed as an error line of the log, the one operators are told to watch for", async () => {
    const notAFolder = path.join(os.tmpdir(), `not-a-folder-logged-${process.pid}`);
    fs.writeFileSync(notAFolder, "a file where the backups' folder should be");
    const configured = env.BACKUP_DIR;
    env.BACKUP_DIR = path.join(notAFolder, "backups");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const lines = vi.spyOn(console, "log").mockImplementation(() => {});
    const scheduler = startScheduler({ clock: () => new Date("2031-08-04T03:00:00Z"), paused: true });
    try {
      await scheduler.tick();
      const said = (spy: typeof errors) => spy.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith("Scheduled work: "));
      expect(said(errors)).toEqual([
        expect.stringMatching(/^Scheduled work: Nightly backup \(slot 2031-08-04T01:30:00\.000Z\): Failed: Cannot make the folder/),
      ]);
      // The jobs that did their work are ordinary lines.
      expect(said(lines).length).toBeGreaterThan(0);
      expect(said(lines).filter((line) => line.includes("Nightly backup"))).toEqual([]);
    } finally {
      await scheduler.stop();
      errors.mockRestore();
      lines.mockRestore();
      env.BACKUP_DIR = configured;
      fs.rmSync(notAFolder, { force: true });
    }
  });

  it("copies nothing in demo mode, and says so, so made-up data never sits among a real installation's backups", async () => {
    fs.rmSync(backupDir, { recursive: true, force: true });
    const backupOnly = (await import("~/models/scheduled-work.server")).SCHEDULED_JOBS.filter((job) => job.name === "backup");
    env.DEMO_MODE = true;
    try {
      const [pass] = await runDueWork({ clock: () => new Date("2031-09-01T03:00:00Z"), holder: "test", trigger: "schedule", jobs: backupOnly });
      expect(pass).toMatchObject({ ran: true, outcome: "SUCCEEDED" });
    } finally {
      env.DEMO_MODE = false;
    }
    expect(fs.existsSync(backupDir) ? fs.readdirSync(backupDir) : []).toEqual([]);
    const last = await prisma.jobRun.findFirstOrThrow({ where: { job: "backup" }, orderBy: { startedAt: "desc" } });
    expect(last.summary).toBe("Demonstration data: not backed up.");
  });
});

describe("the lead's home page", () => {
  it("says when scheduled work last ran and what it did, and warns when it has not run for over two hours or a job failed", async () => {
    // Its own database state: only runs from this test count, so start from none.
    await prisma.jobRun.deleteMany();
    const vrn = await lead();
    const now = new Date("2031-08-08T12:00:00Z");
    expect(await getLeadScheduledWork(vrn, now)).toMatchObject({ lastRanAt: null, startedAt: null, overdue: true, failed: [], runs: [] });
    // A server that started running scheduled work a moment ago has not had its first minute yet: no warning.
    const started = new Date("2031-08-08T11:59:30Z");
    noteSchedulerStarted(started);
    expect(await getLeadScheduledWork(vrn, now)).toMatchObject({ lastRanAt: null, startedAt: started, overdue: false });
    expect(await getLeadScheduledWork(vrn, new Date("2031-08-08T12:01:31Z"))).toMatchObject({ lastRanAt: null, startedAt: null, overdue: true });
    noteSchedulerStarted(null);

    await runDueWork({ clock: () => new Date("2031-08-08T11:10:00Z"), holder: "test", trigger: "schedule" });
    const fresh = await getLeadScheduledWork(vrn, now);
    expect(fresh).toMatchObject({ lastRanAt: new Date("2031-08-08T11:10:00Z"), overdue: false, failed: [] });
    expect(fresh.runs.map((r) => [r.label, r.outcome])).toEqual([
      ["Waiting-list offers", "SUCCEEDED"],
      ["Session reminders", "SUCCEEDED"],
      ["MVP name removal", "SUCCEEDED"],
      ["Removing lapsed records", "SUCCEEDED"],
      ["Nightly backup", "SUCCEEDED"],
    ]);
    expect(fresh.runs[1]?.summary).toBe("0 reminders sent.");

    expect((await getLeadScheduledWork(vrn, new Date("2031-08-08T13:10:00Z"))).overdue).toBe(false);
    expect((await getLeadScheduledWork(vrn, new Date("2031-08-08T13:10:01Z"))).overdue).toBe(true);

    await prisma.jobRun.updateMany({ where: { job: "reminders" }, data: { outcome: "FAILED", error: "SMTP refused" } });
    expect((await getLeadScheduledWork(vrn, now)).failed).toEqual(["Session reminders"]);

    const { user: teacher } = await createSchoolTeacher();
    await expect(getLeadScheduledWork(teacher, now)).rejects.toMatchObject({ status: 403 });
  });

  it("says a run will never record its outcome once its lease runs out or is finished, not that it is still running", async () => {
    const vrn = await lead();
    // A backup whose process is killed mid-run: it took its slot and recorded its start, and nothing more.
    const slot = new Date("2031-08-09T02:00:00Z");
    const holder = "killed-host:123:abcd";
    expect(await takeLease("backup", slot, holder, slot)).toBe(true);
    await startJobRun("backup", slot, "schedule", slot);
    const backupRow = async (at: Date) => {
      const work = await getLeadScheduledWork(vrn, at);
      return { run: work.runs.find((r) => r.job === "backup"), noOutcome: work.noOutcome };
    };

    // While its lease holds, the run may still be going: it is running, and nothing is said against it.
    const during = await backupRow(new Date("2031-08-09T02:20:00Z"));
    expect(during.run).toMatchObject({ outcome: "RUNNING", unfinished: null });
    expect(during.noOutcome).toEqual([]);

    // A live holder renews its lease every 5 minutes; one not renewed for its 30 minutes has most likely no process left.
    const after = await backupRow(new Date("2031-08-09T02:30:00Z"));
    expect(after.run).toMatchObject({ outcome: "RUNNING", unfinished: "stopped" });
    expect(after.noOutcome).toEqual(["Nightly backup"]);

    // A lease marked finished while the run is still recorded as running: the run ended, its outcome unsaved.
    await finishLease("backup", slot, holder);
    const ended = await backupRow(new Date("2031-08-09T02:10:00Z"));
    expect(ended.run).toMatchObject({ outcome: "RUNNING", unfinished: "unrecorded" });
    expect(ended.noOutcome).toEqual(["Nightly backup"]);

    // A run that did record its outcome is shown with it, whatever its lease.
    await prisma.jobRun.updateMany({ where: { job: "backup", slot }, data: { outcome: "SUCCEEDED", finishedAt: slot, summary: "Backed up." } });
    const finished = await backupRow(new Date("2031-08-09T03:00:00Z"));
    expect(finished.run).toMatchObject({ outcome: "SUCCEEDED", unfinished: null });
    expect(finished.noOutcome).toEqual([]);
  });
});

describe("GET /healthz", () => {
  it("answers 200 with the database round trip, seconds since scheduled work ran and the version; no cookie, never cached", async () => {
    await prisma.jobRun.deleteMany();
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Set-Cookie")).toBeNull();
    const body = await response.json();
    const { version } = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    expect(Object.keys(body).sort()).toEqual(["database", "diskFreeMegabytes", "secondsSinceScheduledWork", "status", "version"]);
    expect(body).toMatchObject({ status: "ok", database: "reachable", version });
    // The room left on the SQLite database's own disk, as `df` gives it; none on PostgreSQL, whose disk is its server's.
    if (engine === "sqlite") {
      const disk = fs.statfsSync(path.dirname(sqliteFilePath()));
      expect(body.diskFreeMegabytes).toBeCloseTo((disk.bavail * disk.bsize) / 1024 ** 2, -2);
    } else {
      expect(body.diskFreeMegabytes).toBeNull();
    }
    expect(body.secondsSinceScheduledWork).toBeNull();

    await prisma.jobRun.create({ data: { job: "reminders", slot: new Date(), trigger: "schedule", startedAt: new Date(Date.now() - 90 * 1000) } });
    const later = await (await healthz()).json();
    expect(later.secondsSinceScheduledWork).toBeGreaterThanOrEqual(90);
  });

  it.skipIf(engine !== "sqlite")(
    "reports the service unavailable while the database's disk has too little room to write, though the database answers",
    async () => {
      const asked: string[] = [];
      const diskWith = (megabytes: number) => async (folder: string) => {
        asked.push(folder);
        return megabytes * 1024 ** 2;
      };
      expect(await checkHealth(new Date(), { freeBytes: diskWith(DISK_FREE_MINIMUM_MB - 1) })).toMatchObject({
        status: "unavailable",
        database: "reachable",
        diskFreeMegabytes: DISK_FREE_MINIMUM_MB - 1,
      });
      expect(await checkHealth(new Date(), { freeBytes: diskWith(DISK_FREE_MINIMUM_MB) })).toMatchObject({
        status: "ok",
        diskFreeMegabytes: DISK_FREE_MINIMUM_MB,
      });
      expect(asked).toEqual([path.dirname(sqliteFilePath()), path.dirname(sqliteFilePath())]);
    },
  );

  it("reports the database unreachable when the round trip fails (healthz-unreachable.test.ts: the route's 503)", async () => {
    const missing = path.join(os.tmpdir(), `no-such-folder-${process.pid}`, "app.db");
    const unreachable = new PrismaClient({ adapter: writerAndReaderSqlite({ url: `file:${missing}`, timeout: 100 }) });
    try {
      expect(await checkHealth(new Date(), { db: unreachable })).toMatchObject({
        status: "unavailable",
        database: "unreachable",
        secondsSinceScheduledWork: null,
      });
    } finally {
      await unreachable.$disconnect().catch(() => undefined);
    }
  });
});
