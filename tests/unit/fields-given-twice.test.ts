import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { scheduleViewFrom } from "~/lib/delivery-schemas";
import { onlyValue } from "~/lib/filter-choices";
import { pickAcademicYear } from "~/lib/mvp";
import { schoolTableOrderOffered } from "~/models/reach-rules";
import { pageFrom } from "~/lib/pagination";
import { parseWithZod } from "@conform-to/zod";
import { trainingGridSchema } from "~/lib/mvp-schemas";
import { createSession } from "~/auth/session.server";
import { createGuideSection, createLead, createPublishedPage, editAndPublish } from "./guide-fixtures";
import { schoolWithBooking } from "./survey-factories";

/**
 * A form or link sends each of these fields once. An address giving one twice with different values is an
 * edited link: the first of the two used to be taken quietly. Each reader now uses neither.
 */
const query = (text: string) => new URLSearchParams(text);
// A fresh context for each request, as the server gives: the signed-in person is kept on it.
const loaderArgs = (path: string, headers: HeadersInit = {}) => {
  const context: AppLoadContext = { cspNonce: "", clientAddress: "192.0.2.90", secureCookies: false, setCookie: () => undefined };
  return { request: new Request(`http://localhost${path}`, { headers }), params: {}, context };
};
const signedIn = async (userId: string) => ({ Cookie: `vrn_session=${(await createSession(userId)).token}` });

describe("a field given twice in an address", () => {
  it("is one value when both are the same, and none when they differ", () => {
    expect(onlyValue(query("q=knife&q=knife"), "q")).toBe("knife");
    expect(onlyValue(query("q=knife&q=%20knife%20"), "q")).toBe("knife");
    expect(onlyValue(query("q=knife&q="), "q")).toBe("knife");
    expect(onlyValue(query("q=knife&q=gangs"), "q")).toBeNull();
    expect(onlyValue(query(""), "q")).toBe("");
  });

  it("orders the reach school table by a sort given twice the same, and refuses two different ones", () => {
    expect(schoolTableOrderOffered(query("sort=name&sort=name&dir=asc&dir=%20asc"))).toBe(true);
    expect(schoolTableOrderOffered(query("sort=name&sort=pupils"))).toBe(false);
    expect(schoolTableOrderOffered(query("dir=asc&dir=desc"))).toBe(false);
  });

  it("starts a new MVP record from a year given twice the same, and from no year when they differ", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(pickAcademicYear(query("year=2025&year=%202025"), now)).toBe(2025);
    expect(pickAcademicYear(query("year=2025&year=2024"), now)).toBeNull();
  });

  it("shows the first page of a list, not the first of two page numbers", () => {
    expect(pageFrom(query("page=3&page=3"))).toBe(3);
    expect(pageFrom(query("page=3&page=7"))).toBe(1);
  });

  it("on the schedule, gives upcoming sessions and marks no session as new", () => {
    const ids = "e2e0000000000000001";
    expect(scheduleViewFrom(query(`when=past&when=upcoming&new=${ids}&new=e2e0000000000000002`))).toMatchObject({ when: "upcoming", newIds: [] });
    expect(scheduleViewFrom(query(`when=past&new=${ids}&new=${ids}`))).toMatchObject({ when: "past", newIds: [ids] });
  });

  it("is refused by the guide's search, which says by its box to give one search", async () => {
    const { loader } = await import("~/routes/guide.search");
    const refused = (await loader(loaderArgs("/guide/search?q=knife&q=gangs"))) as unknown as { init: ResponseInit; data: { error: string; query: string } };
    expect([refused.init.status, refused.data.error, refused.data.query]).toEqual([400, "Enter one search, not two", ""]);
  });

  it("is refused by the pupils' code box, which asks for one code and sends them nowhere", async () => {
    const { loader } = await import("~/routes/s._index");
    const refused = (await loader(loaderArgs("/s?code=KM7P4XQD&code=AB12CD34"))) as unknown as { init: ResponseInit; data: { error: string } };
    expect([refused.init.status, refused.data.error]).toEqual([400, "Enter one survey code, like KM7P-4XQD"]);
    // The same code twice is one code, and goes to its page.
    const same = await Promise.resolve(loader(loaderArgs("/s?code=KM7P-4XQD&code=km7p4xqd"))).catch((thrown: unknown) => thrown);
    expect(same instanceof Response ? [same.status, same.headers.get("Location")] : same).toEqual([302, "/s/KM7P4XQD"]);
  });

  it("is refused when opening a survey names two bookings, and two phases choose neither", async () => {
    const { loader } = await import("~/routes/surveys.new");
    // A session in three days: a survey for after it could not be opened yet, and the page would say when.
    const first = await schoolWithBooking({ startsAt: new Date(Date.now() + 3 * 24 * 60 * 60 * 1000) });
    const other = await schoolWithBooking();
    const headers = await signedIn(first.teacher.id);
    const sent = await Promise.resolve(loader(loaderArgs(`/surveys/new?bookingId=${first.booking.id}&bookingId=${other.booking.id}`, headers))).catch(
      (thrown: unknown) => thrown,
    );
    expect(sent instanceof Response ? [sent.status, (await sent.json()).message] : sent).toEqual([400, expect.stringContaining("more than one booking")]);
    // The booking named twice is one booking; two phases choose neither.
    const opened = await loader(loaderArgs(`/surveys/new?bookingId=${first.booking.id}&bookingId=${first.booking.id}&phase=AFTER&phase=BEFORE`, headers));
    expect([opened.back, opened.beforeClosed, opened.afterOpensAt]).toEqual([`/bookings/${first.booking.id}`, false, null]);
  });

  it("leaves unchosen a school to invite someone from, named twice", async () => {
    const lead = await createLead();
    const { loader } = await import("~/routes/admin.users.invite");
    const headers = await signedIn(lead.id);
    const [one, two] = [(await schoolWithBooking()).school.id, (await schoolWithBooking()).school.id];
    expect((await loader(loaderArgs(`/admin/users/invite?schoolId=${one}`, headers))).schoolId).toBe(one);
    expect((await loader(loaderArgs(`/admin/users/invite?schoolId=${one}&schoolId=${two}`, headers))).schoolId).toBe("");
  });

  it("on the guide's comparison of versions, leaves a version given twice unchosen, and the picker asks for one", async () => {
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead, "Twice"));
    await editAndPublish(lead, pageId, { summary: "Changed once." });
    await editAndPublish(lead, pageId, { summary: "Changed twice." });
    const { loader } = await import("~/routes/admin.guide.pages.$pageId.compare");
    const headers = await signedIn(lead.id);
    const compare = async (query: string) => {
      const args = { ...loaderArgs(`/admin/guide/pages/${pageId}/compare?${query}`, headers), params: { pageId } };
      return (await loader(args)) as unknown as { init?: ResponseInit; data?: { errors: Record<string, string> }; comparison?: unknown };
    };
    const refused = await compare("from=1&from=2&to=3");
    expect([refused.init?.status, refused.data?.errors]).toEqual([400, { from: "Choose the version to compare" }]);
    expect((await compare("from=1&from=1&to=3")).comparison).toBeTruthy();
  });
});

describe("the training grid sent with a box, mentor or module twice", () => {
  const grid = (pairs: [string, string][]) => {
    const form = new FormData();
    for (const [name, value] of pairs) form.append(name, value);
    return parseWithZod(form, { schema: trainingGridSchema }).status;
  };

  it("is not read, so a hand-made form's repeat is never saved as one tick", () => {
    expect(
      grid([
        ["mentor", "m1"],
        ["module", "c1"],
        ["done", "m1:c1"],
      ]),
    ).toBe("success");
    expect(
      grid([
        ["mentor", "m1"],
        ["module", "c1"],
        ["done", "m1:c1"],
        ["done", "m1:c1"],
      ]),
    ).toBe("error");
    expect(
      grid([
        ["mentor", "m1"],
        ["mentor", "m1"],
        ["module", "c1"],
      ]),
    ).toBe("error");
    expect(
      grid([
        ["mentor", "m1"],
        ["module", "c1"],
        ["module", "c1"],
      ]),
    ).toBe("error");
  });
});
