import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { academicYearOf } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { addLocalityArea, createLocality } from "~/models/localities.server";
import { createMailer } from "~/models/mailer.server";
import { updateCohort } from "~/models/mvp-cohorts.server";
import { withdrawMentor } from "~/models/mvp-mentors.server";
import { addNotedTrainingDays, addTrainingSession } from "~/models/mvp-training-sessions.server";
import { requestPasswordReset, RESETS_PER_ACCOUNT_PER_HOUR } from "~/models/password-resets.server";
import { changeUserAccess, deactivateUser } from "~/models/users.server";
import { createUser } from "./factories";
import { cohortWithMentors, mvpSchool } from "./mvp-factories";

/**
 * Two requests at once, each of which alone would be checked and refused where it breaks a rule: the
 * check must be made in the transaction that writes (transactions run one at a time), not on a row read
 * before it.
 */
const ROUNDS = 6;
const activeLeads = (ids: string[]) => prisma.user.count({ where: { id: { in: ids }, active: true, role: "VRN_LEAD" } });

describe("two leads changing each other at once", () => {
  it("never leaves both deactivated: the second finds its own account deactivated and saves nothing", async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const [a, b] = [await createUser({ role: "VRN_LEAD" }), await createUser({ role: "VRN_LEAD" })];
      const results = await Promise.all([deactivateUser(a, b.id), deactivateUser(b, a.id)]);
      expect(await activeLeads([a.id, b.id]), `round ${round}: ${JSON.stringify(results)}`).toBe(1);
      expect(results.filter((r) => !r.ok)).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^Your own account has just been deactivated or given another role/) }),
      ]);
    }
  });

  it("never leaves both without the lead's role", async () => {
    const { id: schoolId } = (await mvpSchool()).school;
    for (let round = 0; round < ROUNDS; round += 1) {
      const [a, b] = [await createUser({ role: "VRN_LEAD" }), await createUser({ role: "VRN_LEAD" })];
      await Promise.all([changeUserAccess(a, b.id, { role: "TEACHER", schoolId }), changeUserAccess(b, a.id, { role: "TEACHER", schoolId })]);
      expect(await activeLeads([a.id, b.id]), `round ${round}`).toBe(1);
    }
  });
});

describe("a mentor withdrawn twice", () => {
  it("is refused the second time, keeping the first date", async () => {
    const a = await mvpSchool();
    const year = academicYearOf(new Date());
    const cohort = await cohortWithMentors(a.school.id, year, ["Freya A."]);
    const freya = cohort.mentors[0]!;
    const today = new Date().toISOString().slice(0, 10);
    expect(await withdrawMentor(a.mvpLead, freya.id, today)).toMatchObject({ ok: true });
    const again = await withdrawMentor(a.mvpLead, freya.id, `${year}-09-02`);
    expect(again).toMatchObject({ ok: false, field: "withdrawnOn", message: expect.stringMatching(/^Freya A\. already stopped being a mentor on /) });
    expect((await prisma.mentor.findUniqueOrThrow({ where: { id: freya.id } })).withdrawnOn).toEqual(londonDayStart(today));

    // From a page opened before: the page now has no withdrawal form, so the lead is sent back to it, told why.
    const { action } = await import("~/routes/mvp.mentors.$mentorId");
    const { createSession } = await import("~/auth/session.server");
    const body = new URLSearchParams({ intent: "withdraw", withdrawnOn: today });
    const headers = { Cookie: `vrn_session=${(await createSession(a.mvpLead.id)).token}`, "Content-Type": "application/x-www-form-urlencoded" };
    const request = new Request(`http://localhost/mvp/mentors/${freya.id}`, { method: "POST", body, headers });
    const context = { cspNonce: "", clientAddress: "192.0.2.93", secureCookies: false, setCookie: () => undefined };
    const sent = await Promise.resolve(action({ request, params: { mentorId: freya.id }, context })).catch((thrown: unknown) => thrown);
    expect(sent instanceof Response ? [sent.status, sent.headers.get("Location")] : sent).toEqual([302, `/mvp/mentors/${freya.id}`]);
  });
});

describe("a cohort's year changed as a training day is added", () => {
  it("never keeps a training day outside the cohort's year", async () => {
    const a = await mvpSchool();
    const year = academicYearOf(new Date()) - 1;
    // A day only the later year's window takes.
    const lateDay = `${year + 1}-09-15`;
    for (let round = 0; round < ROUNDS; round += 1) {
      const cohort = await cohortWithMentors(a.school.id, year + 1, []);
      const input = { academicYear: year, yearGroups: [10], trainingDates: "14 and 15 October", trainers: "MVP trainers" };
      await Promise.all([updateCohort(a.mvpLead, cohort.id, input), addTrainingSession(a.mvpLead, cohort.id, { heldOn: lateDay, note: "" })]);
      const saved = await prisma.mentorCohort.findUniqueOrThrow({ where: { id: cohort.id }, include: { trainingSessions: true } });
      const outside = saved.trainingSessions.filter((s) => saved.academicYear === year && s.heldOn >= londonDayStart(`${year + 1}-09-01`));
      expect(outside, `round ${round}: year ${saved.academicYear}`).toEqual([]);
    }
  });
});

describe("the training days in a cohort's notes, added twice at once", () => {
  it("are added once, and neither press is told the cohort changed", async () => {
    const a = await mvpSchool();
    const year = academicYearOf(new Date());
    const cohort = await cohortWithMentors(a.school.id, year, []);
    await prisma.mentorCohort.update({ where: { id: cohort.id }, data: { trainingDates: `14 and 15 October ${year}` } });
    const results = await Promise.all([addNotedTrainingDays(a.mvpLead, cohort.id), addNotedTrainingDays(a.mvpLead, cohort.id)]);
    expect(
      results.every((r) => r.ok),
      JSON.stringify(results),
    ).toBe(true);
    expect(await prisma.mentorTrainingSession.count({ where: { cohortId: cohort.id } })).toBe(2);
  });
});

describe("localities and their areas named at once", () => {
  it("makes one locality of one name sent twice in two cases", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    for (let round = 0; round < ROUNDS; round += 1) {
      const name = `Racefield ${round} ${Math.random().toString(36).slice(2, 8)}`;
      const results = await Promise.all([
        createLocality(lead, { name, localAuthority: "Leicestershire" }),
        createLocality(lead, { name: name.toUpperCase(), localAuthority: "Leicestershire" }),
      ]);
      expect(
        results.filter((r) => r.ok),
        `round ${round}`,
      ).toHaveLength(1);
    }
  });

  it("maps one district to one locality, however it is written", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    for (let round = 0; round < ROUNDS; round += 1) {
      const suffix = Math.random().toString(36).slice(2, 8);
      const [first, second] = await Promise.all(
        ["A", "B"].map((letter) => createLocality(lead, { name: `Area ${letter} ${suffix}`, localAuthority: "Leicestershire" })),
      );
      if (!first?.ok || !second?.ok) throw new Error("locality not made");
      const area = `Raceward ${suffix}`;
      await Promise.all([addLocalityArea(lead, first.value.id, { name: area }), addLocalityArea(lead, second.value.id, { name: area.toUpperCase() })]);
      expect(await prisma.localityArea.count({ where: { localityId: { in: [first.value.id, second.value.id] } } }), `round ${round}`).toBe(1);
    }
  });
});

describe("links to set a new password asked for at once", () => {
  it("are no more than the hour's limit for the account", async () => {
    const user = await createUser({ role: "TEACHER" });
    const outbox = createMailer({ smtpUrl: undefined, from: "VRN Schools Forum <no-reply@forum.example.test>" });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => requestPasswordReset(user.email, { origin: "https://forum.example.test", mailer: outbox })),
    );
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(RESETS_PER_ACCOUNT_PER_HOUR);
    expect(await prisma.passwordReset.count({ where: { userId: user.id } })).toBe(RESETS_PER_ACCOUNT_PER_HOUR);
  });
});
