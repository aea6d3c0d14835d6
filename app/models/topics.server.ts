/** The session offer: topics the VRN lead describes for teachers choosing a session. */
import type { Actor } from "~/auth/actor";
import type { z } from "zod";
import { prisma } from "~/db.server";
import { notFound } from "~/lib/responses.server";
import type { topicSchema } from "~/lib/session-schemas";
import { parseYearGroups, storeYearGroups } from "~/lib/year-groups";
import { recordAudit } from "./audit.server";
import { isUniqueViolation } from "./db-errors.server";

export type TopicInput = z.infer<typeof topicSchema>;

export async function listTopics() {
  const topics = await prisma.topic.findMany({ orderBy: { title: "asc" } });
  return topics.map(describeTopic);
}

export function describeTopic<T extends { yearGroups: string; formats: string }>(topic: T) {
  return { ...topic, yearGroupList: parseYearGroups(topic.yearGroups), formatList: topic.formats.split(",").filter(Boolean) };
}

export async function getTopic(id: string) {
  const topic = await prisma.topic.findUnique({ where: { id } });
  return topic ? describeTopic(topic) : notFound("topic");
}

const values = (input: TopicInput) => ({
  title: input.title,
  description: input.description,
  yearGroups: storeYearGroups(input.yearGroups),
  durationMinutes: input.durationMinutes,
  formats: [...new Set(input.formats)].join(","),
});

export type TopicResult = { ok: true; id: string } | { ok: false; field: "title"; message: string };

/** Creates or (with an id) changes a topic; a second topic with the same title is refused by the field. */
export async function saveTopic(actor: Actor, input: TopicInput, id?: string): Promise<TopicResult> {
  try {
    const saved = await prisma.$transaction(async (tx) => {
      const topic = id ? await tx.topic.update({ where: { id }, data: values(input) }) : await tx.topic.create({ data: values(input) });
      await recordAudit(
        { actor, action: id ? "update" : "create", entityType: "Topic", entityId: topic.id, summary: `${id ? "Changed" : "Added"} the topic "${topic.title}"` },
        tx,
      );
      return topic;
    });
    return { ok: true, id: saved.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: "title", message: "There is already a topic with this title" };
    throw error;
  }
}
