import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { describeRemoved, removeLapsedRecords } from "~/models/housekeeping.server";
import { runDueWork, SCHEDULED_JOBS } from "~/models/scheduled-work.server";
import { createUser } from "./factories";

const now = new Date("2031-06-10T12:20:00Z");
const DAY = 24 * 60 * 60 * 1000;
const before = (ms: number) => new Date(now.getTime() - ms);
const after = (ms: number) => new Date(now.getTime() + ms);

async function recordsOfEveryAge(userId: string, tag: string) {
  await prisma.session.createMany({
    data: [
      { id: `${tag}-ended`, userId, expiresAt: before(1) },
      { id: `${tag}-live`, userId, expiresAt: after(DAY) },
    ],
  });
  await prisma.pendingSignIn.createMany({
    data: [
      { id: `${tag}-pending-ended`, userId, step: "CODE", expiresAt: before(1) },
      { id: `${tag}-pending-live`, userId, step: "CODE", expiresAt: after(60_000) },
    ],
  });
  await prisma.signInFailure.createMany({
    data: [
      { key: `${tag}-old`, at: before(16 * 60_000) },
      { key: `${tag}-new`, at: before(60_000) },
    ],
  });
  await prisma.signInKnownBrowser.createMany({
    data: [
      { key: `${tag}-unseen`, lastAt: before(91 * DAY) },
      { key: `${tag}-seen`, lastAt: before(DAY) },
    ],
  });
  await prisma.twoStepAttempt.createMany({
    data: [
      { userId, at: before(16 * 60_000) },
      { userId, at: before(60_000) },
    ],
  });
  await prisma.passwordReset.createMany({
    data: [
      { userId, tokenHash: `${tag}-stopped-long-ago`, expiresAt: before(31 * DAY), usedAt: before(31 * DAY) },
      { userId, tokenHash: `${tag}-stopped-lately`, expiresAt: before(29 * DAY) },
      { userId, tokenHash: `${tag}-open`, expiresAt: after(60_000) },
    ],
  });
  await prisma.rateLimitCounter.createMany({
    data: [
      { limiter: "survey-accepted-answers", key: `${tag}-ended`, windowEndsAt: BigInt(before(60_000).getTime()), hits: 3 },
      { limiter: "survey-accepted-answers", key: `${tag}-running`, windowEndsAt: BigInt(after(30_000).getTime()), hits: 1 },
    ],
  });
  await prisma.sentForm.createMany({
    data: [
      { token: `${tag}-old-form`, entity: "Invitation", recordId: "x", savedAt: before(25 * 60 * 60_000) },
      { token: `${tag}-new-form`, entity: "Invitation", recordId: "y", savedAt: before(60_000) },
    ],
  });
}

describe("removing lapsed records", () => {
  it("removes what has served its purpose and keeps the rest", async () => {
    const user = await createUser();
    await recordsOfEveryAge(user.id, "a");
    const run = (job: string, startedAt: Date) => ({
      job,
      slot: startedAt,
      trigger: "schedule",
      startedAt,
      finishedAt: startedAt,
      outcome: "SUCCEEDED" as const,
    });
    await prisma.jobRun.createMany({
      data: [
        run("reminders", before(120 * DAY)),
        run("reminders", before(DAY)),
        // A job that has not run for months keeps its latest run: the lead's home page shows it, here as
        // stopped before it finished (its lease ran out), which it can say only while the lease is kept.
        run("backup", before(200 * DAY)),
        { ...run("backup", before(100 * DAY)), finishedAt: null, outcome: "RUNNING" as const },
      ],
    });
    const lease = (job: string, slot: Date) => ({ job, slot, holder: "test", expiresAt: new Date(slot.getTime() + 60_000), finished: true });
    await prisma.jobLease.createMany({
      data: [
        lease("reminders", before(120 * DAY)),
        lease("reminders", before(DAY)),
        lease("backup", before(200 * DAY)),
        { ...lease("backup", before(100 * DAY)), finished: false },
      ],
    });

    const removed = await removeLapsedRecords(now);
    expect(removed).toEqual({ sessions: 1, pendingSignIns: 1, signInThrottles: 2, codeAttempts: 1, rateLimits: 1, resetLinks: 1, formTokens: 1, jobRuns: 2 });

    expect((await prisma.session.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual(["a-live"]);
    expect((await prisma.pendingSignIn.findMany()).map((p) => p.id)).toEqual(["a-pending-live"]);
    expect((await prisma.signInFailure.findMany()).map((f) => f.key)).toEqual(["a-new"]);
    expect((await prisma.signInKnownBrowser.findMany()).map((b) => b.key)).toEqual(["a-seen"]);
    expect(await prisma.twoStepAttempt.count()).toBe(1);
    expect((await prisma.passwordReset.findMany({ orderBy: { tokenHash: "asc" } })).map((r) => r.tokenHash)).toEqual(["a-open", "a-stopped-lately"]);
    expect((await prisma.sentForm.findMany()).map((f) => f.token)).toEqual(["a-new-form"]);
    expect((await prisma.jobRun.findMany({ orderBy: { job: "asc" } })).map((r) => [r.job, r.startedAt])).toEqual([
      ["backup", before(100 * DAY)],
      ["reminders", before(DAY)],
    ]);
    expect((await prisma.jobLease.findMany({ orderBy: { job: "asc" } })).map((l) => [l.job, l.slot])).toEqual([
      ["backup", before(100 * DAY)],
      ["reminders", before(DAY)],
    ]);
    expect((await prisma.rateLimitCounter.findMany()).map((r) => r.key)).toEqual(["a-running"]);
    // The person and the audit log are not records that lapse.
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(1);

    expect(await removeLapsedRecords(now)).toEqual({
      sessions: 0,
      pendingSignIns: 0,
      signInThrottles: 0,
      codeAttempts: 0,
      rateLimits: 0,
      resetLinks: 0,
      formTokens: 0,
      jobRuns: 0,
    });
  });

  it("runs hourly as scheduled work, its record saying what it removed", async () => {
    const user = await createUser();
    await recordsOfEveryAge(user.id, "b");
    const housekeeping = SCHEDULED_JOBS.filter((job) => job.name === "housekeeping");
    const [pass] = await runDueWork({ clock: () => now, holder: "test", trigger: "command", jobs: housekeeping });
    expect(pass).toMatchObject({ job: "housekeeping", ran: true, slot: new Date("2031-06-10T12:20:00Z") });
    const recorded = await prisma.jobRun.findFirstOrThrow({ where: { job: "housekeeping" } });
    expect(recorded.summary).toBe(
      "Removed 1 ended sign-in session, 1 unfinished sign-in, 2 lapsed sign-in records, 1 lapsed two-step code attempt, 1 ended rate-limit count, 1 old password reset link and 1 sent form's token.",
    );
    expect(JSON.parse(recorded.counts)).toMatchObject({ sessions: 1, resetLinks: 1, jobRuns: 0 });
  });

  it("says so when nothing had lapsed", () => {
    expect(
      describeRemoved({ sessions: 0, pendingSignIns: 0, signInThrottles: 0, codeAttempts: 0, rateLimits: 0, resetLinks: 0, formTokens: 0, jobRuns: 0 }),
    ).toBe("Nothing had lapsed.");
    expect(
      describeRemoved({ sessions: 0, pendingSignIns: 0, signInThrottles: 0, codeAttempts: 0, rateLimits: 0, resetLinks: 0, formTokens: 0, jobRuns: 3 }),
    ).toBe("Removed 3 old runs of scheduled work.");
  });
});
