import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { deliverySchema } from "~/lib/delivery-schemas";
import { createDelivery, updateDelivery } from "~/models/delivery-changes.server";
import { createDelivery as storedDelivery, createTopic, deliveryInput, lead } from "./delivery-factories";

const NOW = new Date("2026-11-01T12:00:00Z");

async function form(topicId: string, moreDates: string) {
  const parsed = deliverySchema.safeParse({
    topicId,
    date: "2026-11-16",
    time: "10:00",
    format: "ONLINE",
    facilitatorName: "PC Sam Reed",
    facilitatorOrg: "Leicestershire Police",
    capacity: 40,
    campaign: "Operation Sceptre",
    moreDates,
  });
  return parsed;
}

describe("scheduling a campaign week at once", () => {
  it("creates the same session on every date given, at the same London time, tagged with the campaign", async () => {
    const topic = await createTopic();
    const parsed = await form(topic.id, "2026-11-17\n2026-11-18, 2026-11-19 2026-11-20");
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    const result = await createDelivery(await lead(), parsed.data, NOW);
    expect(result.ok && result.ids).toHaveLength(5);
    const deliveries = await prisma.delivery.findMany({ where: { topicId: topic.id }, orderBy: { startsAt: "asc" } });
    expect(deliveries.map((d) => d.startsAt.toISOString())).toEqual([
      "2026-11-16T10:00:00.000Z",
      "2026-11-17T10:00:00.000Z",
      "2026-11-18T10:00:00.000Z",
      "2026-11-19T10:00:00.000Z",
      "2026-11-20T10:00:00.000Z",
    ]);
    expect(new Set(deliveries.map((d) => d.campaign))).toEqual(new Set(["Operation Sceptre"]));
    expect(await prisma.auditEvent.count({ where: { entityType: "Delivery", action: "create" } })).toBe(5);
  });

  it("takes dates picked with the form's date inputs before those typed, and checks them the same way", async () => {
    const base = { ...(await form("topic", "18/11/2026")).data };
    const picked = deliverySchema.safeParse({ ...base, moreDates: "18/11/2026", anotherDate1: "2026-11-17", anotherDate3: "19/11/2026" });
    expect(picked.success && picked.data.moreDates).toEqual(["2026-11-17", "2026-11-19", "2026-11-18"]);
    expect(picked.success && "anotherDate1" in picked.data).toBe(false);
    // The repeat is reported by the field that holds it: a picked date first given in the typed box, or the
    // second of two picked the same (before, every repeat was put by the typed box, even an empty one).
    const repeated = deliverySchema.safeParse({ ...base, moreDates: "17/11/2026", anotherDate2: "2026-11-17" });
    expect(repeated.error?.issues).toEqual([
      expect.objectContaining({ path: ["moreDates"], message: "17 November 2026 is given twice: each date can only be given once" }),
    ]);
    const pickedTwice = deliverySchema.safeParse({ ...base, moreDates: "", anotherDate1: "2026-11-19", anotherDate2: "2026-11-19" });
    expect(pickedTwice.error?.issues).toEqual([
      expect.objectContaining({ path: ["anotherDate2"], message: "19 November 2026 is given twice: each date can only be given once" }),
    ]);
    const sameAsTheDate = deliverySchema.safeParse({ ...base, moreDates: "", anotherDate3: base.date });
    expect(sameAsTheDate.error?.issues[0]?.path).toEqual(["anotherDate3"]);
    const impossible = deliverySchema.safeParse({ ...base, moreDates: "", anotherDate2: "2026-02-30" });
    expect(impossible.error?.issues[0]).toMatchObject({ path: ["anotherDate2"], message: "The second other date must be a real date, like 26/11/2026" });
  });

  it("reads UK dates (day/month/year) as well as the form a date input sends", async () => {
    const parsed = await form("topic", "11/02/2027\n12.2.2027; 15 02 2027");
    expect(parsed.success && parsed.data.moreDates).toEqual(["2027-02-11", "2027-02-12", "2027-02-15"]);
    const main = deliverySchema.safeParse({ ...(await form("topic", "")).data, date: "11/02/2027", moreDates: "" });
    expect(main.success && main.data.date).toBe("2027-02-11");
  });

  it("refuses bad, repeated or too many dates with a message for the field", async () => {
    const topic = await createTopic();
    const bad = await form(topic.id, "2026-11-17\n31/02/2027");
    expect(bad.error?.issues[0]).toMatchObject({ path: ["moreDates"], message: "“31/02/2027” is not a date like 17/11/2026" });
    const shortYear = await form(topic.id, "1/2/27");
    expect(shortYear.error?.issues[0]?.message).toMatch(/year of the date 1\/2\/27 in full/);
    const sameDayTwice = await form(topic.id, "2026-11-17\n17/11/2026");
    expect(sameDayTwice.error?.issues[0]?.message).toMatch(/only be given once/);
    const repeated = await form(topic.id, "2026-11-16");
    expect(repeated.error?.issues[0]?.message).toMatch(/only be given once/);
    const tooMany = await form(topic.id, Array.from({ length: 15 }, (_, i) => `2026-12-${String(i + 1).padStart(2, "0")}`).join("\n"));
    expect(tooMany.error?.issues[0]?.message).toMatch(/at most 14/);
  });

  it("writes nothing when one of the dates is in the past", async () => {
    const topic = await createTopic();
    const parsed = await form(topic.id, "2026-11-17\n2026-10-01");
    if (!parsed.success) throw new Error("expected valid form");
    const result = await createDelivery(await lead(), parsed.data, NOW);
    expect(result).toEqual({ ok: false, field: "moreDates", message: "1 October 2026 is not in the future" });
    expect(await prisma.delivery.count({ where: { topicId: topic.id } })).toBe(0);
  });

  it("refuses an other date by the field it was picked in, naming it as people write it", async () => {
    const topic = await createTopic();
    const parsed = deliverySchema.safeParse({
      ...(await form(topic.id, "")).data,
      date: "2027-01-10",
      time: "01:30",
      anotherDate2: "2027-10-31",
      moreDates: "",
    });
    if (!parsed.success) throw new Error("expected valid form");
    expect(await createDelivery(await lead(), parsed.data, NOW)).toEqual({
      ok: false,
      field: "anotherDate2",
      message: "31 October 2027: That time comes twice in London that night (the clocks go back): choose a time outside 1am to 2am",
    });
    expect(await prisma.delivery.count({ where: { topicId: topic.id } })).toBe(0);
  });
});

describe("a session's time on the nights the clocks change", () => {
  it("refuses a time that comes twice (the clocks go back) or not at all (they go forward), by the time field, saving nothing", async () => {
    const topic = await createTopic();
    const cases = [
      ["2027-10-31", "01:30", "That time comes twice in London that night (the clocks go back): choose a time outside 1am to 2am"],
      ["2027-03-28", "01:30", "That time does not exist in London on that day (the clocks go forward)"],
    ] as const;
    for (const [date, time, message] of cases) {
      const parsed = deliverySchema.safeParse({
        topicId: topic.id,
        date,
        time,
        format: "ONLINE",
        facilitatorName: "PC Sam Reed",
        facilitatorOrg: "Leicestershire Police",
        capacity: 40,
      });
      expect(parsed.error?.issues).toBeUndefined();
      if (!parsed.success) return;
      expect(await createDelivery(await lead(), parsed.data, NOW)).toEqual({ ok: false, field: "time", message });
    }
    expect(await prisma.delivery.count({ where: { topicId: topic.id } })).toBe(0);
  });

  it("lets a session already stored in that hour be changed, keeping its own instant, but not moved to the other", async () => {
    // 01:30 in winter time, the second 01:30 of 31 October 2027: saved before times in that hour were refused.
    const second = new Date("2027-10-31T01:30:00Z");
    const session = await storedDelivery({ startsAt: second, format: "ONLINE" });
    const input = { ...deliveryInput(session, "2027-10-31", "01:30"), capacity: session.capacity + 1 };
    expect(await updateDelivery(await lead(), session.id, input, NOW)).toMatchObject({ ok: true });
    expect(await prisma.delivery.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ startsAt: second, capacity: session.capacity + 1 });
    const other = await storedDelivery({ startsAt: new Date("2027-10-31T09:00:00Z"), format: "ONLINE" });
    expect(await updateDelivery(await lead(), other.id, deliveryInput(other, "2027-10-31", "01:30"), NOW)).toMatchObject({ ok: false, field: "time" });
  });
});
