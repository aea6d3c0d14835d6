import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { saveTopic } from "~/models/topics.server";
import { lead } from "./delivery-factories";

describe("changing a topic", () => {
  it("saves and audits nothing when the topic is given again as it is", async () => {
    const actor = await lead();
    const input = {
      title: `Knife crime ${Math.random()}`,
      description: "What carrying a knife does",
      yearGroups: [8, 9],
      durationMinutes: 60,
      formats: ["ONLINE" as const],
    };
    const created = await saveTopic(actor, input);
    if (!created.ok) throw new Error("topic not saved");
    expect(await saveTopic(actor, { ...input, durationMinutes: 90 }, created.id)).toEqual({ ok: true, id: created.id, changed: true });
    const audited = () => prisma.auditEvent.count({ where: { entityType: "Topic", entityId: created.id } });
    const auditBefore = await audited();

    expect(await saveTopic(actor, { ...input, durationMinutes: 90 }, created.id)).toEqual({ ok: true, id: created.id, changed: false });
    expect(await audited()).toBe(auditBefore);
  });
});

describe("topics' titles", () => {
  it("refuses a title another topic has, whatever its case, spacing or invisible characters, and writes nothing", async () => {
    const actor = await lead();
    const title = `County lines ${Math.random()}`;
    const input = { title, description: "", yearGroups: [9], durationMinutes: 60, formats: ["ONLINE" as const] };
    const created = await saveTopic(actor, input);
    if (!created.ok) throw new Error("topic not saved");
    const count = await prisma.topic.count();
    // Before, only an exact copy was refused: "county lines" beside "County lines" was a second topic.
    for (const copy of [title.toLowerCase(), title.replace(" ", "  "), ` ${title.replace(" ", "\u00a0")}`, title.replace("lines", "li\u200bnes")]) {
      expect(await saveTopic(actor, { ...input, title: copy })).toEqual({ ok: false, field: "title", message: `There is already a topic called “${title}”` });
    }
    expect(await prisma.topic.count()).toBe(count);
    const other = await saveTopic(actor, { ...input, title: `Online harms ${Math.random()}` });
    if (!other.ok) throw new Error("topic not saved");
    expect(await saveTopic(actor, { ...input, title: title.toUpperCase() }, other.id)).toMatchObject({ ok: false, field: "title" });
    // Its own title, written another way, is its own.
    expect(await saveTopic(actor, { ...input, title: title.toUpperCase(), durationMinutes: 90 }, created.id)).toEqual({
      ok: true,
      id: created.id,
      changed: true,
    });
  });
});
