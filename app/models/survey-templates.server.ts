/**
 * Survey templates, kept by the VRN lead. A template is versioned within its family: only a draft is
 * edited in place; a published or retired version (which may have runs and results) is never changed,
 * so editing it makes the next version, a draft copy of its questions. Publishing a version retires the
 * family's previously published one, so schools always choose the newest.
 */
import type { Actor } from "~/auth/actor";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import type { Prisma, SurveyTemplate as Template } from "~/generated/prisma/client";
import { badRequest, forbidden, notFound } from "~/lib/responses.server";
import { surveyTemplateStatusLabel } from "~/lib/statuses";
import { parseOptions, questionCount } from "~/lib/survey-answers";
import type { QuestionInput, TemplateInput } from "~/lib/survey-schemas";
import { sameAsStored } from "~/lib/same-as-stored";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { recordAudit } from "./audit.server";
import { notFoundIfGone } from "./db-errors.server";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";

type Tx = Prisma.TransactionClient;

function requireTemplateManager(actor: Actor) {
  if (!can(actor, "surveys:manage-templates")) forbidden();
}

/** Every template, each with its `questionCount` (the questions pupils are asked). */
export async function listTemplates(actor: Actor) {
  requireTemplateManager(actor);
  const templates = await prisma.surveyTemplate.findMany({
    select: {
      id: true,
      family: true,
      version: true,
      title: true,
      context: true,
      phase: true,
      status: true,
      _count: { select: { runs: true } },
      questions: { select: { type: true, freeTextEnabled: true } },
    },
    orderBy: [{ family: "asc" }, { version: "desc" }],
  });
  return templates.map(({ questions, ...t }) => ({ ...t, questionCount: questionCount(questions) }));
}

export async function getTemplate(actor: Actor, id: string) {
  requireTemplateManager(actor);
  const template = await prisma.surveyTemplate.findUnique({
    where: { id },
    include: { questions: { orderBy: { position: "asc" } }, topic: { select: { title: true } }, _count: { select: { runs: true } } },
  });
  return template ?? notFound("survey template");
}

function familyFrom(title: string) {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 50);
  return `${slug || "survey"}-${Date.now().toString(36)}`;
}

/**
 * The template's details as stored: `topicId` null for a survey that suits any topic. A topic id that is
 * not in the list (a stale or hand-made form) is refused with 400.
 */
async function templateData(tx: Tx, input: TemplateInput) {
  if (input.topicId && !(await tx.topic.findUnique({ where: { id: input.topicId }, select: { id: true } }))) badRequest("Select a topic from the list");
  // The form's `version` is its page's fingerprint (decision 0148), not the template's version number, and
  // its `formToken` is the page's (decision 0147): neither is the template's.
  const { version: _seen, formToken: _page, ...details } = input;
  return { ...details, topicId: input.topicId || null };
}

/** A draft's details its form changes, by their labels there, in its order (decision 0148). */
const TEMPLATE_FORM_FIELDS = {
  title: "Title",
  intro: "Introduction",
  context: "What is it for?",
  phase: "When do pupils answer it?",
  topicId: "Topic",
} as const;

/** The fingerprint of a draft's details as its page shows them (editVersion). Pure: the template was read for an actor already. */
export function templateDetailsVersion(template: Record<keyof typeof TEMPLATE_FORM_FIELDS, unknown>): string {
  return editVersion(template, Object.keys(TEMPLATE_FORM_FIELDS));
}

/** A question's fields its form changes, by their labels there, in its order (decision 0148); `options` as stored, JSON. */
const QUESTION_FORM_FIELDS = {
  type: "Type of question",
  prompt: "Question or statement",
  helpText: "Help text",
  required: "Pupils must answer it",
  options: "Choices",
  reverseScored: "Worded negatively (scored in reverse)",
  coreKey: "Core key",
  freeTextEnabled: "Let pupils type an answer",
  lastChoiceExclusive: "The last choice is an answer on its own",
} as const;

/** The fingerprint of a question as its page shows it (editVersion). Pure: the question was read for an actor already. */
export function questionVersion(question: Record<keyof typeof QUESTION_FORM_FIELDS, unknown>): string {
  return editVersion(question, Object.keys(QUESTION_FORM_FIELDS));
}

/**
 * Creates a survey template's first draft. The same form sent again (`input.formToken`: a double click, a
 * second tab) creates nothing more and returns the draft the first sending created, with `repeat`
 * (decision 0147); a 404 response if that draft has gone since. Sent again with other details, it is
 * refused whole (SentWithOtherDetails, decision 0178): only a form with a token can be.
 */
export async function createTemplate(actor: Actor, input: TemplateInput & { formToken?: undefined }): Promise<Template & { repeat: boolean }>;
export async function createTemplate(actor: Actor, input: TemplateInput): Promise<(Template & { repeat: boolean }) | SentWithOtherDetails>;
export async function createTemplate(actor: Actor, input: TemplateInput): Promise<(Template & { repeat: boolean }) | SentWithOtherDetails> {
  requireTemplateManager(actor);
  const once = await saveOnce(input.formToken, "SurveyTemplate", input, (note) =>
    prisma.$transaction(async (tx) => {
      const template = await tx.surveyTemplate.create({
        data: { ...(await templateData(tx, input)), family: familyFrom(input.title), version: 1, status: "DRAFT", createdById: actor.id },
      });
      await recordAudit(
        { actor, action: "create", entityType: "SurveyTemplate", entityId: template.id, summary: `Created the survey template "${input.title}"` },
        tx,
      );
      await note(tx, [template.id]);
      return template;
    }),
  );
  if ("saved" in once) return { ...once.saved, repeat: false };
  return answerSentBefore(once, {
    find: (ids) => prisma.surveyTemplate.findUnique({ where: { id: ids[0] } }),
    what: "survey template",
    repeat: (first) => ({ ...first, repeat: true }),
    made: (first) => `the draft “${first.title}” created`,
  });
}

/** The draft to edit: this template when it is a draft, else the family's draft, made now if needed. */
export async function draftToEdit(actor: Actor, id: string) {
  const template = await getTemplate(actor, id);
  if (template.status === "DRAFT") return template.id;
  return prisma.$transaction(async (tx) => {
    const existing = await tx.surveyTemplate.findFirst({ where: { family: template.family, status: "DRAFT" }, select: { id: true } });
    if (existing) return existing.id;
    const latest = await tx.surveyTemplate.aggregate({ where: { family: template.family }, _max: { version: true } });
    const draft = await tx.surveyTemplate.create({
      data: {
        family: template.family,
        version: (latest._max.version ?? template.version) + 1,
        title: template.title,
        intro: template.intro,
        context: template.context,
        phase: template.phase,
        topicId: template.topicId,
        status: "DRAFT",
        createdById: actor.id,
        questions: {
          create: template.questions.map(({ id: _id, templateId: _templateId, ...question }) => question),
        },
      },
    });
    await recordAudit(
      { actor, action: "create", entityType: "SurveyTemplate", entityId: draft.id, summary: `Started version ${draft.version} of "${template.title}"` },
      tx,
    );
    return draft.id;
  });
}

/** A change to a template: saved, or refused with a message for the lead (400) and nothing changed. */
export type TemplateChangeResult = { ok: true } | { ok: false; message: string };

/**
 * Why a version that is no longer a draft (published or retired since the lead's page was drawn, say in
 * another tab) was not changed. Only a draft is edited in place (decision 0051).
 */
export function notADraft(status: string): string {
  return `This version is now “${surveyTemplateStatusLabel(status)}”: only a draft can be changed, so nothing was changed. To change it, make a new draft version with “Edit”.`;
}

/**
 * The draft `id` (its id, status and title), or the refusal for a template that is no longer a draft. A
 * template that is not there is a 404.
 */
async function draftToChange(
  tx: Tx,
  id: string,
): Promise<{ ok: true; template: { id: string; status: string; title: string } } | { ok: false; message: string }> {
  const template = await tx.surveyTemplate.findUnique({ where: { id }, select: { id: true, status: true, title: true } });
  if (!template) notFound("survey template");
  return template.status === "DRAFT" ? { ok: true, template } : { ok: false, message: notADraft(template.status) };
}

/**
 * Changes a draft's details; refused (nothing saved) once it is no longer a draft. `changed` is false,
 * with nothing written, when the form gave the details as they were. With `input.version`, the
 * fingerprint its page showed (templateDetailsVersion), a change after another changed the details is
 * refused with `changedMeanwhile` (decision 0148).
 */
export async function updateTemplateDetails(
  actor: Actor,
  id: string,
  input: TemplateInput,
): Promise<{ ok: true; changed: boolean } | { ok: false; message: string } | ChangedMeanwhile> {
  requireTemplateManager(actor);
  return prisma.$transaction(async (tx) => {
    const draft = await draftToChange(tx, id);
    if (!draft.ok) return draft;
    const data = await templateData(tx, input);
    const current = await tx.surveyTemplate.findUniqueOrThrow({ where: { id } });
    if (sameAsStored(current, data)) return { ok: true as const, changed: false };
    const stale = changedMeanwhile(current, data, TEMPLATE_FORM_FIELDS, input.version);
    if (stale) return stale;
    await tx.surveyTemplate.update({ where: { id }, data });
    await recordAudit(
      { actor, action: "update", entityType: "SurveyTemplate", entityId: id, summary: `Changed the details of the draft "${input.title}"` },
      tx,
    );
    return { ok: true as const, changed: true };
  });
}

/**
 * Publishes a draft, retiring the family's published version. Refused with a message when it is no
 * longer a draft (published twice, say), has no question pupils can answer, or asks one core item twice
 * (decision 0132).
 */
export async function publishTemplate(actor: Actor, id: string): Promise<TemplateChangeResult> {
  requireTemplateManager(actor);
  return prisma.$transaction(async (tx) => {
    const draft = await draftToChange(tx, id);
    if (!draft.ok) return draft;
    const { template } = draft;
    const full = await tx.surveyTemplate.findUniqueOrThrow({
      where: { id },
      include: { questions: { select: { type: true, freeTextEnabled: true, coreKey: true }, orderBy: { position: "asc" } } },
    });
    if (!full.questions.some((q) => q.type !== "FREE_TEXT" || q.freeTextEnabled))
      return { ok: false as const, message: "Add at least one question before publishing" };
    const repeated = repeatedCoreItem(full.questions);
    if (repeated) return { ok: false as const, message: repeated };
    await tx.surveyTemplate.updateMany({ where: { family: full.family, status: "PUBLISHED" }, data: { status: "RETIRED" } });
    await tx.surveyTemplate.update({ where: { id }, data: { status: "PUBLISHED" } });
    await recordAudit(
      { actor, action: "update", entityType: "SurveyTemplate", entityId: id, summary: `Published version ${full.version} of "${template.title}"` },
      tx,
    );
    return { ok: true as const };
  });
}

/**
 * A retired template can no longer be chosen for a new run; open runs carry on and results stay. Saved
 * only while the version is still published, in one conditional update, so two retirements at once (or
 * a retirement as a newer version is published) change it once and audit only the change saved; the
 * other is told what it is now.
 */
export async function retireTemplate(actor: Actor, id: string): Promise<TemplateChangeResult> {
  const template = await getTemplate(actor, id);
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.surveyTemplate.updateMany({ where: { id, status: "PUBLISHED" }, data: { status: "RETIRED" } });
    if (count === 0) {
      // Deleted in between: the 404 of a template never there (decision 0118).
      const now = (await tx.surveyTemplate.findUnique({ where: { id }, select: { status: true } })) ?? notFound("survey template");
      return {
        ok: false as const,
        message: `Only a published version can be retired: this one is now “${surveyTemplateStatusLabel(now.status)}”. Nothing was changed.`,
      };
    }
    await recordAudit(
      { actor, action: "update", entityType: "SurveyTemplate", entityId: id, summary: `Retired version ${template.version} of "${template.title}"` },
      tx,
    );
    return { ok: true as const };
  });
}

function questionData(input: QuestionInput) {
  const choice = input.type === "SINGLE_CHOICE" || input.type === "MULTIPLE_CHOICE";
  const agreement = input.type === "AGREEMENT";
  return {
    type: input.type,
    prompt: input.prompt,
    helpText: input.helpText,
    required: input.required,
    reverseScored: agreement && input.reverseScored,
    freeTextEnabled: input.type === "FREE_TEXT" && input.freeTextEnabled,
    lastChoiceExclusive: input.type === "MULTIPLE_CHOICE" && input.lastChoiceExclusive,
    options: JSON.stringify(choice ? input.options : []),
    coreKey: agreement ? input.coreKey : null,
  };
}

/** Why a survey cannot ask core item `coreKey` again: each is asked once a survey (decision 0132). */
const coreItemTaken = (coreKey: string) => `Another question in this survey is already the core item “${coreKey}”: a survey asks each core item once`;

/**
 * The first core item more than one of `questions` (in order) is, as a message naming their places, or
 * null. Only agreement questions are counted as core items (the tallies' rule), whatever an older row holds.
 */
function repeatedCoreItem(questions: { type: string; coreKey: string | null }[]): string | null {
  const places = new Map<string, number[]>();
  questions.forEach((q, i) => {
    if (q.type === "AGREEMENT" && q.coreKey) places.set(q.coreKey, [...(places.get(q.coreKey) ?? []), i + 1]);
  });
  for (const [coreKey, at] of places) {
    if (at.length > 1)
      return `Questions ${at.slice(0, -1).join(", ")} and ${at.at(-1)} ask the same core item “${coreKey}”: keep it on one question only before publishing`;
  }
  return null;
}

/**
 * A question saved, or refused with nothing saved: `field` names the field the message is for, null for
 * the whole form. `changed` is false when nothing was written: the question was already as sent, or the
 * form that added it was sent before (`repeat`).
 */
export type SaveQuestionResult = { ok: true; changed: boolean; repeat?: true } | { ok: false; field: "coreKey" | null; message: string } | ChangedMeanwhile;

/**
 * Adds a question at the end of a draft, or changes one of its questions. Refused, with nothing saved:
 * with the message for the core key field, when another question of the draft is the same core item
 * (its answers would be counted twice for the one item, decision 0132); for the whole form, when the
 * template is no longer a draft. A change, with `input.version`, the fingerprint its page showed
 * (questionVersion), after another changed the question is refused with `changedMeanwhile` (decision 0148).
 * A question sent as it is stored, every saved field and each choice the same, writes and audits nothing
 * and answers `changed: false`. A new question's form sent again (`input.formToken`) adds nothing more and
 * answers `repeat` (decision 0147); a token that a form for another draft used is a 404. Sent again with
 * other details, it is refused whole (SentWithOtherDetails, decision 0178).
 */
export async function saveQuestion(
  actor: Actor,
  templateId: string,
  questionId: string | null,
  input: QuestionInput,
): Promise<SaveQuestionResult | SentWithOtherDetails> {
  requireTemplateManager(actor);
  // A new question's form sent again (`input.formToken`) adds nothing more (decision 0147).
  const once = await saveOnce(questionId ? undefined : input.formToken, "SurveyQuestion", { templateId, ...input }, (note) =>
    saveQuestionOnce(actor, templateId, questionId, input, note),
  );
  // A token sent before from another draft's page made its question there, not here.
  return answerSentBefore(once, {
    find: (ids) => prisma.surveyQuestion.findFirst({ where: { id: ids[0], templateId }, select: { prompt: true } }),
    what: "question",
    repeat: (): SaveQuestionResult => ({ ok: true, changed: false, repeat: true }),
    made: (first) => `the question “${first.prompt}” added`,
  });
}

/** saveQuestion's write, in one transaction; `note` records a new question's form token beside it (saveOnce). */
async function saveQuestionOnce(
  actor: Actor,
  templateId: string,
  questionId: string | null,
  input: QuestionInput,
  note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>,
): Promise<SaveQuestionResult> {
  return prisma.$transaction(async (tx) => {
    const draft = await draftToChange(tx, templateId);
    if (!draft.ok) return { ...draft, field: null };
    const { template } = draft;
    const { coreKey } = questionData(input);
    if (coreKey) {
      const same = await tx.surveyQuestion.findFirst({
        where: { templateId, coreKey, type: "AGREEMENT", ...(questionId ? { NOT: { id: questionId } } : {}) },
        select: { id: true },
      });
      if (same) return { ok: false as const, field: "coreKey" as const, message: coreItemTaken(coreKey) };
    }
    if (questionId) {
      const current = await tx.surveyQuestion.findFirst({ where: { id: questionId, templateId } });
      // The question as it is (a second tab that made the same change, or a form sent back untouched):
      // nothing to write or audit. Choices are compared as the list they are, whatever JSON spelling stored them.
      if (current && sameAsStored({ ...current, options: JSON.stringify(parseOptions(current.options)) }, questionData(input))) {
        return { ok: true as const, changed: false };
      }
      const stale = current && changedMeanwhile(current, questionData(input), QUESTION_FORM_FIELDS, input.version);
      if (stale) return stale;
      const updated = await tx.surveyQuestion.updateMany({ where: { id: questionId, templateId }, data: questionData(input) });
      if (updated.count === 0) notFound("question");
    } else {
      const last = await tx.surveyQuestion.aggregate({ where: { templateId }, _max: { position: true } });
      const created = await tx.surveyQuestion
        .create({ data: { ...questionData(input), templateId, position: (last._max.position ?? 0) + 1 } })
        .catch(notFoundIfGone("survey template"));
      await note(tx, [created.id]);
    }
    await recordAudit(
      {
        actor,
        action: "update",
        entityType: "SurveyTemplate",
        entityId: templateId,
        summary: `${questionId ? "Changed" : "Added"} a question in the draft "${template.title}"`,
      },
      tx,
    );
    return { ok: true as const, changed: true };
  });
}

/**
 * Removes a question from a draft. Refused, with nothing changed and nothing audited, when the template
 * is no longer a draft or the question is not in it (removed already, from another tab or by a second
 * press).
 */
export async function deleteQuestion(actor: Actor, templateId: string, questionId: string): Promise<TemplateChangeResult> {
  requireTemplateManager(actor);
  return prisma.$transaction(async (tx) => {
    const draft = await draftToChange(tx, templateId);
    if (!draft.ok) return draft;
    const { count } = await tx.surveyQuestion.deleteMany({ where: { id: questionId, templateId } });
    if (count === 0) return { ok: false as const, message: "That question is not in this draft (it may have been removed already), so nothing was changed." };
    await recordAudit(
      { actor, action: "delete", entityType: "SurveyTemplate", entityId: templateId, summary: `Removed a question from the draft "${draft.template.title}"` },
      tx,
    );
    return { ok: true as const };
  });
}

/**
 * Swaps a question with its neighbour above or below; a question already first (or last), or not in the
 * draft, stays as it is. Refused when the template is no longer a draft.
 */
export async function moveQuestion(actor: Actor, templateId: string, questionId: string, direction: "up" | "down"): Promise<TemplateChangeResult> {
  requireTemplateManager(actor);
  return prisma.$transaction(async (tx) => {
    const draft = await draftToChange(tx, templateId);
    if (!draft.ok) return draft;
    const questions = await tx.surveyQuestion.findMany({ where: { templateId }, orderBy: { position: "asc" }, select: { id: true } });
    const index = questions.findIndex((q) => q.id === questionId);
    const other = direction === "up" ? index - 1 : index + 1;
    if (index === -1 || other < 0 || other >= questions.length) return { ok: true as const };
    [questions[index], questions[other]] = [questions[other]!, questions[index]!];
    for (const [position, q] of questions.entries()) await tx.surveyQuestion.update({ where: { id: q.id }, data: { position: position + 1 } });
    return { ok: true as const };
  });
}
