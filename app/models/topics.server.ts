/** The session offer: topics the VRN lead describes for teachers choosing a session. */
import { assertCan, type Actor } from "~/auth/actor";
import type { z } from "zod";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import { forbidden, notFound } from "~/lib/responses.server";
import { sameAsStored } from "~/lib/same-as-stored";
import type { topicSchema } from "~/lib/delivery-schemas";
import { parseYearGroups, storeYearGroups } from "~/lib/year-groups";
import { nameKey } from "~/lib/text-fields";
import { recordAudit } from "./audit.server";
import { unlessUniqueClash } from "./db-errors.server";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";

export type TopicInput = z.infer<typeof topicSchema>;

/** Topics belong to no school: they are the offer, read by whoever runs sessions or books them. */
function assertCanReadTopics(actor: Actor): void {
  if (!can(actor, "deliveries:manage") && !can(actor, "deliveries:book")) forbidden();
}

/** Every topic by title, with its year groups and formats as lists. Throws a 403 response unless the actor runs or books sessions. */
export async function listTopics(actor: Actor) {
  assertCanReadTopics(actor);
  const topics = await prisma.topic.findMany({ orderBy: { title: "asc" } });
  return topics.map(describeTopic);
}

/** A topic with its stored year groups and formats as lists. Pure: reads no data, so no actor. */
function describeTopic<T extends { yearGroups: string; formats: string }>(topic: T) {
  return { ...topic, yearGroupList: parseYearGroups(topic.yearGroups), formatList: topic.formats.split(",").filter(Boolean) };
}

/** One topic, described; throws a 404 response when there is none, and a 403 unless the actor runs or books sessions. */
export async function getTopic(actor: Actor, id: string) {
  assertCanReadTopics(actor);
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

/** `repeat`: the same new topic's form had been sent already (`input.formToken`), and this is the topic it added; nothing was saved this time. */
export type TopicResult =
  { ok: true; id: string; changed: boolean; repeat?: true } | { ok: false; field: "title"; message: string } | SentWithOtherDetails | ChangedMeanwhile;

/** A topic's fields its form changes, by their labels there, in its order (decision 0148). */
const TOPIC_FORM_FIELDS = {
  title: "Title",
  description: "Description for teachers",
  yearGroups: "Suitable year groups",
  durationMinutes: "Length in minutes",
  formats: "Formats",
} as const;

/** The fingerprint of a topic as its page shows it (editVersion). Pure: the topic was read for an actor already. */
export function topicVersion(topic: Record<keyof typeof TOPIC_FORM_FIELDS, unknown>): string {
  return editVersion(topic, Object.keys(TOPIC_FORM_FIELDS));
}

/**
 * Creates or (with an id) changes a topic; a title another topic has, compared as names are (`nameKey`:
 * case, spaces, invisible characters), is refused by the field.
 * A change that gives the topic as it is saves nothing (`changed: false`). With `input.version`, the
 * fingerprint its page showed (topicVersion), a change after another changed the topic is refused with
 * `changedMeanwhile` (decision 0148). A new topic's form sent again (`input.formToken`: a double click, a
 * retry) adds nothing more and returns the topic the first sending added, with `repeat`, in place of
 * "There is already a topic called …" (decision 0147); a 404 response if that topic has gone since. Sent
 * again with other details, it is refused whole (SentWithOtherDetails, decision 0178).
 * Throws a 403 response unless the actor runs sessions.
 */
export async function saveTopic(actor: Actor, input: TopicInput): Promise<Exclude<TopicResult, ChangedMeanwhile>>;
export async function saveTopic(actor: Actor, input: TopicInput, id: string): Promise<TopicResult>;
export async function saveTopic(actor: Actor, input: TopicInput, id?: string): Promise<TopicResult> {
  assertCan(actor, "deliveries:manage");
  const titleTaken = { ok: false as const, field: "title" as const, message: "There is already a topic with this title" };
  // Only a new topic's form carries a token: a change saved twice changes nothing more.
  const once = await unlessUniqueClash(
    () =>
      saveOnce(id ? undefined : input.formToken, "Topic", input, (note) =>
        prisma.$transaction(async (tx): Promise<TopicResult> => {
          const before = id ? await tx.topic.findUnique({ where: { id } }) : null;
          if (before && sameAsStored(before, values(input))) return { ok: true as const, id: before.id, changed: false };
          const stale = before && changedMeanwhile(before, values(input), TOPIC_FORM_FIELDS, input.version);
          if (stale) return stale;
          // Compared as names are (nameKey), in the transaction that writes: "Knife Crime" beside "knife crime"
          // would be two topics for schools to choose between. The unique index still catches an exact copy.
          const others = await tx.topic.findMany({ where: id ? { id: { not: id } } : {}, select: { title: true } });
          const same = others.find((topic) => nameKey(topic.title) === nameKey(input.title));
          if (same) return { ok: false as const, field: "title" as const, message: `There is already a topic called “${same.title}”` };
          const topic = id ? await tx.topic.update({ where: { id }, data: values(input) }) : await tx.topic.create({ data: values(input) });
          await recordAudit(
            {
              actor,
              action: id ? "update" : "create",
              entityType: "Topic",
              entityId: topic.id,
              summary: `${id ? "Changed" : "Added"} the topic "${topic.title}"`,
            },
            tx,
          );
          await note(tx, [topic.id]);
          return { ok: true as const, id: topic.id, changed: true };
        }),
      ),
    { saved: titleTaken },
  );
  // The first sending's topic, if it is still there (else a 404, as for any topic gone).
  return answerSentBefore(once, {
    find: (ids) => prisma.topic.findUnique({ where: { id: ids[0] }, select: { id: true, title: true } }),
    what: "topic",
    repeat: (first) => ({ ok: true as const, id: first.id, changed: false, repeat: true as const }),
    made: (first) => `the topic “${first.title}” added`,
  });
}
