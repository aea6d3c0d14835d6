import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { byEngine, prisma } from "~/db.server";
import { attendanceSchema } from "~/lib/delivery-schemas";
import { recordAttendance } from "~/models/attendance.server";
import { cancelBooking, declineBooking } from "~/models/bookings.server";
import { cancelDelivery, markNotDelivered } from "~/models/delivery-status.server";
import { newBrowserToken, submitResponse } from "~/models/survey-responses.server";
import { openRun } from "~/models/survey-runs.server";
import { updateSchool } from "~/models/schools.server";
import { lead } from "./delivery-factories";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

const DAY = 24 * 60 * 60 * 1000;

/** A booking of `status` on a session starting at `startsAt`, with a survey of `phase` open on it. */
async function openSurveyOn(startsAt: Date, phase: "BEFORE" | "AFTER", status: "CONFIRMED" | "REQUESTED" = "CONFIRMED") {
  const { teacher, delivery, booking } = await schoolWithBooking({ startsAt, status });
  const template = await createSurveyTemplate(phase);
  const opened = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
  if (!opened.ok) throw new Error(opened.message);
  const answer = () => submitResponse(opened.id, newBrowserToken(), [{ questionId: template.questions[0]!.id, value: 4, text: null }]);
  expect(await answer()).toEqual({ ok: true });
  return { teacher, delivery, booking, runId: opened.id, answer };
}

const closedAt = async (runId: string) => (await prisma.surveyRun.findUniqueOrThrow({ where: { id: runId } })).closedAt;

describe("a survey on a session that will not happen, or did not", () => {
  it("closes when the school cancels its booking, keeping the answers given before", async () => {
    const { teacher, booking, runId, answer } = await openSurveyOn(new Date(Date.now() + 10 * DAY), "BEFORE");
    expect(await cancelBooking(teacher, booking.id, "Exams")).toMatchObject({ ok: true });
    expect(await closedAt(runId)).not.toBeNull();
    expect(await answer()).toMatchObject({ ok: false, reason: "closed" });
    expect(await prisma.surveyResponse.count({ where: { runId } })).toBe(1);
  });

  it("closes when the lead declines the request or cancels the session", async () => {
    const requested = await openSurveyOn(new Date(Date.now() + 10 * DAY), "BEFORE", "REQUESTED");
    expect(await declineBooking(await lead(), requested.booking.id, "Full")).toMatchObject({ ok: true });
    expect(await requested.answer()).toMatchObject({ ok: false, reason: "closed" });

    const booked = await openSurveyOn(new Date(Date.now() + 10 * DAY), "BEFORE");
    expect(await cancelDelivery(await lead(), booked.delivery.id, "Officer unavailable")).toMatchObject({ ok: true });
    expect(await booked.answer()).toMatchObject({ ok: false, reason: "closed" });
  });

  it("closes when the lead, or the school, records that the session did not take place", async () => {
    const byLead = await openSurveyOn(new Date(Date.now() - 2 * 60 * 60_000), "AFTER");
    expect(await markNotDelivered(await lead(), byLead.delivery.id, "Facilitator ill")).toMatchObject({ ok: true });
    expect(await byLead.answer()).toMatchObject({ ok: false, reason: "closed" });

    const bySchool = await openSurveyOn(new Date(Date.now() - 2 * 60 * 60_000), "AFTER");
    const notTaken = attendanceSchema.safeParse({ comment: "", tookPlace: "NO", notTakenReason: "FACILITATOR_ABSENT" });
    if (!notTaken.success) throw new Error("expected a valid return");
    expect(await recordAttendance(bySchool.teacher, bySchool.booking.id, { ...notTaken.data, version: undefined })).toMatchObject({ ok: true, changed: true });
    expect(await bySchool.answer()).toMatchObject({ ok: false, reason: "closed" });
  });

  it("closes when the lead closes the school", async () => {
    const { booking, runId, answer } = await openSurveyOn(new Date(Date.now() + 10 * DAY), "BEFORE");
    const school = await prisma.school.findUniqueOrThrow({ where: { id: booking.schoolId } });
    const input = {
      ...school,
      openedOn: undefined,
      closedOn: undefined,
      localityId: school.localityId ?? undefined,
      postcode: school.postcode ?? undefined,
      numberOnRoll: school.numberOnRoll ?? undefined,
    };
    expect(await updateSchool(await lead(), school.id, { ...input, type: "SECONDARY", status: "CLOSED" })).toMatchObject({ ok: true, changed: true });
    expect(await closedAt(runId)).not.toBeNull();
    expect(await answer()).toMatchObject({ ok: false, reason: "closed" });
  });

  it("is closed by the data migration when it was left open before these changes, as of the booking's change", async () => {
    const cancelled = await openSurveyOn(new Date(Date.now() + 10 * DAY), "BEFORE");
    const kept = await openSurveyOn(new Date(Date.now() + 10 * DAY), "BEFORE");
    // As the service left it before: the booking cancelled, its survey still open.
    const changed = await prisma.booking.update({ where: { id: cancelled.booking.id }, data: { status: "CANCELLED" } });
    const folder = byEngine({ sqlite: "prisma/migrations", postgresql: "prisma/postgresql/migrations" });
    const sql = fs.readFileSync(path.join(folder, "20261203110000_close_surveys_of_withdrawn_bookings", "migration.sql"), "utf8");
    const statements = sql
      .replace(/^\s*--.*$/gm, "")
      .split(/;\s*\n?/)
      .map((statement) => statement.trim())
      .filter(Boolean);
    expect(statements).toHaveLength(2);
    for (const statement of statements) await prisma.$executeRawUnsafe(statement);
    expect(await closedAt(cancelled.runId)).toEqual(changed.updatedAt);
    expect(await closedAt(kept.runId)).toBeNull();
  });
});
