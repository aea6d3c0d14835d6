import { parseWithZod } from "@conform-to/zod";
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { DATE_WINDOWS, dateProblem, isoDateFrom } from "~/lib/date-fields";
import { formatDate, formatDateTime, UNKNOWN_DATE } from "~/lib/dates";
import { attendanceSchema, bookingSchema, deliverySchema, isPhoneNumber, topicSchema } from "~/lib/delivery-schemas";
import { counted, parseWholeNumber } from "~/lib/numbers";
import { retentionSchema } from "~/lib/mvp-schemas";
import { schoolName, schoolSchema } from "~/lib/school-form";
import { openRunSchema } from "~/lib/survey-schemas";
import { localitySchema } from "~/lib/localities";
import { multilineText, nameKey, optionalText, requiredText, withoutHiddenCharacters } from "~/lib/text-fields";
import { runState } from "~/models/survey-run-state";
import { pupilPage } from "~/models/survey-pupil.server";
import { getRun, listRuns, openRun } from "~/models/survey-runs.server";
import { createSurveyTemplate, schoolWithBooking } from "./survey-factories";

const form = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
};
const errorsOf = (schema: Parameters<typeof parseWithZod>[1]["schema"], fields: Record<string, string | string[]>) => {
  const submission = parseWithZod(form(fields), { schema });
  return submission.status === "success" ? {} : (submission.error ?? {});
};

describe("whole numbers", () => {
  it("reads decimal digits only: never hex, exponents, decimals or words", () => {
    expect(parseWholeNumber(" 16 ")).toBe(16);
    expect(parseWholeNumber("-3")).toBe(-3);
    expect(parseWholeNumber("1,200", { grouping: true })).toBe(1200);
    for (const text of ["0x10", "1e3", "12.0", "Infinity", "0b11", "0o7", "+5", "", "1,200", "١٢"]) expect(parseWholeNumber(text)).toBeNull();
  });

  it("reads thousands groups only where they are groups of three, with one separator throughout", () => {
    for (const [text, number] of [
      ["1,234", 1234],
      ["1 234", 1234],
      ["1\u00a0234", 1234],
      ["-12,345,678", -12345678],
      ["1234", 1234],
    ] as const) {
      expect(parseWholeNumber(text, { grouping: true })).toBe(number);
    }
    for (const text of [",,3,6,7,,", "12,34", "1,,234", "1,2345", "1234,567", ",123", "123,", "1,234 567", "1  234"]) {
      expect(parseWholeNumber(text, { grouping: true })).toBeNull();
    }
    expect(errorsOf(schoolSchema, { numberOnRoll: ",,3,6,7,," }).numberOnRoll).toEqual(["Number on roll must be a whole number, like 950"]);
    expect(errorsOf(schoolSchema, { numberOnRoll: "1,150" }).numberOnRoll).toBeUndefined();
  });

  // JavaScript's -0 passes every "0 or more" check and formats as "-0": the retention page said "Nothing
  // changed: the retention period was already -0 years" after "-0" was typed over 0.
  it('reads minus zero as zero, so a count typed "-0" is never shown as "-0"', () => {
    for (const text of ["-0", "-000", " -0 "]) expect(Object.is(parseWholeNumber(text), 0), text).toBe(true);
    expect(Object.is(parseWholeNumber("-0,000", { grouping: true }), 0)).toBe(true);
    const years = retentionSchema.safeParse({ years: "-0" });
    expect(years.success && counted(years.data.years, "year")).toBe("0 years");
  });

  it("refuses a number too long for JavaScript as too big, not as not a number", () => {
    expect(parseWholeNumber("9".repeat(400))).toBe(Number.MAX_VALUE);
    expect(parseWholeNumber(`-${"9".repeat(400)}`)).toBe(-Number.MAX_VALUE);
    for (const huge of ["99999999999999999999", "9".repeat(400)]) {
      expect(errorsOf(schoolSchema, { numberOnRoll: huge }).numberOnRoll).toEqual(["Number on roll must be between 1 and 5,000"]);
    }
  });

  it("refuses 0x10 and 1e3 as a capacity, an attendance count and a response limit, with the field's message", () => {
    const delivery = { topicId: "t", date: "2026-12-01", time: "10:00", format: "ONLINE", facilitatorName: "PC Shah", facilitatorOrg: "Police" };
    for (const bad of ["0x10", "1e3"]) {
      expect(errorsOf(deliverySchema, { ...delivery, capacity: bad }).capacity).toEqual(["The number of schools must be a whole number"]);
      expect(errorsOf(attendanceSchema, { year8: bad }).year8).toEqual(["The number of pupils in Year 8 must be a whole number"]);
      expect(errorsOf(openRunSchema, { templateId: "t", maxResponses: bad }).maxResponses).toEqual(["The most responses must be a whole number"]);
      expect(errorsOf(schoolSchema, { numberOnRoll: bad }).numberOnRoll).toEqual(["Number on roll must be a whole number, like 950"]);
    }
    expect(errorsOf(deliverySchema, { ...delivery, capacity: "16" }).capacity).toBeUndefined();
    expect(errorsOf(topicSchema, { title: "Knives", yearGroups: "0x9", durationMinutes: "60", formats: "ONLINE" })["yearGroups[0]"]).toEqual([
      "Select year groups from Year 7 to Year 13",
    ]);
  });
});

describe("phone numbers", () => {
  it("are one number as people write it, with an extension if it has one, and never punctuation alone or two numbers", () => {
    for (const written of [
      "0116 496 0000",
      "01164960000",
      "(0116) 496 0000",
      "+44 (0)116 496 0000",
      "0116.496.0000",
      "0116-496-0000",
      "07700 900123",
      "0116 496 0000 ext 12",
      "0116 496 0000 ext. 12",
      "0116 496 0000 extension 212",
      "0116 496 0000 x12",
    ]) {
      expect(isPhoneNumber(written), written).toBe(true);
    }
    for (const written of [
      "((((((((((",
      "----------",
      "0116 496",
      "0116 496 0000 / 07700 900123",
      "0116 496 0000 or 0116 496 0001",
      "call the office",
      "0116 496 0000 ext",
      "1234567890123456",
      "+(+)0116 496 0000",
      "0116 496 0000\next 12",
      `1${" ".repeat(30_000)}1`,
    ]) {
      expect(isPhoneNumber(written), written).toBe(false);
    }
    const fields = { yearGroups: "9", expectedPupils: "30", contactName: "A. Teacher" };
    expect(errorsOf(bookingSchema, { ...fields, contactPhone: "((((((((((" })).toEqual({
      contactPhone: ["Enter one phone number, like 0116 496 0000 or 0116 496 0000 ext 12"],
    });
    expect(errorsOf(bookingSchema, { ...fields, contactPhone: `0116 496 0000${" ".repeat(40)}x1` })).toEqual({
      contactPhone: ["Phone number must be 40 characters or fewer"],
    });
    expect(errorsOf(bookingSchema, { ...fields, contactPhone: "0116 496 0000 ext 12" })).toEqual({});
  });
});

describe("text far over its field's most", () => {
  // A value of some 125,000 characters or more, which a form's 1 MB body holds, overflowed the call stack
  // in the check for invisible characters: a 500 where the field's own message was due.
  const huge = "x".repeat(1_000_000);

  it("is refused with the field's own message, as text a little over it is", () => {
    const fields = { yearGroups: "9", expectedPupils: "30", contactPhone: "0116 496 0000" };
    expect(errorsOf(bookingSchema, { ...fields, contactName: huge })).toEqual({ contactName: ["The contact's name must be 100 characters or fewer"] });
    expect(errorsOf(schoolSchema, { name: huge, urn: "123456", localAuthority: "Leicester", type: "SECONDARY" }).name).toEqual([
      "School name must be 200 characters or fewer",
    ]);
  });

  it("is refused as quickly in any alphabet, and with letters and accents typed apart", () => {
    // Checked for Latin and Cyrillic letters in one word by one pattern over the whole text, 40,000
    // Cyrillic letters held the server for 23 seconds; a million, for hours.
    const fields = { yearGroups: "9", expectedPupils: "30", contactPhone: "0116 496 0000" };
    for (const unit of ["я", "a\u0301", "Ωя"]) {
      expect(errorsOf(bookingSchema, { ...fields, contactName: unit.repeat(500_000) })).toEqual({
        contactName: ["The contact's name must be 100 characters or fewer"],
      });
    }
  });

  it("keeps a name from a file to its visible characters, whatever its length", () => {
    expect(withoutHiddenCharacters(`${huge}\u200B!`)).toBe(`${huge}!`);
  });
});

describe("dates", () => {
  it("keeps each kind of date inside its window, with the edges included", () => {
    const now = new Date();
    for (const windowOf of Object.values(DATE_WINDOWS)) {
      const { earliest, latest } = windowOf(now);
      expect(dateProblem("date", earliest, windowOf(now))).toBeNull();
      expect(dateProblem("date", latest, windowOf(now))).toBeNull();
      expect(dateProblem("date", "9999-12-31", windowOf(now))).toMatch(/^The date must be (on or before|today or in the past)/);
      const dayBefore = new Date(Date.parse(`${earliest}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      expect(dateProblem("date", dayBefore, windowOf(now))).toMatch(/^The date must be (on or after|today or later)/);
      expect(dateProblem("date", "1800-01-01", windowOf(now))).toMatch(/^The date must be (on or after|today or later)/);
    }
    expect(dateProblem("closing date", "2026-02-30", DATE_WINDOWS.surveyClosing(now))).toBe("The closing date must be a real date, like 26/11/2026");
  });

  it("reads a date typed year first without its zeros as the day it names, and refuses one that is not a day", () => {
    // "2027-2-10" was "The date must be a real date": 10 February 2027 is one, typed without ISO's zeros.
    for (const typed of ["2027-2-10", "2027-02-10", "2027/2/10", "2027.02.10", " 2027 - 2 - 10 ", "10/2/2027"]) expect(isoDateFrom(typed)).toBe("2027-02-10");
    for (const typed of ["2027-2-30", "2027-13-1", "2027-02-10-1", "27-2-10", "2027--10"]) expect(isoDateFrom(typed)).toBeNull();
    const delivery = { topicId: "t", time: "10:00", format: "IN_SCHOOL", facilitatorName: "PC Shah", facilitatorOrg: "Police" };
    const { latest } = DATE_WINDOWS.delivery(new Date());
    const [year, month, day] = latest.split("-").map(Number);
    expect(errorsOf(deliverySchema, { ...delivery, date: `${year}-${month}-${day}` }).date).toBeUndefined();
  });

  it("refuses a survey closing on 9999-12-31 and a session on 0001-01-01 in the forms' schemas", () => {
    expect(errorsOf(openRunSchema, { templateId: "t", closesOn: "9999-12-31" }).closesOn?.[0]).toMatch(/^The closing date must be on or before /);
    const delivery = { topicId: "t", time: "10:00", format: "IN_SCHOOL", facilitatorName: "PC Shah", facilitatorOrg: "Police" };
    expect(errorsOf(deliverySchema, { ...delivery, date: "0001-01-01" }).date?.[0]).toMatch(/^The date must be on or after /);
    expect(errorsOf(deliverySchema, { ...delivery, date: DATE_WINDOWS.delivery(new Date()).latest, moreDates: "9999-12-31" }).moreDates?.[0]).toMatch(
      /^The date 9999-12-31 must be on or before /,
    );
  });

  it("formats any stored date without throwing", () => {
    expect(formatDate(new Date("9999-12-31T00:00:00Z"))).toBe("31 December 9999");
    expect(formatDate(new Date(Date.UTC(10000, 0, 1)))).toBe("1 January 10000");
    expect(formatDate(new Date(Number.NaN))).toBe(UNKNOWN_DATE);
    expect(formatDateTime("not a date")).toBe(UNKNOWN_DATE);
  });

  it("keeps the survey lists, the run's page and the pupils' page working with a closing date written straight to the database", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createSurveyTemplate();
    const opened = await openRun(teacher, { bookingId: booking.id }, { templateId: template.id, sharedDevices: false });
    if (!opened.ok) throw new Error(opened.message);
    await prisma.surveyRun.update({ where: { id: opened.id }, data: { closesOn: new Date(Date.UTC(9999, 11, 31)) } });
    expect((await listRuns(teacher, 1)).runs.map((r) => r.id)).toContain(opened.id);
    expect((await getRun(teacher, opened.id)).id).toBe(opened.id);
    const context: AppLoadContext = { cspNonce: "", clientAddress: "192.0.2.9", secureCookies: false, setCookie: () => {} };
    expect((await pupilPage({ request: new Request("http://localhost/s/X"), context, code: opened.code, thanks: false })).state).toBe("open");

    // Prisma cannot write a year past 9999; the rule reads one without failing all the same.
    expect(runState({ closedAt: null, closesOn: new Date(Date.UTC(10000, 0, 1)), maxResponses: null, responseCount: 0, beforeSessionStartsAt: null })).toEqual({
      open: true,
    });
    expect(runState({ closedAt: null, closesOn: new Date(Date.UTC(-1, 0, 1)), maxResponses: null, responseCount: 0, beforeSessionStartsAt: null })).toEqual({
      open: false,
      reason: "date",
    });
  });
});

describe("single-line text", () => {
  const title = requiredText("title", 120);
  const problem = (value: string) => {
    const result = title.safeParse(value);
    return result.success ? null : result.error.issues[0]!.message;
  };

  it("refuses a title carrying a header line: the topic never reaches an email subject", () => {
    expect(problem("A\r\nX-Injected: 1")).toBe("The title must be one line of text, without tabs or other control characters");
    expect(errorsOf(topicSchema, { title: "A\r\nX-Injected: 1", yearGroups: "9", durationMinutes: "60", formats: "ONLINE" }).title).toEqual([
      "The title must be one line of text, without tabs or other control characters",
    ]);
  });

  it("refuses every control character, direction controls and values of only invisible characters", () => {
    for (const c of ["\n", "\r", "\t", "\u0000", "\u001b", "\u007f", "\u0085", "\u009b", "\u2028"]) expect(problem(`A${c}B`)).toMatch(/one line of text/);
    for (const c of ["\u202e", "\u202a", "\u2066", "\u2069"])
      expect(problem(`A${c}B`)).toBe("The title must not contain characters that change the direction of text");
    for (const v of ["\u200b", "\ufeff\u200b", "\u2060", "\u00a0\u200d", "\u3164"]) expect(problem(v)).toBe("Enter the title");
  });

  it("refuses a value that draws nothing: marks with no letter, variation selectors, fillers, blank Braille", () => {
    // Two variation selectors; a combining grapheme joiner, a Hangul filler and a combining acute.
    for (const v of ["\ufe0f\ufe0f", "\u034f\u115f\u0301", "\u0301", "\u1160\uffa0", "\u2800", "\u180b\u200b"]) expect(problem(v)).toBe("Enter the title");
    expect(errorsOf(localitySchema, { name: "\ufe0f\ufe0f", localAuthority: "Leicester" }).name).toEqual(["Enter the locality's name"]);
    expect(multilineText("notes", 2000).safeParse("\u034f\n\u0301").success).toBe(false);
    expect(optionalText("note", 100).safeParse("\ufe0f").success).toBe(false);
  });

  it("keeps ordinary names in any script, accents, apostrophes and emoji", () => {
    for (const v of ["Ravenhurst Café", "O’Neill Academy", "Zoë Ångström", "مدرسة", "👩‍🏫 Year 9", "Knife crime: the law", "❤️", "🇬🇧", "#", "नमस्ते", "한국"]) {
      expect(problem(v)).toBeNull();
    }
  });

  it("refuses a word mixing Latin letters with Cyrillic ones, which looks like another word", () => {
    const mixed = "The title has Cyrillic and Latin letters in one word, which can look alike: type it again";
    expect(problem("C\u0435ntral Leicester")).toBe(mixed); // a Cyrillic е
    expect(errorsOf(localitySchema, { name: "C\u0435ntral Leicester", localAuthority: "Leicester" }).name).toEqual([
      mixed.replace("The title", "The locality's name"),
    ]);
    // Each word in one alphabet, a name in two is kept.
    for (const v of ["Школа 12", "Ελληνική School", "Café Zoë", "10kΩ resistor", "2πr"]) expect(problem(v)).toBeNull();
  });

  it("refuses an invisible character among visible ones, but not the joiners a script or an emoji is written with", () => {
    const invisible = "The title has an invisible character in it, such as a zero-width space: type it again";
    // A zero-width space, word joiner, soft hyphen, byte order mark, left-to-right mark, joiners beside Latin letters.
    for (const v of ["Heron\u200bdale School", "A\u2060B", "Soft\u00adhyphen", "A\ufeffB", "A\u200eB", "A\u200dB", "\u200cHerondale", "Herondale\u200d 1"]) {
      expect(problem(v)).toBe(invisible);
    }
    expect(errorsOf(schoolSchema, { name: "Heron\u200bdale School" }).name).toEqual([invisible.replace("The title", "The school's name")]);
    // Marks that draw nothing among letters: a combining grapheme joiner, variation selectors after Latin
    // letters, a Hangul filler, blank Braille.
    for (const v of ["Knife-crime\u034f awareness", "Knife-crime aware\ufe00ness", "Heron\u{e0100}dale", "A\u3164B", "A\u2800B", "A \ufe0f"]) {
      expect(problem(v)).toBe(invisible);
    }
    // Persian, Urdu, Hindi, Malayalam and Arabic with their joiners (before a letter, a space, a mark or the
    // end); emoji sequences and variants; a CJK character's variant; the flags of England and Wales.
    const kept = [
      "می\u200cخواهم",
      "نام\u200c نہاد",
      "क्\u200dष",
      "അവന്\u200d",
      "ه\u200d\u064e",
      "👩\u200d💻 Year 9",
      "👩🏽\u200d🏫",
      "❤\ufe0f",
      "1\ufe0f\u20e3",
      "葛\u{e0100}城",
      "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} England",
      "🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f} Cymru",
      "Seán Ó Briain",
      "Gŵyr",
    ];
    for (const v of kept) expect(problem(v)).toBeNull();
    // Tag characters anywhere else hide text, after a flag too; a joiner after a script's letter, before a Latin one.
    expect(problem("Hello\u{e0041}\u{e0042}")).toBe(invisible);
    expect(problem("🏴\u{e0068}\u{e0069}\u{e007f}")).toBe(invisible);
    expect(problem("م\u200da")).toBe(invisible);
    // A name saved before these checks is still compared by what it looks like.
    expect(nameKey("Knife-crime\u034f aware\ufe00ness")).toBe(nameKey("Knife-crime awareness"));
  });

  it("takes out of text no one can type again exactly the invisible characters a form refuses, and keeps the rest", () => {
    const cases = [
      ["Heron\u200bdale School", "Herondale School"],
      ["Soft\u00adhyphen\u2060", "Softhyphen"],
      ["Knife-crime\u034f aware\ufe00ness", "Knife-crime awareness"],
      ["\u200cHerondale\u200d 1", "Herondale 1"],
      ["Hello\u{e0041}\u{e0042}", "Hello"],
      ["🏴\u{e0068}\u{e0069}\u{e007f}", "🏴"],
      // Two in a row: taking the first out leaves the second beside a Latin letter, where it goes too.
      ["م\u200c\u200da", "مa"],
    ];
    for (const [typed, visible] of cases) {
      expect(problem(typed!)).not.toBeNull();
      expect(withoutHiddenCharacters(typed!)).toBe(visible);
      expect(problem(visible!)).toBeNull();
    }
    for (const kept of ["می\u200cخواهم", "👩\u200d💻 Year 9", "❤\ufe0f", "🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f} Cymru", "Seán Ó Briain"]) {
      expect(withoutHiddenCharacters(kept)).toBe(kept);
    }
    // A direction control changes what the text says: it stays, for the form to refuse the whole text.
    expect(withoutHiddenCharacters("Evil\u202Eloohcs\u200b")).toBe("Evil\u202Eloohcs");
  });

  it("stores a line of text composed, with each run of spaces of any kind as one space and full-width letters as usual ones", () => {
    expect(title.parse("Cafe\u0301  School")).toBe("Café School");
    expect(title.parse("HERONDALE\u00a0SCHOOL")).toBe("HERONDALE SCHOOL");
    expect(title.parse("\uff28erondale\u3000School\uff11")).toBe("Herondale School1");
    // Full-width punctuation is how Chinese and Japanese are written: kept.
    expect(title.parse("東京（本校）")).toBe("東京（本校）");
    // Composing can lengthen: the field's most counts the text as stored (each "क़" is stored as two).
    expect(requiredText("title", 4).safeParse("\u0958\u0958\u0958").error?.issues[0]?.message).toBe("The title must be 4 characters or fewer");
    expect(errorsOf(schoolSchema, { name: "Heron\u00a0 dale" }).name).toBeUndefined();
    expect(schoolName.parse("Heron\u00a0 dale")).toBe("Heron dale");
    // Notes keep their spaces (Markdown's line breaks are two of them) and are composed.
    expect(multilineText("notes", 2000).parse("Cafe\u0301  \nnext\u00a0line")).toBe("Café  \nnext\u00a0line");
  });

  it("lets notes keep their lines, and nothing else hidden", () => {
    const notes = multilineText("notes", 2000);
    expect(notes.safeParse("Line one\r\nLine two\n\tindented").success).toBe(true);
    expect(notes.safeParse("Bell\u0007").success).toBe(false);
    expect(notes.safeParse("A\u202eB").success).toBe(false);
    expect(notes.safeParse("\u200b").success).toBe(false);
  });
});
