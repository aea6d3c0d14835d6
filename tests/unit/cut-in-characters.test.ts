/**
 * Text someone gave (an uploaded file's name, a message quoting a name, a survey code typed, a date typed, a
 * word searched for) is cut to its most in characters as decision 0183 counts them, code points, never
 * through one: an emoji on the cut is kept whole or left out, not halved into a lone surrogate.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { cutInTheMiddle, lastCharacters } from "~/lib/characters";
import { deliverySchema } from "~/lib/delivery-schemas";
import { FLASH_MESSAGE_LENGTH, readFlash, redirectWithMessage } from "~/lib/flash.server";
import { recordAudit } from "~/models/audit.server";
import { stageImport } from "~/models/gias-import.server";
import { toSearchTerms } from "~/models/guide-search.server";
import { createUser } from "./factories";
import { routeContext } from "./support/route";

const fixture = fs.readFileSync("tests/fixtures/gias-llr-sample.csv");
const EMOJI = "😀"; // one character, two UTF-16 code units
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The one-off message and link a redirect carries, as the page it lands on reads them. */
async function flashOf(message: Parameters<typeof redirectWithMessage>[1]) {
  const response = await redirectWithMessage("/", message);
  const cookie = response.headers.get("Set-Cookie")!.split(";")[0]!;
  return readFlash(new Request("http://localhost/", { headers: { Cookie: cookie } }), routeContext());
}

describe("cutting text in characters", () => {
  it("takes the last characters, and a long text's start and end, never half of one", () => {
    expect(lastCharacters(`ab${EMOJI}${EMOJI}`, 3)).toBe(`b${EMOJI}${EMOJI}`);
    expect(lastCharacters("a\r\nb", 2)).toBe("\r\nb");
    expect(lastCharacters("ab", 3)).toBe("ab");
    expect(cutInTheMiddle(EMOJI.repeat(10), 10, 3)).toBe(EMOJI.repeat(10));
    expect(cutInTheMiddle(EMOJI.repeat(11), 10, 3)).toBe(`${EMOJI.repeat(6)}…${EMOJI.repeat(3)}`);
  });

  it("keeps an uploaded GIAS file's name to 200 characters, an emoji on either cut whole", async () => {
    const actor = await createUser();
    const fileNameAsStored = async (fileName: string) => {
      const staged = await stageImport(actor, { fileName, bytes: fixture, options: { includeClosed: false, includeOtherPhases: false } });
      if (!staged.ok) throw new Error(staged.message);
      return (await prisma.schoolImport.findUniqueOrThrow({ where: { id: staged.importId } })).fileName;
    };
    // 189 letters, then emoji across the first cut at 190 and the ending's cut 9 from the end.
    const long = `${"a".repeat(189)}${EMOJI.repeat(20)}.csv`;
    expect(await fileNameAsStored(long)).toBe(`${"a".repeat(189)}${EMOJI}…${EMOJI.repeat(5)}.csv`);
    // 154 characters, though 304 code units: within 200, so kept whole.
    const emoji = `${EMOJI.repeat(150)}.csv`;
    expect(await fileNameAsStored(emoji)).toBe(emoji);
  });

  it("cuts a one-off message, and its link's words, in characters, and keeps a message of 300 emoji whole", async () => {
    const short = `Saved ${EMOJI.repeat(300)}`;
    expect((await flashOf(short))?.message).toBe(short);
    const long = `${EMOJI.repeat(300)}. ${EMOJI.repeat(300)}.`;
    expect((await flashOf(long))?.message).toBe(`${EMOJI.repeat(300)}.…`);
    const letters = `${"a".repeat(FLASH_MESSAGE_LENGTH - 2)} ${EMOJI.repeat(5)}`;
    expect((await flashOf(letters))?.message).toBe(`${"a".repeat(FLASH_MESSAGE_LENGTH - 2)}…`);
    const link = await flashOf({ message: "Done", link: { to: "/schools", text: `${"b".repeat(99)}${EMOJI.repeat(3)}` } });
    expect(link?.link?.text).toBe(`${"b".repeat(99)}${EMOJI}`);
  });

  it("keeps an audit entry's summary to 500 characters, an emoji on the cut whole", async () => {
    const entry = await recordAudit({ actor: null, action: "update", entityType: "School", summary: `${"a".repeat(499)}${EMOJI.repeat(3)}` });
    const stored = await prisma.auditEvent.findUniqueOrThrow({ where: { id: entry.id } });
    expect(stored.summary).toBe(`${"a".repeat(499)}${EMOJI}`);
  });

  it("shows back a survey code typed as at most 40 characters, an emoji on the cut whole", async () => {
    const { loader } = await import("~/routes/s._index");
    const typed = `${"A".repeat(39)}${EMOJI.repeat(3)}`;
    const response = (await loader({ request: new Request(`http://localhost/s?code=${encodeURIComponent(typed)}`), context: routeContext(), params: {} })) as {
      data: { typed: string };
    };
    expect(response.data.typed).toBe(`${"A".repeat(39)}${EMOJI}`);
  });

  it("quotes at most 20 characters of a date typed that is not one, an emoji on the cut whole", () => {
    const parsed = deliverySchema.safeParse({
      topicId: "topic",
      date: "2026-11-16",
      time: "10:00",
      format: "ONLINE",
      facilitatorName: "PC Sam Reed",
      facilitatorOrg: "Leicestershire Police",
      capacity: 40,
      moreDates: `1${EMOJI.repeat(25)}`,
    });
    const message = parsed.error?.issues.find((issue) => issue.path[0] === "moreDates")?.message;
    expect(message).toBe(`“1${EMOJI.repeat(19)}” is not a date like 17/11/2026`);
  });

  it("cuts a word searched for to 40 characters, and matches a word of two such letters whole, not as a prefix", () => {
    const letter = "𠀀"; // a CJK letter outside the Basic Multilingual Plane, which NFKC keeps: one character, two code units
    const [term] = toSearchTerms(`a${letter.repeat(45)}`);
    expect(term?.words[0]).toBe(`a${letter.repeat(39)}`);
    expect(term?.words[0]).not.toMatch(loneSurrogate);
    expect(toSearchTerms(letter.repeat(2))).toEqual([{ words: [letter.repeat(2)], prefix: false }]);
  });
});
