import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formErrorMap } from "~/lib/form-error-messages";
import { bookingSchema } from "~/lib/delivery-schemas";
import { mvpYears, YEAR_GROUPS } from "~/lib/mvp";
import { cohortSchema, lessonSchema } from "~/lib/mvp-schemas";
import { wholeNumber } from "~/lib/numbers";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("schema errors from values no form offers", () => {
  const schema = z.object({
    sharedDevices: z.boolean().optional(),
    templateId: z.string({ required_error: "Choose a survey" }),
    format: z.enum(["IN_PERSON", "ONLINE"]),
  });

  it("are in plain words, not zod's names for its types", () => {
    const submission = parseWithZod(
      form([
        ["sharedDevices", "yes"],
        ["templateId", "a"],
        ["templateId", "b"],
        ["format", "CARRIER_PIGEON"],
      ]),
      { schema },
    );
    expect(submission.status).toBe("error");
    const errors = submission.status === "error" ? submission.error : {};
    expect(errors).toEqual({
      sharedDevices: ["This is not an answer the form offers"],
      templateId: ["Give one answer here, not several"],
      format: ["Choose one of the options the form offers"],
    });
    expect(JSON.stringify(errors)).not.toMatch(/Expected|received|Invalid enum/);
  });

  it("say a value far over a limit given without words is too long, not zod's count of characters", () => {
    // As a school picked from a list (the lead's booking form) and the password typed again on the account page had it.
    const limited = z.object({
      schoolId: z.string().max(40),
      currentPassword: z.string().max(1000),
      name: z.string().max(20, "Name must be 20 characters or fewer"),
    });
    const submission = parseWithZod(
      form([
        ["schoolId", "x".repeat(41)],
        ["currentPassword", "x".repeat(1001)],
        ["name", "x".repeat(21)],
      ]),
      { schema: limited },
    );
    expect(submission.status === "error" ? submission.error : {}).toEqual({
      schoolId: ["This is longer than any answer the form takes"],
      currentPassword: ["This is longer than any answer the form takes"],
      name: ["Name must be 20 characters or fewer"],
    });
  });

  it("leave a schema's own messages as they are", () => {
    const submission = parseWithZod(form([["format", "ONLINE"]]), { schema });
    expect(submission.status === "error" ? submission.error : {}).toEqual({ templateId: ["Choose a survey"] });
    expect(
      formErrorMap({ code: z.ZodIssueCode.too_small, minimum: 8, inclusive: true, type: "string", path: [] }, { defaultError: "Too short", data: "" }),
    ).toEqual({
      message: "Too short",
    });
  });

  it("say what is wrong with a value sent as spaces alone, not zod's count of characters", () => {
    // As a lesson's mentor box sent as spaces (its ids are trimmed, then must not be empty): the schema's own
    // words, and the error map's where a schema has none.
    const submission = parseWithZod(
      form([
        ["mentorIds", "  "],
        ["pupilsPresent", "20"],
      ]),
      { schema: lessonSchema },
    );
    const errors = submission.status === "error" ? submission.error : {};
    expect(errors?.["mentorIds[0]"]).toEqual(["Choose one of the options the form offers"]);
    expect(JSON.stringify(errors)).not.toMatch(/character\(s\)/);
    const bare = parseWithZod(form([["schoolId", "   "]]), { schema: z.object({ schoolId: z.string().trim().min(1) }) });
    expect(bare.status === "error" ? bare.error : {}).toEqual({ schoolId: ["Answer this question"] });
  });

  it("tell a number box sent twice to give one answer, not that it is not a whole number", () => {
    const counts = z.object({ capacity: wholeNumber("number of schools", 1, 200).optional(), pupils: wholeNumber("number of pupils", 1, 60) });
    const twice = parseWithZod(
      form([
        ["capacity", "5"],
        ["capacity", "6"],
        ["pupils", "seven"],
      ]),
      { schema: counts },
    );
    expect(twice.status === "error" ? twice.error : {}).toEqual({
      capacity: ["Give one answer here, not several"],
      pupils: ["The number of pupils must be a whole number"],
    });
    const missing = parseWithZod(form([]), { schema: counts });
    expect(missing.status === "error" ? missing.error : {}).toEqual({ pupils: ["Enter the number of pupils"] });
  });

  it("refuse a checkbox list that sends one value twice, which was quietly counted once", () => {
    const errorsOf = (schema: z.ZodTypeAny, entries: [string, string][]) => {
      const submission = parseWithZod(form(entries), { schema });
      return (submission.status === "error" ? submission.error : null) ?? {};
    };
    const mentor = "cmx6k1c9k0079dl7dvbqg7bxz";
    expect(
      errorsOf(lessonSchema, [
        ["mentorIds", mentor],
        ["mentorIds", mentor],
        ["mentorIds", mentor],
      ]).mentorIds,
    ).toEqual(["Select each mentor once"]);
    expect(errorsOf(lessonSchema, [["mentorIds", mentor]]).mentorIds).toBeUndefined();
    expect(
      errorsOf(bookingSchema, [
        ["yearGroups", "8"],
        ["yearGroups", "8"],
      ]).yearGroups,
    ).toEqual(["Select each year group once"]);
    expect(
      errorsOf(bookingSchema, [
        ["yearGroups", "8"],
        ["yearGroups", "9"],
      ]).yearGroups,
    ).toBeUndefined();
    // Every year group and one again, more than there are: "Array must contain at most 7 element(s)" was shown.
    const cohort = { academicYear: String(mvpYears(new Date())[0]), trainers: "R. Hall" };
    const everyYearAndOneAgain = [...YEAR_GROUPS, 7].map((year): [string, string] => ["yearGroups", String(year)]);
    expect(errorsOf(cohortSchema, [...Object.entries(cohort), ...everyYearAndOneAgain]).yearGroups).toEqual(["Select each year group once"]);
  });

  it("say a list sent longer or shorter than a limit given without words is more or less than the form offers, not zod's count", () => {
    const lists = z.object({ boxes: z.array(z.string()).max(2), ticks: z.array(z.string()).min(1), pair: z.array(z.string()).min(2) });
    const submission = parseWithZod(
      form([
        ["boxes", "a"],
        ["boxes", "b"],
        ["boxes", "c"],
        ["ticks", ""],
        ["pair", "x"],
      ]),
      { schema: lists },
    );
    const errors = submission.status === "error" ? submission.error : {};
    expect(errors).toEqual({ boxes: ["More was sent here than the form offers"], ticks: ["Select at least one"], pair: ["Select at least 2"] });
    expect(JSON.stringify(errors)).not.toMatch(/element\(s\)/);
  });
});
