import { describe, expect, it } from "vitest";
import { topicComparison } from "~/models/survey-results.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, repeat, school, surveyRun, surveyTemplate, topic } from "./reach-factories";

const YEAR = 2025;

describe("the lead's before and after for a topic", () => {
  it("counts the bookings whose surveys are in one column only, so the page can say the columns are not the same schools", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const area = await locality("Gamma");
    const [paired, beforeOnly, tooFewAfter] = [await school(area.id, 300), await school(area.id, 300), await school(area.id, 300)];
    const knife = await topic("Knife crime");
    const session = await deliveryAt(knife.id, "2025-10-14", "10:00");
    const [before, after] = [await surveyTemplate("BEFORE"), await surveyTemplate("AFTER")];
    const agree = repeat(10, { law: 4, "knife-safer": 2 });
    for (const place of [paired, beforeOnly, tooFewAfter]) {
      const placeBooking = await booking(session.id, place.id, "DELIVERED", { 9: 30 });
      await surveyRun(before, place.id, YEAR, agree, placeBooking.id);
      // An after survey shown on its own (10 counted), one with too few to show, or none.
      if (place === paired) await surveyRun(after, place.id, YEAR, agree, placeBooking.id);
      if (place === tooFewAfter) await surveyRun(after, place.id, YEAR, repeat(6, { law: 5 }), placeBooking.id);
    }
    const result = await topicComparison(lead, knife.id, YEAR);
    expect(result.bookings).toBe(3);
    expect(result.oneSided).toBe(2);
    expect(result.comparison).toMatchObject({ beforeResponses: 30, afterResponses: 10, runsLeftOut: 1 });
  });
});
