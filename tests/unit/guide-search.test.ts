import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { deletePage, saveDraft, withdrawPage } from "~/models/guide-editor.server";
import { restoreVersion } from "~/models/guide-history.server";
import fc from "fast-check";
import { markedFragment, rebuildSearchIndex, searchGuide, toSearchTerms } from "~/models/guide-search.server";
import { createPage, publishDraft } from "~/models/guide-editor.server";
import { content, createGuideSection, createLead, createPublishedPage, editAndPublish } from "./guide-fixtures";

const titles = (results: { titleHtml: string }[]) => results.map((r) => r.titleHtml.replace(/<\/?mark>/g, ""));

describe("searching the published guide", () => {
  let lead: Awaited<ReturnType<typeof createLead>>;
  let sectionId: string;

  beforeAll(async () => {
    lead = await createLead();
    sectionId = await createGuideSection(lead, "Search tests");
    await createPublishedPage(lead, sectionId, {
      title: "Working with partners",
      summary: "Who else can help a school.",
      body: "Many agencies help schools. Occasionally a lanyard is mentioned here, once, among many other words about partnership work.",
    });
    await createPublishedPage(lead, sectionId, {
      title: "Lanyard checks at the gate",
      summary: "How visitors are checked.",
      body: "Visitors sign in at reception and wear a visitor badge.",
    });
  });

  it("ranks a page whose title matches above one that mentions the word once in its body", async () => {
    const { results, total } = await searchGuide("lanyard");
    expect(total).toBe(2);
    expect(titles(results)).toEqual(["Lanyard checks at the gate", "Working with partners"]);
  });

  it("highlights the matching words and escapes everything else", async () => {
    const { results } = await searchGuide("lanyard");
    expect(results[0]?.titleHtml).toBe("<mark>Lanyard</mark> checks at the gate");
    expect(results[1]?.excerptHtml).toContain("<mark>lanyard</mark>");
    expect(results[0]?.href).toMatch(/^\/guide\/section-[\w-]+\/page-\d+$/);
    expect(markedFragment("<b>\u0002x\u0003</b>")).toBe("&lt;b&gt;<mark>x</mark>&lt;/b&gt;");
  });

  it("finds words by their stem", async () => {
    expect(titles((await searchGuide("checking")).results)).toContain("Lanyard checks at the gate");
  });

  it("never finds drafts, only what readers can see", async () => {
    const created = await createPage(lead, { ...content({ title: "Zeppelin draft only", body: "zeppelin" }), sectionId });
    if (!created.ok) throw new Error(created.message);
    expect((await searchGuide("zeppelin")).total).toBe(0);

    const pageId = await createPublishedPage(lead, sectionId, { title: "Quokka facts", body: "Published words." });
    await saveDraft(lead, pageId, content({ title: "Quokka facts", body: "A draft about a wombat." }));
    expect((await searchGuide("wombat")).total).toBe(0);
    expect((await searchGuide("quokka")).total).toBe(1);
  });

  it("keeps in step with publishing, restoring, withdrawing and deleting", async () => {
    const pageId = await createPublishedPage(lead, sectionId, { title: "Ocelot guidance", body: "About ocelots." });
    await editAndPublish(lead, pageId, { title: "Marmoset guidance", body: "About marmosets." });
    expect((await searchGuide("ocelot")).total).toBe(0);
    expect((await searchGuide("marmoset")).total).toBe(1);

    await restoreVersion(lead, pageId, 1);
    expect((await searchGuide("ocelot")).total).toBe(0);
    const published = await publishDraft(lead, pageId);
    expect(published.ok).toBe(true);
    expect((await searchGuide("ocelot")).total).toBe(1);
    expect((await searchGuide("marmoset")).total).toBe(0);

    await withdrawPage(lead, pageId);
    expect((await searchGuide("ocelot")).total).toBe(0);

    const draftOnly = await createPage(lead, { ...content({ title: "Narwhal" }), sectionId });
    if (!draftOnly.ok) throw new Error(draftOnly.message);
    await prisma.$executeRaw`INSERT INTO "GuideSearch" ("pageId", "title", "summary", "body") VALUES (${draftOnly.pageId}, 'Narwhal', '', '')`;
    await deletePage(lead, draftOnly.pageId);
    expect((await searchGuide("narwhal")).total).toBe(0);
  });

  it("can be rebuilt from the published pages", async () => {
    await prisma.$executeRaw`DELETE FROM "GuideSearch"`;
    expect((await searchGuide("lanyard")).total).toBe(0);
    await rebuildSearchIndex();
    expect((await searchGuide("lanyard")).total).toBe(2);
  });

  const HOSTILE_QUERIES = [
    '"',
    '""',
    '"unbalanced',
    "*",
    "lanyard*",
    "*lanyard",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "lanyard AND",
    "OR lanyard",
    "NEAR(lanyard gate)",
    "NEAR(lanyard, 2)",
    "(",
    ")",
    "(lanyard",
    "lanyard)",
    "title:lanyard",
    "-lanyard",
    "+lanyard",
    "^lanyard",
    "lanyard:",
    "{title}: lanyard",
    "'; DROP TABLE GuidePage; --",
    "\u0000",
    "\u0002x\u0003",
    "%",
    "_",
    "\\",
    "a".repeat(500),
    "lanyard ".repeat(100),
    "😀",
    "😀 lanyard 🧑🏽‍🏫",
    "ﬁ",
    "lanyard & gate | !visitor",
    "lanyard:* <-> gate",
    "'lanyard'",
    "lanyard\\ gate",
    "&|!:*()",
    "lanyard <2> gate",
    "中文 lanyard",
    "é".repeat(3000),
    "   ",
    "",
  ];

  it("turns anything typed into quoted words, so no query can fail", async () => {
    const written = (input: string) => toSearchTerms(input).map((term) => `${term.words.join(" ")}${term.prefix ? "*" : ""}`);
    expect(written('NEAR("knife" OR crime*)')).toEqual(["knife", "near*", "crime*"]);
    expect(written("knife-crime")).toEqual(["knife*", "crime*"]);
    expect(written("What should I do if a pupil brings a knife?")).toEqual(["pupil*", "brings*", "knife*"]);
    expect(written("who is it")).toEqual(["who*", "is", "it"]);
    expect(written('"a pupil with a knife" at the "gate')).toEqual(["a pupil with a knife", "gate*"]);
    expect(written('*()"')).toEqual([]);
    expect(written('""')).toEqual([]);
    for (const query of HOSTILE_QUERIES) {
      const { results, total } = await searchGuide(query);
      expect(Array.isArray(results)).toBe(true);
      expect(total).toBeGreaterThanOrEqual(0);
    }
    expect((await searchGuide("lanyard*")).total).toBe(2);
    expect((await searchGuide("'; DROP TABLE GuidePage; --")).total).toBe(0);
    expect(await prisma.guidePage.count()).toBeGreaterThan(0);
  });

  it("answers any string at all, and every highlight is escaped text with only <mark> added", async () => {
    const odd = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.fullUnicodeString({ maxLength: 60 }),
      fc
        .array(fc.constantFrom(...HOSTILE_QUERIES, "lanyard", "gate", "AND", "NEAR/2", '"', "*", "^", ":", "-"), { maxLength: 8 })
        .map((parts) => parts.join(" ")),
    );
    await fc.assert(
      fc.asyncProperty(odd, async (query) => {
        const { results, total } = await searchGuide(query);
        expect(total).toBeGreaterThanOrEqual(results.length);
        for (const result of results) expect(result.titleHtml.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
      }),
      { numRuns: 150 },
    );
    expect((await searchGuide("x".repeat(10_000))).total).toBe(0);
    expect((await searchGuide("lanyard ".repeat(1_300))).total).toBe(2);
  });
});

describe("searching the way readers type", () => {
  beforeAll(async () => {
    const lead = await createLead();
    const sectionId = await createGuideSection(lead, "Questions");
    await createPublishedPage(lead, sectionId, {
      title: "When a pupil brings a knife into school",
      summary: "What staff do in the first minutes.",
      body: "Stay calm, keep others away and call the police on 999 if anyone is in danger.",
    });
    await createPublishedPage(lead, sectionId, {
      title: "Pupil voice",
      summary: "Asking pupils what they think.",
      body: "Surveys and school councils help pupils shape the curriculum.",
    });
  });

  it("finds words from their first letters, highlighted", async () => {
    const { results } = await searchGuide("knif");
    expect(titles(results)).toEqual(["When a pupil brings a knife into school"]);
    expect(results[0]?.titleHtml).toBe("When a pupil brings a <mark>knife</mark> into school");
  });

  it("finds words in quotes as a phrase, together and in that order", async () => {
    expect(titles((await searchGuide('"brings a knife"')).results)).toEqual(["When a pupil brings a knife into school"]);
    expect((await searchGuide('"knife brings"')).total).toBe(0);
    expect((await searchGuide('"pupil brings knife"')).total).toBe(0);
    const { results } = await searchGuide('"call the police"');
    // SQLite marks a phrase as one, PostgreSQL each of its words: the same words are marked either way.
    expect(results[0]?.excerptHtml.replaceAll("</mark> <mark>", " ")).toContain("<mark>call the police</mark>");
  });

  it("answers a plain question with the page holding most of its words first", async () => {
    const { results, total } = await searchGuide("what should I do if a pupil brings a knife");
    expect(total).toBeGreaterThanOrEqual(2);
    expect(titles(results)[0]).toBe("When a pupil brings a knife into school");
    expect(titles(results)).toContain("Pupil voice");
    expect(results[0]?.titleHtml).toBe("When a <mark>pupil</mark> <mark>brings</mark> a <mark>knife</mark> into school");
  });
});
