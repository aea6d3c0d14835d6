/**
 * The lead's forms that add a record with a natural key save once (decision 0147): a topic. Sent again,
 * one after the other or at the same moment (a double click without JavaScript), each adds nothing more
 * and is given what the first sending added, where the second used to be refused by the title the first
 * had just saved. A second page's form is refused by the natural key as before.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { newFormToken } from "~/models/sent-forms.server";
import { saveTopic } from "~/models/topics.server";
import { lead } from "./delivery-factories";
import { createUser } from "./factories";

const unique = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const thrice = <T>(send: () => Promise<T>) => Promise.all([send(), send(), send()]);
const audited = (entityId: string) => prisma.auditEvent.count({ where: { entityId, action: "create" } });

describe("a new topic's form sent twice", () => {
  const topic = (title: string) => ({ title, description: "", yearGroups: [9], durationMinutes: 60, formats: ["ONLINE" as const] });

  it("adds one topic, one after the other or at once, and each repeat is given the first's", async () => {
    const actor = await lead();
    const title = `Knife crime ${unique()}`;
    const formToken = newFormToken();
    const first = await saveTopic(actor, { ...topic(title), formToken });
    if (!first.ok) throw new Error(first.message);
    expect(first.repeat).toBeUndefined();
    expect(await saveTopic(actor, { ...topic(title), formToken })).toEqual({ ok: true, id: first.id, changed: false, repeat: true });
    expect(await prisma.topic.count({ where: { title } })).toBe(1);

    const atOnce = `County lines ${unique()}`;
    const token = newFormToken();
    const results = await thrice(() => saveTopic(actor, { ...topic(atOnce), formToken: token }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.repeat)).toHaveLength(2);
    const made = await prisma.topic.findMany({ where: { title: atOnce } });
    expect(made).toHaveLength(1);
    expect(new Set(results.map((r) => r.ok && r.id))).toEqual(new Set([made[0]!.id]));
    expect(await audited(made[0]!.id)).toBe(1);
  });

  it("from a second page is refused by the title; a repeat is still the lead's to send, and a 404 once the topic has gone", async () => {
    const actor = await lead();
    const title = `Online harms ${unique()}`;
    const formToken = newFormToken();
    const first = await saveTopic(actor, { ...topic(title), formToken });
    if (!first.ok) throw new Error(first.message);
    expect(await saveTopic(actor, { ...topic(title), formToken: newFormToken() })).toEqual({
      ok: false,
      field: "title",
      message: `There is already a topic called “${title}”`,
    });
    const teacher = await createUser({ role: "TEACHER" });
    await expect(saveTopic(teacher, { ...topic(title), formToken })).rejects.toMatchObject({ status: 403 });
    await prisma.topic.delete({ where: { id: first.id } });
    await expect(saveTopic(actor, { ...topic(title), formToken })).rejects.toMatchObject({ status: 404 });
  });
});
