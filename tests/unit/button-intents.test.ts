import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { parseIntent } from "~/lib/submission.server";
import { bookDelivery } from "~/models/bookings.server";
import { bookingInput, createDelivery, createSchoolTeacher } from "./delivery-factories";
import { replyOf } from "./support/reply";
import { routeContext, signedInPost } from "./support/route";

const form = (fields: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
};

const thrown = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a thrown response");
};

describe("which button sent a form", () => {
  it("is the page's main form when no intent is sent, and one of the page's buttons when it is", () => {
    expect(parseIntent(form([["name", "x"]]), ["delete"])).toBeNull();
    expect(parseIntent(form([["intent", "delete"]]), ["delete", "save"])).toBe("delete");
  });

  it("refuses an intent the page has no button for, an empty one or two at once, with a 400, never falling through to the main form", async () => {
    for (const fields of [
      [["intent", "bogus"]],
      [["intent", ""]],
      [
        ["intent", "delete"],
        ["intent", "delete"],
      ],
    ] as [string, string][][]) {
      const refusal = thrown(() => parseIntent(form(fields), ["delete"]));
      expect(refusal).toBeInstanceOf(Response);
      expect((refusal as Response).status).toBe(400);
    }
  });
});

describe("a full session's page", () => {
  it("joins the waiting list only from its own button: another intent, two of them or none changes nothing", async () => {
    const { action } = await import("~/routes/sessions.deliveries.$deliveryId._index");
    const delivery = await createDelivery({ capacity: 1 });
    const holder = await createSchoolTeacher();
    expect(await bookDelivery(holder.user, delivery.id, bookingInput())).toMatchObject({ ok: true });
    const { user } = await createSchoolTeacher();
    const post = async (body: string) => {
      const request = await signedInPost(`/sessions/deliveries/${delivery.id}`, user.id, {});
      const sent = new Request(request.url, {
        method: "POST",
        headers: { ...Object.fromEntries(request.headers), "Content-Type": "application/x-www-form-urlencoded" },
        body,
      });
      const result = await action({ request: sent, context: routeContext(), params: { deliveryId: delivery.id } }).catch((e: unknown) => e);
      return result instanceof Response ? { status: result.status } : replyOf(result);
    };
    for (const body of ["intent=bogus", "intent=leave-waitlist&intent=leave-waitlist", ""]) expect((await post(body)).status, body).toBe(400);
    expect(await prisma.waitlistEntry.count({ where: { deliveryId: delivery.id } })).toBe(0);
    expect((await post("intent=join-waitlist")).status).toBe(302);
    expect(await prisma.waitlistEntry.count({ where: { deliveryId: delivery.id, status: "WAITING" } })).toBe(1);
  });
});

describe("the MVP lead's mentor forms, which name their form", () => {
  it("add a mentor to a cohort and change one, as the pages send them", async () => {
    const { mvpSchool, cohortWithMentors } = await import("./mvp-factories");
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, ["Aisha K."]);
    const fields = { intent: "mentor", displayName: "Zara Q.", yearGroup: "10" };
    const cohortPage = await import("~/routes/mvp.cohorts.$cohortId._index");
    const added = await cohortPage.action({
      request: await signedInPost(`/mvp/cohorts/${cohort.id}`, mvpLead.id, fields),
      context: routeContext(),
      params: { cohortId: cohort.id },
    });
    expect((added as Response).status).toBe(302);
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id, displayName: "Zara Q." } })).toBe(1);
    const mentorPage = await import("~/routes/mvp.mentors.$mentorId");
    const { mentorVersion } = await import("~/models/mvp-mentors.server");
    const mentor = cohort.mentors[0]!;
    const changed = await mentorPage.action({
      request: await signedInPost(`/mvp/mentors/${mentor.id}`, mvpLead.id, { ...fields, displayName: "Aisha R.", version: mentorVersion(mentor) }),
      context: routeContext(),
      params: { mentorId: mentor.id },
    });
    expect((changed as Response).status).toBe(302);
    expect((await prisma.mentor.findUniqueOrThrow({ where: { id: mentor.id } })).displayName).toBe("Aisha R.");
  });
});
