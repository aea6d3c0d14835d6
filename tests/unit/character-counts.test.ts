import { parseWithZod } from "@conform-to/zod";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { passwordProblem } from "~/auth/password-policy";
import { SchoolSearchField } from "~/components/forms";
import { prisma } from "~/db.server";
import { characterCount, cutToCharacters, moreCharactersThan } from "~/lib/characters";
import { readSearch, SEARCH_MAX } from "~/lib/filter-choices";
import { FEEDBACK_COMMENT_MAX, feedbackSchema, pageContentSchema } from "~/lib/guide-forms";
import { localitySchema } from "~/lib/localities";
import { mentorNameProblem } from "~/lib/mvp";
import { schoolName } from "~/lib/school-form";
import { checkAnswers, FREE_TEXT_MAX } from "~/lib/survey-answers";
import { questionSchema } from "~/lib/survey-schemas";
import { multilineText, optionalMultilineText, optionalText, plainText, requiredText } from "~/lib/text-fields";
import { personNameSchema } from "~/lib/user-access";
import { giveFeedback, listFeedback } from "~/models/guide-feedback.server";
import { createUser } from "./factories";
import { createGuideSection, createLead, createPublishedPage } from "./guide-fixtures";

/** A form as a browser sends it; a text area's line breaks as CR LF, as every browser sends them. */
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};
const errorsOf = (schema: Parameters<typeof parseWithZod>[1]["schema"], fields: Record<string, string>) => {
  const submission = parseWithZod(form(fields), { schema });
  return submission.status === "success" ? {} : (submission.error ?? {});
};
const firstMessage = (schema: z.ZodTypeAny, value: string) => schema.safeParse(value).error?.issues[0]?.message;

const EMOJI = "😀"; // one character, two UTF-16 code units
const FAMILY_LETTER = "𠀀"; // a CJK letter outside the Basic Multilingual Plane: a letter, two code units

describe("counting characters", () => {
  it("counts an emoji or a letter outside the Basic Multilingual Plane as one, and a line break as one however it is sent", () => {
    expect(characterCount(EMOJI.repeat(600))).toBe(600);
    expect(characterCount(`a${FAMILY_LETTER}b`)).toBe(3);
    expect(characterCount("one\r\ntwo\nthree")).toBe(13);
    expect(characterCount("e\u0301")).toBe(2); // stored composed, as one (decision 0162)
    expect(characterCount("\ud800x")).toBe(2); // half a pair, as a form may send it, is one
    expect(moreCharactersThan(EMOJI.repeat(1000), 1000)).toBe(false);
    expect(moreCharactersThan(EMOJI.repeat(1001), 1000)).toBe(true);
    expect(moreCharactersThan("x".repeat(1_000_000), 1000)).toBe(true);
    expect(cutToCharacters(`ab${EMOJI}${EMOJI}`, 3)).toBe(`ab${EMOJI}`);
    expect(cutToCharacters("ab", 3)).toBe("ab");
  });
});

describe("a field's most, in characters as a person counts them", () => {
  it("takes a guide comment of 600 emoji, which the hint says is well within 1,000 characters, and refuses 1,001", async () => {
    expect(errorsOf(feedbackSchema, { helpful: "yes", comment: EMOJI.repeat(600) })).toEqual({});
    expect(errorsOf(feedbackSchema, { helpful: "yes", comment: EMOJI.repeat(FEEDBACK_COMMENT_MAX) })).toEqual({});
    expect(errorsOf(feedbackSchema, { helpful: "yes", comment: EMOJI.repeat(FEEDBACK_COMMENT_MAX + 1) })).toEqual({
      comment: ["Your comment must be 1000 characters or fewer"],
    });

    // Kept as sent, and read back by the lead.
    const lead = await createLead();
    const pageId = await createPublishedPage(lead, await createGuideSection(lead));
    const submission = parseWithZod(form({ helpful: "yes", comment: EMOJI.repeat(600) }), { schema: feedbackSchema });
    if (submission.status !== "success") throw new Error("The comment was refused");
    expect(await giveFeedback(await createUser({ role: "TEACHER" }), pageId, submission.value, "192.0.2.1")).toEqual({ ok: true });
    expect((await listFeedback(lead, pageId))?.entries.map((entry) => entry.comment)).toEqual([EMOJI.repeat(600)]);
    expect(await prisma.pageFeedback.count({ where: { pageId } })).toBe(1);
  });

  it("counts a line break as one, so the most a browser let through (its text area's value has LF) is not over it as sent (CR LF)", () => {
    // Ten lines of 99 characters and the nine line breaks between them: 999 characters, 1,008 code units as sent.
    const lines = Array.from({ length: 10 }, () => "x".repeat(99)).join("\r\n");
    expect([lines.length, characterCount(lines)]).toEqual([1008, 999]);
    const comment = `${lines}y`;
    expect(errorsOf(feedbackSchema, { helpful: "no", comment })).toEqual({});
    expect(errorsOf(feedbackSchema, { helpful: "no", comment: `${comment}y` })).toEqual({ comment: ["Your comment must be 1000 characters or fewer"] });
  });

  it("gives every text field the limit its message states, on the shared helpers and on schemas with messages of their own", () => {
    const fields: [z.ZodTypeAny, number, string][] = [
      [requiredText("contact's name", 100), 100, "The contact's name must be 100 characters or fewer"],
      [optionalText("help text", 300), 300, "The help text must be 300 characters or fewer"],
      [multilineText("notes", 1000), 1000, "The notes must be 1000 characters or fewer"],
      [optionalMultilineText("access and SEND needs", 1000), 1000, "The access and SEND needs must be 1000 characters or fewer"],
      [schoolName, 200, "School name must be 200 characters or fewer"],
      [personNameSchema, 100, "Name must be 100 characters or fewer"],
      [localitySchema.shape.name, 100, "Locality name must be 100 characters or fewer"],
      [pageContentSchema.shape.title, 120, "The title must be 120 characters or fewer"],
      [pageContentSchema.shape.summary, 300, "The summary must be 300 characters or fewer"],
    ];
    for (const [schema, most, message] of fields) {
      // Letters, so that no field's own rule about what a name may hold refuses them.
      expect(schema.safeParse(`A${FAMILY_LETTER.repeat(most - 1)}`).success, message).toBe(true);
      expect(firstMessage(schema, `A${FAMILY_LETTER.repeat(most)}`), message).toBe(message);
      expect(firstMessage(schema, `A${"x".repeat(most)}`), message).toBe(message);
    }
  });

  it("counts a field's least in characters too, and leaves a message it does not give to the form's error map", () => {
    expect(firstMessage(pageContentSchema.shape.title, "😀😀")).toBe("The title must be 3 characters or more");
    expect(pageContentSchema.shape.title.safeParse("😀😀😀").success).toBe(true);
    expect(firstMessage(pageContentSchema.shape.summary, EMOJI.repeat(9))).toBe("The summary must be 10 characters or more");
    // The audit log's filter: its most has no message of its own (the form's components load the error map).
    const action = plainText(z.string().trim().max(50), "action");
    expect(action.safeParse(EMOJI.repeat(50)).success).toBe(true);
    expect(errorsOf(z.object({ what: action }), { what: "x".repeat(51) })).toEqual({ what: ["This is longer than any answer the form takes"] });
  });

  it("stops a field's own later checks at a length it refuses: a page's body over its most is a 400 by the field, not a 500", () => {
    // The body's nesting check reads the text line by line; it ran on what a refused length left, which is no text.
    const body = pageContentSchema.shape.body;
    expect(() => body.safeParse("x".repeat(50_001))).not.toThrow();
    expect(body.safeParse("x".repeat(50_001)).error?.issues.map((issue) => issue.message)).toEqual([expect.stringMatching(/50,?000 characters or fewer/)]);
    const short = plainText(z.string().min(3, "Too short"), "word").refine((text) => text.split("").length > 0, "Never asked");
    expect(short.safeParse("ab").error?.issues.map((issue) => issue.message)).toEqual(["Too short"]);
  });

  it("tells text over its most only that, without reading it for anything else", () => {
    const name = requiredText("contact's name", 100);
    expect(name.safeParse(`\u0000${"x".repeat(100)}`).error?.issues.map((issue) => issue.message)).toEqual([
      "The contact's name must be 100 characters or fewer",
    ]);
    expect(name.safeParse("\u0000x").error?.issues.map((issue) => issue.message)).toEqual([
      "The contact's name must be one line of text, without tabs or other control characters",
    ]);
  });

  it("gives a pupil's written answer, a survey's choice, a mentor's name, a search and a password their limits in characters", () => {
    const written = {
      id: "w",
      type: "FREE_TEXT",
      prompt: "Anything else?",
      helpText: "",
      required: true,
      options: [],
      freeTextEnabled: true,
      lastChoiceExclusive: false,
    };
    expect(checkAnswers([written], { w: [EMOJI.repeat(FREE_TEXT_MAX)] })).toMatchObject({ ok: true });
    expect(checkAnswers([written], { w: [EMOJI.repeat(FREE_TEXT_MAX + 1)] })).toEqual({
      ok: false,
      errors: { w: "Your answer to question 1 must be 500 characters or fewer" },
    });

    const choices = (choice: string) => questionSchema.safeParse({ type: "SINGLE_CHOICE", prompt: "Which?", options: `${choice}\nNo` });
    expect(choices(FAMILY_LETTER.repeat(120)).success).toBe(true);
    expect(choices(FAMILY_LETTER.repeat(121)).error?.issues.map((issue) => issue.message)).toContain("Each choice must be 120 characters or fewer");

    expect(mentorNameProblem(FAMILY_LETTER.repeat(30))).toBeNull();
    expect(mentorNameProblem(FAMILY_LETTER.repeat(31))).toBe("Name must be 30 characters or fewer");

    const tooLong = "Enter a name or URN of 100 characters or fewer";
    expect(readSearch(new URLSearchParams({ q: FAMILY_LETTER.repeat(SEARCH_MAX) }), { tooLong })).toEqual({
      search: FAMILY_LETTER.repeat(SEARCH_MAX),
      problem: null,
    });
    expect(readSearch(new URLSearchParams({ q: FAMILY_LETTER.repeat(SEARCH_MAX + 1) }), { tooLong }).problem).toBe(tooLong);

    // Five emoji are ten code units but five characters: too short, as NIST SP 800-63B counts.
    expect(passwordProblem("😀🎉🌈🚲🍎")).toBe("Password must be at least 10 characters");
    expect(passwordProblem("😀🎉🌈🚲🍎🐝🌻🎈🧩🦊")).toBeNull();
    expect(passwordProblem(`${"😀🎉🌈🚲🍎🐝🌻🎈".repeat(16)}`)).toBeNull();
    expect(passwordProblem(`${"😀🎉🌈🚲🍎🐝🌻🎈".repeat(16)}x`)).toBe("Password must be 128 characters or fewer");
  });

  it("never lets a search box stop someone typing emoji below the limit the server holds it to", () => {
    const html = renderToStaticMarkup(SchoolSearchField({ id: "q", label: "Search", value: "" }));
    const maxLength = Number(/maxLength="(\d+)"/i.exec(html)?.[1]);
    expect(maxLength).toBeGreaterThanOrEqual(EMOJI.repeat(SEARCH_MAX).length);
  });
});
