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
