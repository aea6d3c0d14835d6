/**
 * Values written in a fixed form (a survey code, a URN, a postcode, a phone number, an email address, a
 * number, a date, a time, a two-step code) arrive with invisible format characters when they are pasted
 * from a slide, a chat or a document: a zero-width space, a word joiner, a byte order mark. The person can
 * see nothing wrong, so the value is read without them rather than refused as "not the right format".
 */
import type { AppLoadContext } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { isoDateFrom } from "~/lib/date-fields";
import { attendanceSchema, bookingSchema, deliverySchema } from "~/lib/delivery-schemas";
import { parseWholeNumber } from "~/lib/numbers";
import { normalisePostcode } from "~/lib/postcodes";
import { schoolSchema } from "~/lib/school-form";
import { normaliseCode } from "~/lib/survey-code";
import { signInCodeSchema } from "~/lib/two-step-forms";
import { emailSchema, ownEmailSchema } from "~/lib/user-access";
import { requiredText } from "~/lib/text-fields";

const ZERO_WIDTH_SPACE = "\u200B";
const WORD_JOINER = "\u2060";
const BYTE_ORDER_MARK = "\uFEFF";
const SOFT_HYPHEN = "\u00AD";

/** The errors `schema` gives `fields`, by field: none when it takes them. */
const errorsOf = (schema: z.ZodTypeAny, fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const submission = parseWithZod(data, { schema });
  return submission.status === "success" ? {} : (submission.error ?? {});
};
const valueOf = (schema: z.ZodTypeAny, fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const submission = parseWithZod(data, { schema });
  if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
  return submission.value as Record<string, unknown>;
};

describe("a value in a fixed form with an invisible character pasted in", () => {
  it("is the survey code the pupil can see, at either end or in the middle", async () => {
    expect(normaliseCode(`NP8R-K8AG${ZERO_WIDTH_SPACE}`)).toBe("NP8RK8AG");
    expect(normaliseCode(`${WORD_JOINER}NP8RK8AG`)).toBe("NP8RK8AG");
    expect(normaliseCode(`${BYTE_ORDER_MARK}np8r${SOFT_HYPHEN}k8ag`)).toBe("NP8RK8AG");
    // The code box sends the pupil on to the survey, not back with "Enter the code your teacher gave you".
    const { loader } = await import("~/routes/s._index");
    const context: AppLoadContext = { cspNonce: "", clientAddress: "192.0.2.91", secureCookies: false, setCookie: () => undefined };
    const request = new Request(`http://localhost/s?code=${encodeURIComponent(`NP8R-K8AG${ZERO_WIDTH_SPACE}`)}`);
    const sent = await Promise.resolve(loader({ request, params: {}, context })).catch((thrown: unknown) => thrown);
    expect(sent instanceof Response ? [sent.status, sent.headers.get("Location")] : sent).toEqual([302, "/s/NP8RK8AG"]);
  });

  it("is the URN, postcode, phone number and email address typed", () => {
    expect(normalisePostcode(`LE1 1AA${ZERO_WIDTH_SPACE}`)).toBe("LE1 1AA");
    const school = errorsOf(schoolSchema, { urn: `987655${ZERO_WIDTH_SPACE}`, postcode: `LE1 1AA${ZERO_WIDTH_SPACE}` });
    expect([school.urn, school.postcode]).toEqual([undefined, undefined]);
    const booking = valueOf(bookingSchema, {
      yearGroups: "9",
      expectedPupils: `30${ZERO_WIDTH_SPACE}`,
      contactName: "Sam Patel",
      contactPhone: `0116 496 0000${ZERO_WIDTH_SPACE}`,
    });
    expect([booking.contactPhone, booking.expectedPupils]).toEqual(["0116 496 0000", 30]);
    for (const schema of [emailSchema, ownEmailSchema]) {
      expect(schema.safeParse(`teacher@school.org.uk${ZERO_WIDTH_SPACE}`)).toEqual({ success: true, data: "teacher@school.org.uk" });
      expect(schema.safeParse(`${BYTE_ORDER_MARK}teacher@school.org.uk`)).toEqual({ success: true, data: "teacher@school.org.uk" });
    }
  });

  it("is the number, date, time and two-step code typed", () => {
    expect(parseWholeNumber(`1${WORD_JOINER}200`, { grouping: false })).toBe(1200);
    expect(isoDateFrom(`26/11/2026${ZERO_WIDTH_SPACE}`)).toBe("2026-11-26");
    const attendance = valueOf(attendanceSchema, { tookPlace: "YES", year9: `30${ZERO_WIDTH_SPACE}` });
    expect(attendance.year9).toBe(30);
    const delivery = errorsOf(deliverySchema, { time: `09:30${ZERO_WIDTH_SPACE}` });
    expect(delivery.time).toBeUndefined();
    expect(signInCodeSchema.safeParse({ code: `123${ZERO_WIDTH_SPACE}456` }).success).toBe(true);
  });

  it("is still refused with a message saying so in a name, where it can disguise one name as another", () => {
    expect(requiredText("name", 100).safeParse(`Heron${ZERO_WIDTH_SPACE}dale`).error?.issues[0]?.message).toBe(
      "The name has an invisible character in it, such as a zero-width space: type it again",
    );
  });
});
