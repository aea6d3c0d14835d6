import { describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { bookDelivery, cancelBooking } from "~/models/bookings.server";
import { getDeliveryForLead, getDeliveryForSchool } from "~/models/deliveries.server";
import { updateDelivery } from "~/models/delivery-changes.server";
import { londonDateInputValue, londonTimeInputValue } from "~/lib/london-time";
import { joinWaitlist, leaveWaitlist, listOwnWaitlist } from "~/models/waitlist.server";
import { bookingInput, createDelivery, createSchoolTeacher, deliveryInput, lead } from "./delivery-factories";
import { createUser } from "./factories";
import { replyOf } from "./support/reply";
import { flashOf, routeContext, signedInPost } from "./support/route";
import { createSession } from "~/auth/session.server";
import { startSmtpServer } from "./smtp-fixture";

const SECOND = 1000;

/**
 * A full one-place session booked by one school, with three schools waiting in the order they joined. It
 * starts on a whole minute, as a session scheduled through the form does, so its form sent back unchanged
 * changes nothing.
 */
async function fullSessionWithQueue() {
  const delivery = await createDelivery({ capacity: 1, startsAt: new Date(Math.floor((Date.now() + 14 * 86_400_000) / 60_000) * 60_000) });
  const holder = await createSchoolTeacher();
  const booked = await bookDelivery(holder.user, delivery.id, bookingInput());
  if (!booked.ok) throw new Error(booked.message);
  const queue = [await createSchoolTeacher(), await createSchoolTeacher(), await createSchoolTeacher()];
  for (const [i, school] of queue.entries()) expect(await joinWaitlist(school.user, delivery.id, new Date(Date.now() + i * SECOND))).toEqual({ ok: true });
  return { delivery, holder, bookingId: booked.id, queue };
}

describe("a school's own waiting lists", () => {
  it("lists each session the school waits for with its place in the queue, and only the school's own", async () => {
    const { delivery, queue } = await fullSessionWithQueue();
    const [first, second, third] = queue;
    expect(await listOwnWaitlist(first!.user)).toMatchObject([{ deliveryId: delivery.id, status: "WAITING", queuePlace: 1 }]);
    expect(await listOwnWaitlist(third!.user)).toMatchObject([{ deliveryId: delivery.id, status: "WAITING", queuePlace: 3 }]);
    expect((await getDeliveryForSchool(second!.user, delivery.id)).ownWaitlist).toMatchObject({ status: "WAITING", queuePlace: 2 });
    expect(await listOwnWaitlist((await createSchoolTeacher()).user)).toEqual([]);
  });

  it("a school that leaves is off the list, audited, and the schools behind it move up", async () => {
    const { delivery, queue } = await fullSessionWithQueue();
    const [first, second] = queue;
    await leaveWaitlist(first!.user, delivery.id);
    expect(await listOwnWaitlist(first!.user)).toEqual([]);
    expect(await listOwnWaitlist(second!.user)).toMatchObject([{ queuePlace: 1 }]);
    const entry = await prisma.waitlistEntry.findFirstOrThrow({ where: { schoolId: first!.school.id } });
    expect(await prisma.auditEvent.count({ where: { entityId: entry.id, action: "delete" } })).toBe(1);
    // Nobody was offered anything: no place came free.
    expect(await prisma.outboxMessage.count({ where: { subject: { startsWith: "A place is free" }, to: second!.user.email } })).toBe(0);
  });

  it("a school that leaves while holding an offer releases the place to the next school waiting, who alone is emailed", async () => {
    const { delivery, holder, bookingId, queue } = await fullSessionWithQueue();
    const [first, second, third] = queue;
    await cancelBooking(holder.user, bookingId, "Exams");
    expect(await listOwnWaitlist(first!.user)).toMatchObject([{ status: "OFFERED", queuePlace: null }]);
    expect(await listOwnWaitlist(second!.user)).toMatchObject([{ status: "WAITING", queuePlace: 1 }]);
    await leaveWaitlist(first!.user, delivery.id);
    expect(await listOwnWaitlist(second!.user)).toMatchObject([{ status: "OFFERED" }]);
    expect(await listOwnWaitlist(third!.user)).toMatchObject([{ status: "WAITING", queuePlace: 1 }]);
    const offersTo = (email: string) => prisma.outboxMessage.count({ where: { subject: { startsWith: "A place is free" }, to: email } });
    expect(await offersTo(second!.user.email)).toBe(1);
    expect(await offersTo(third!.user.email)).toBe(0);
  });

  it("keeps a place offered to a waiting school when the lead lowers the number of schools: the change is refused, saying why", async () => {
    const { delivery, queue } = await fullSessionWithQueue();
    const theLead = await lead();
    const asInput = { ...delivery, joiningLink: delivery.joiningLink ?? "" };
    const on = londonDateInputValue(delivery.startsAt);
    const at = londonTimeInputValue(delivery.startsAt);
    expect(await updateDelivery(theLead, delivery.id, { ...deliveryInput({ ...asInput, capacity: 2 }, on, at), closesDaysBefore: 2 })).toMatchObject({
      ok: true,
    });
    expect(await listOwnWaitlist(queue[0]!.user)).toMatchObject([{ status: "OFFERED" }]);

    expect(await updateDelivery(theLead, delivery.id, { ...deliveryInput({ ...asInput, capacity: 1 }, on, at), closesDaysBefore: 2 })).toEqual({
      ok: false,
      field: "capacity",
      message: "1 school has booked and 1 place is offered to schools waiting, until their offers end; the number of schools must be at least 2",
    });
    expect(await updateDelivery(theLead, delivery.id, { ...deliveryInput({ ...asInput, capacity: 1, format: "IN_SCHOOL" }, on, at), joiningLink: "" })).toEqual(
      {
        ok: false,
        field: "format",
        message:
          "A visit to one school takes one school, and 1 school has booked and 1 place is offered to schools waiting, until their offers end: keep the session online, or cancel bookings first",
      },
    );
    expect((await prisma.delivery.findUniqueOrThrow({ where: { id: delivery.id } })).capacity).toBe(2);
    expect(await listOwnWaitlist(queue[0]!.user)).toMatchObject([{ status: "OFFERED" }]);
  });

  it("does not list a session that has already started", async () => {
    const { delivery, queue } = await fullSessionWithQueue();
    expect(await listOwnWaitlist(queue[0]!.user, new Date(delivery.startsAt.getTime() + SECOND))).toEqual([]);
  });
});

describe("leaving a waiting list from the school's bookings page", () => {
  it("says so only when the school was on it, and refuses otherwise with the reason", async () => {
    const { action } = await import("~/routes/bookings._index");
    const { delivery, queue } = await fullSessionWithQueue();
    const post = async (userId: string) => {
      const request = await signedInPost("/bookings", userId, { intent: "leave-waitlist", deliveryId: delivery.id });
      return action({ request, context: routeContext(), params: {} }).catch((thrown: unknown) => thrown);
    };
    const notWaiting = await createSchoolTeacher();
    const refused = await replyOf(await post(notWaiting.user.id));
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ message: expect.stringMatching(/not on/i) });
    const left = (await post(queue[0]!.user.id)) as Response;
    expect(left.status).toBe(302);
    expect(await flashOf(left)).toBe("Your school has left the waiting list.");
    expect((await listOwnWaitlist(queue[0]!.user)).some((entry) => entry.deliveryId === delivery.id)).toBe(false);
  });

  it("says, when the school held an offer, that the place was offered to the next school waiting, without naming it; from the session's page too", async () => {
    const pages = [
      { path: "/bookings", route: await import("~/routes/bookings._index"), params: () => ({}) },
      {
        path: "/sessions/deliveries/:id",
        route: await import("~/routes/sessions.deliveries.$deliveryId._index"),
        params: (id: string) => ({ deliveryId: id }),
      },
    ];
    for (const { path, route, params } of pages) {
      const { delivery, holder, bookingId, queue } = await fullSessionWithQueue();
      await cancelBooking(holder.user, bookingId, "Exams");
      expect(await listOwnWaitlist(queue[0]!.user)).toMatchObject([{ status: "OFFERED" }]);
      const request = await signedInPost(path.replace(":id", delivery.id), queue[0]!.user.id, { intent: "leave-waitlist", deliveryId: delivery.id });
      const left = (await route.action({ request, context: routeContext(), params: params(delivery.id) })) as Response;
      const said = await flashOf(left);
      expect(said, path).toBe(
        "Your school has left the waiting list. The place held for your school was offered to the first school waiting with someone who can book.",
      );
      for (const waiting of queue.slice(1)) expect(said).not.toContain(waiting.school.name);
      expect(await listOwnWaitlist(queue[1]!.user)).toMatchObject([{ status: "OFFERED" }]);
    }
  });
});

describe("more places on a full session", () => {
  it("tell the lead a place on it was offered to the first school waiting, and whether that school was told", async () => {
    const { delivery, queue } = await fullSessionWithQueue();
    const route = await import("~/routes/sessions.deliveries.$deliveryId.edit");
    const theLead = await lead();
    const { token } = await createSession(theLead.id);
    const headers = { Cookie: `vrn_session=${token}` };
    const path = `/sessions/deliveries/${delivery.id}/edit`;
    const params = { deliveryId: delivery.id };
    const loaded = await replyOf(await route.loader({ request: new Request(`http://localhost${path}`, { headers }), context: routeContext(), params }));
    const { values, version } = loaded.body as { values: Record<string, string | null | undefined>; version: string };
    const fields = Object.entries({ ...values, capacity: "2", version }).filter((field): field is [string, string] => typeof field[1] === "string");
    const saved = await route.action({
      request: new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(fields) }),
      context: routeContext(),
      params,
    });
    expect(await flashOf(saved as Response)).toBe(
      `Session saved. A place on it was offered to the first school waiting with someone who can book. No school has been told by email. No mail server is set up, so the email to ${queue[0]!.school.name} is in the outbox.`,
    );
    expect(await listOwnWaitlist(queue[0]!.user)).toMatchObject([{ status: "OFFERED" }]);
    expect(await listOwnWaitlist(queue[1]!.user)).toMatchObject([{ status: "WAITING", queuePlace: 1 }]);
  });
});

describe("cancelling a booking when schools wait", () => {
  it("says the place was offered to the first school waiting: the lead reads whether it was told, a teacher not which school it was; so do declining and moving", async () => {
    const { action } = await import("~/routes/bookings.$bookingId.cancel");
    const cancel = async (userId: string, bookingId: string) => {
      const request = await signedInPost(`/bookings/${bookingId}/cancel`, userId, { reason: "Sports day" });
      return (await action({ request, context: routeContext(), params: { bookingId } })) as Response;
    };
    // A teacher of the school holding the place cancels: no school's name but their own.
    const teachers = await fullSessionWithQueue();
    const byTeacher = await flashOf(await cancel(teachers.holder.user.id, teachers.bookingId));
    expect(byTeacher).toMatch(/^Booking cancelled\. .* The place was offered to the first school waiting with someone who can book\.$/);
    for (const waiting of teachers.queue) expect(byTeacher).not.toContain(waiting.school.name);
    expect(await listOwnWaitlist(teachers.queue[0]!.user)).toMatchObject([{ deliveryId: teachers.delivery.id, status: "OFFERED" }]);

    // The lead cancels: no mail server in the tests, so the offer's email is in the outbox, said by name.
    const leads = await fullSessionWithQueue();
    const byLead = await flashOf(await cancel((await lead()).id, leads.bookingId));
    expect(byLead).toContain(
      `The place was offered to the first school waiting with someone who can book. No school has been told by email. No mail server is set up, so the email to ${leads.queue[0]!.school.name} is in the outbox.`,
    );
    // The lead declines a request that held the place; a teacher moves the booking that held it.
    const requested = await createDelivery({ capacity: 1, needsConfirmation: true });
    const asking = await createSchoolTeacher();
    const request = await bookDelivery(asking.user, requested.id, bookingInput());
    if (!request.ok) throw new Error(request.message);
    const hoping = await createSchoolTeacher();
    expect(await joinWaitlist(hoping.user, requested.id)).toEqual({ ok: true });
    const { action: decline } = await import("~/routes/bookings.$bookingId.decline");
    const declined = await decline({
      request: await signedInPost(`/bookings/${request.id}/decline`, (await lead()).id, { reason: "Hall booked" }),
      context: routeContext(),
      params: { bookingId: request.id },
    });
    expect(await flashOf(declined as Response)).toMatch(
      /^Request declined\. .* The place was offered to the first school waiting with someone who can book\. No school has been told by email\./,
    );

    const movers = await fullSessionWithQueue();
    const later = await createDelivery({ topicId: movers.delivery.topicId, startsAt: new Date(movers.delivery.startsAt.getTime() + 7 * 86_400_000) });
    const { action: move } = await import("~/routes/bookings.$bookingId.move");
    const moved = await move({
      request: await signedInPost(`/bookings/${movers.bookingId}/move`, movers.holder.user.id, { deliveryId: later.id }),
      context: routeContext(),
      params: { bookingId: movers.bookingId },
    });
    const byMover = await flashOf(moved as Response);
    expect(byMover).toMatch(/^Booking moved and confirmed\. .* The place on the old date was offered to the first school waiting with someone who can book\.$/);
    for (const waiting of movers.queue) expect(byMover).not.toContain(waiting.school.name);

    // No school waits: nothing is said of an offer.
    const alone = await createDelivery({ capacity: 1 });
    const holder = await createSchoolTeacher();
    const booked = await bookDelivery(holder.user, alone.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    expect(await flashOf(await cancel(holder.user.id, booked.id))).not.toMatch(/offered/);
  });
});

describe("a freed place and a school with nobody to offer it to", () => {
  it("passes over a school with no active teacher, which keeps its place, and audits the offer in UK time with school and session", async () => {
    const { delivery, holder, bookingId, queue } = await fullSessionWithQueue();
    const [first, second] = queue;
    await prisma.user.update({ where: { id: first!.user.id }, data: { active: false } });
    await cancelBooking(holder.user, bookingId, "Exams");
    const entries = await prisma.waitlistEntry.findMany({ where: { deliveryId: delivery.id }, include: { school: true }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => e.status)).toEqual(["WAITING", "OFFERED", "WAITING"]);
    expect(entries[1]!.schoolId).toBe(second!.school.id);
    const audited = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: entries[1]!.id, action: "offer" } });
    expect(audited.summary).toMatch(new RegExp(`^Offered a freed place on Topic .+, .+, to ${second!.school.name}, held until .+ \\(UK time\\)$`));
    expect(audited.summary).not.toMatch(/\d{4}-\d\d-\d\dT/);

    // The lead's page says why the first school was passed over.
    const forLead = await getDeliveryForLead(await lead(), delivery.id);
    expect(forLead.waitlist.map((w) => [w.school.name, w.status, w.offerable])).toEqual([
      [first!.school.name, "WAITING", false],
      [second!.school.name, "OFFERED", true],
      [entries[2]!.school.name, "WAITING", true],
    ]);

    // Its queue place counts only the schools that could be offered a place before it.
    expect(await listOwnWaitlist(queue[2]!.user)).toMatchObject([{ status: "WAITING", queuePlace: 1 }]);

    // Someone at the first school again: it is first in the queue once more, for the next place freed.
    await prisma.user.update({ where: { id: first!.user.id }, data: { active: true } });
    expect(await listOwnWaitlist(first!.user)).toMatchObject([{ status: "WAITING", queuePlace: 1 }]);
  });
});

describe("a school whose only booker is its MVP lead", () => {
  /** A full one-place session, and a school whose one teacher's account is off, with an MVP lead. */
  async function fullSessionAndMvpLeadAlone() {
    const delivery = await createDelivery({ capacity: 1 });
    const holder = await createSchoolTeacher();
    const booked = await bookDelivery(holder.user, delivery.id, bookingInput());
    if (!booked.ok) throw new Error(booked.message);
    const waiting = await createSchoolTeacher();
    const mvpLead = await createUser({ role: "MVP_LEAD", schoolId: waiting.school.id });
    await prisma.user.update({ where: { id: waiting.user.id }, data: { active: false } });
    return { delivery, holder, booked, mvpLead };
  }

  it("is offered a freed place, and the offer goes to the MVP lead", async () => {
    const { delivery, holder, booked, mvpLead } = await fullSessionAndMvpLeadAlone();
    expect(await joinWaitlist(mvpLead, delivery.id)).toEqual({ ok: true });
    await cancelBooking(holder.user, booked.id, "Exams");
    expect(await listOwnWaitlist(mvpLead)).toMatchObject([{ status: "OFFERED" }]);
    expect(await prisma.outboxMessage.count({ where: { subject: { startsWith: "A place is free" }, to: mvpLead.email } })).toBe(1);
  });

  it("is told, on joining with a mail server set up, that its MVP leads are emailed when no teacher there has an account; and the MVP lead is", async () => {
    const smtp = await startSmtpServer();
    const { delivery, holder, booked, mvpLead } = await fullSessionAndMvpLeadAlone();
    vi.resetModules();
    vi.stubEnv("SMTP_URL", smtp.url);
    try {
      const route = await import("~/routes/sessions.deliveries.$deliveryId._index");
      const joined = await route.action({
        request: await signedInPost(`/sessions/deliveries/${delivery.id}`, mvpLead.id, { intent: "join-waitlist" }),
        context: routeContext(),
        params: { deliveryId: delivery.id },
      });
      expect(await flashOf(joined as Response)).toBe(
        "Your school is on the waiting list. If a place comes free, it is held for your school for up to 48 hours and your school's teachers (or, if no teacher there has an active account, its MVP leads) are emailed.",
      );
      const { cancelBooking: cancelWithMail } = await import("~/models/bookings.server");
      await cancelWithMail(holder.user, booked.id, "Exams");
      expect(smtp.received.filter((mail) => mail.raw.includes("A place is free")).map((mail) => mail.to)).toEqual([[mvpLead.email]]);
      await (await import("~/db.server")).prisma.$disconnect();
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
