/**
 * The mentor training curriculum, maintained by the VRN lead. Modules are retired rather than deleted
 * once anyone has completed them, so past training records keep their meaning.
 */
import type { Actor } from "~/auth/actor";
import type { z } from "zod";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import type { moduleSchema } from "~/lib/mvp-schemas";
import { moveOnePlace, moveRefused, type MoveResult } from "~/lib/ordering";
import { forbidden, notFound } from "~/lib/responses.server";
import { sameAsStored } from "~/lib/same-as-stored";
import { MAX_LIVE_MODULES } from "~/lib/mvp";
import { nameKey } from "~/lib/text-fields";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { alreadyDeleted, recordAudit, type AlreadyDeleted } from "./audit.server";
import { notFoundIfGone } from "./db-errors.server";
import { answerSentBefore, saveOnce } from "./sent-forms.server";
import { recountMentorsTrained } from "./tallies.server";

export type ModuleInput = z.infer<typeof moduleSchema>;
type Db = Prisma.TransactionClient | typeof prisma;

function assertManager(actor: Actor) {
  if (!can(actor, "mvp:manage-modules")) forbidden();
}

/** The whole curriculum in order, retired modules included: the trained rule needs to know which are live. */
export function listCurriculum(db: Db = prisma) {
  return db.trainingModule.findMany({
    orderBy: [{ position: "asc" }, { title: "asc" }],
    select: { id: true, title: true, description: true, required: true, active: true, position: true },
  });
}

export async function listModulesForLead(actor: Actor) {
  assertManager(actor);
  const modules = await prisma.trainingModule.findMany({
    orderBy: [{ position: "asc" }, { title: "asc" }],
    include: { _count: { select: { completions: true } } },
  });
  return modules.map(({ _count, ...module }) => ({ ...module, completions: _count.completions }));
}

/** A training module with how many mentors completed it; 404 when there is none. Throws a 403 response unless the actor may manage the curriculum. */
export async function getModule(actor: Actor, id: string) {
  return (await findModule(actor, id)) ?? notFound("training module");
}

/** As `getModule`, with null for a module not there. */
async function findModule(actor: Actor, id: string) {
  assertManager(actor);
  const found = await prisma.trainingModule.findUnique({ where: { id }, include: { _count: { select: { completions: true } } } });
  if (!found) return null;
  const { _count, ...module } = found;
  return { ...module, completions: _count.completions };
}

/** Someone must always be able to finish training: the curriculum keeps at least one live required module. */
async function wouldLeaveNoRequiredModule(db: Db, changingId: string) {
  const others = await db.trainingModule.count({ where: { required: true, active: true, id: { not: changingId } } });
  return others === 0;
}

const NEEDS_REQUIRED = "The curriculum needs at least one required module. Make another module required first.";

/**
 * The refusal of one more live module once the curriculum has MAX_LIVE_MODULES: each is a column of every
 * cohort's training grid, whose largest form the server reads whole (`trainingGridSchema`). Null while there
 * is room. Counted in the transaction that writes, which holds the write lock.
 */
async function curriculumFull(tx: Prisma.TransactionClient) {
  const live = await tx.trainingModule.count({ where: { active: true } });
  return live < MAX_LIVE_MODULES
    ? null
    : { ok: false as const, message: `The curriculum has ${live} live modules, the most it can have. Retire or delete a module first.` };
}

/**
 * The refusal, by the title field, of a title another module already has, compared as names are
 * (`nameKey`: case, spaces, invisible characters): a form sent twice, or "Bystander Approach" beside
 * "bystander approach", would make two columns of the training grid for one module. Read in the
 * transaction that writes, which holds the write lock, so two at once cannot both miss each other.
 */
async function titleTaken(tx: Prisma.TransactionClient, title: string, exceptId: string | null) {
  const others = await tx.trainingModule.findMany({ where: exceptId ? { id: { not: exceptId } } : {}, select: { title: true } });
  const wanted = nameKey(title);
  const same = others.find((module) => nameKey(module.title) === wanted);
  return same ? { ok: false as const, field: "title" as const, message: `There is already a module called “${same.title}”` } : null;
}

/**
 * Adds a module at the end of the curriculum; a title another module has is refused by the field
 * (titleTaken), and a module past the curriculum's MAX_LIVE_MODULES live ones above the form (curriculumFull). The same form sent again (`input.formToken`: a double click, a second tab, a retry) adds
 * nothing more and returns the module the first sending added, with `repeat` (decision 0147); 404 when
 * that module has been deleted since. Sent again with other details, it is refused whole
 * (SentWithOtherDetails, decision 0178). Throws a 403 response unless the actor manages the curriculum.
 */
export async function createModule(actor: Actor, input: ModuleInput) {
  assertManager(actor);
  const once = await saveOnce(input.formToken, "TrainingModule", input, (note) => createModuleOnce(actor, input, note));
  return answerSentBefore(once, {
    find: (ids) => prisma.trainingModule.findUnique({ where: { id: ids[0] } }),
    what: "training module",
    repeat: (first) => ({ ok: true as const, ...first, repeat: true as const }),
    made: (first) => `the module “${first.title}” added`,
  });
}

/** createModule's transaction: the title checked, the module added, audited and noted as the form's (`note`). */
function createModuleOnce(actor: Actor, input: ModuleInput, note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>) {
  return prisma.$transaction(async (tx) => {
    const taken = (await titleTaken(tx, input.title, null)) ?? (await curriculumFull(tx));
    if (taken) return taken;
    const last = await tx.trainingModule.aggregate({ _max: { position: true } });
    const created = await tx.trainingModule.create({
      data: {
        title: input.title,
        description: input.description ?? "",
        required: input.required === "yes",
        position: (last._max.position ?? 0) + 1,
      },
    });
    // A new required module leaves every mentor to complete it.
    if (created.required) await recountMentorsTrained(tx);
    await recordAudit(
      {
        actor: actor,
        action: "create",
        entityType: "TrainingModule",
        entityId: created.id,
        summary: `Added the ${created.required ? "required" : "optional"} MVP training module “${created.title}”`,
      },
      tx,
    );
    await note(tx, [created.id]);
    return { ok: true as const, ...created };
  });
}

/** A module's fields its form changes, by their labels there, in its order (decision 0148). */
const MODULE_FORM_FIELDS = { title: "Title", description: "Description", required: "Must every mentor complete it to count as trained?" } as const;

/** The fingerprint of a module as its page shows it (editVersion). Pure: the module was read for an actor already. */
export function moduleVersion(module: Record<keyof typeof MODULE_FORM_FIELDS, unknown>): string {
  return editVersion(module, Object.keys(MODULE_FORM_FIELDS));
}

/**
 * Changes a module's words or whether it is required; `changed` is false, with nothing written, when the
 * form gave it as it was. With `input.version`, the fingerprint its page showed (moduleVersion), a change
 * after another changed the module is refused with `changedMeanwhile` (decision 0148).
 */
export async function updateModule(
  actor: Actor,
  id: string,
  input: ModuleInput,
): Promise<{ ok: true; changed: boolean } | { ok: false; field: "title" | "required"; message: string } | ChangedMeanwhile> {
  await getModule(actor, id);
  const required = input.required === "yes";
  const data = { title: input.title, description: input.description ?? "", required };
  return prisma.$transaction(async (tx) => {
    const current = (await tx.trainingModule.findUnique({ where: { id } })) ?? notFound("training module");
    if (sameAsStored(current, data)) return { ok: true, changed: false };
    const stale = changedMeanwhile(current, data, MODULE_FORM_FIELDS, input.version);
    if (stale) return stale;
    const taken = await titleTaken(tx, input.title, id);
    if (taken) return taken;
    // Judged by the module as it is inside the transaction, not as read before it: another change a moment
    // before could have made it required, and the curriculum would be left with none.
    if (current.required && !required && current.active && (await wouldLeaveNoRequiredModule(tx, id))) {
      return { ok: false, field: "required", message: NEEDS_REQUIRED };
    }
    await tx.trainingModule.update({ where: { id }, data }).catch(notFoundIfGone("training module"));
    if (required !== current.required) await recountMentorsTrained(tx);
    await recordAudit(
      {
        actor: actor,
        action: "update",
        entityType: "TrainingModule",
        entityId: id,
        summary: `Changed the MVP training module “${input.title}” (${required ? "required" : "optional"})`,
      },
      tx,
    );
    return { ok: true, changed: true };
  });
}

/**
 * Swaps a module with its neighbour above or below. With `seenPlace`, the module's place in the curriculum
 * (from 1) as the page showed it, a module found elsewhere, as after the same press sent again, is not moved
 * (moveOnePlace). Says why nothing moved (the module is gone, already first or last, or moved since) rather
 * than claiming a move. Throws a 403 response unless the actor may manage the curriculum.
 */
export async function moveModule(actor: Actor, id: string, direction: "up" | "down", seenPlace?: number): Promise<MoveResult> {
  assertManager(actor);
  return prisma.$transaction(async (tx) => {
    const modules = await listCurriculum(tx);
    const module = modules.find((m) => m.id === id);
    if (!module) return moveRefused({ why: "missing" }, "module");
    const moved = moveOnePlace(
      modules.map((m) => m.id),
      id,
      direction,
      seenPlace,
    );
    if (!moved.ok) return moveRefused(moved, "module");
    // Renumber the whole list so equal or missing positions can never make the order ambiguous.
    for (const [position, moduleId] of moved.order.entries()) {
      await tx.trainingModule.update({ where: { id: moduleId }, data: { position: position + 1 } });
    }
    await recordAudit(
      {
        actor: actor,
        action: "reorder",
        entityType: "TrainingModule",
        entityId: id,
        summary: `Moved the MVP training module “${module.title}” ${direction}`,
      },
      tx,
    );
    return { ok: true } as const;
  });
}

/**
 * Retires a training module or brings it back, never leaving no required module, nor bringing one back past
 * the curriculum's MAX_LIVE_MODULES live ones (curriculumFull). `changed` is false, with
 * nothing written or audited, when it was already so (sent twice, or from a page left open), so the same
 * change sent twice at once is saved and audited once and the second is told nothing changed.
 */
export async function setModuleActive(
  actor: Actor,
  id: string,
  active: boolean,
): Promise<{ ok: true; changed: boolean; title: string } | { ok: false; message: string }> {
  await getModule(actor, id);
  return prisma.$transaction(async (tx) => {
    // As it is inside the transaction (see updateModule): deleted meanwhile, the 404 of a module never there (decision 0118).
    const current =
      (await tx.trainingModule.findUnique({ where: { id }, select: { title: true, required: true, active: true } })) ?? notFound("training module");
    if (!active && current.required && current.active && (await wouldLeaveNoRequiredModule(tx, id))) {
      return { ok: false, message: NEEDS_REQUIRED };
    }
    if (active && !current.active) {
      const full = await curriculumFull(tx);
      if (full) return full;
    }
    // Only if not already so: a change a moment before stands, and is the one audited.
    const { count } = await tx.trainingModule.updateMany({ where: { id, active: !active }, data: { active } });
    // Already so, as after the same press sent again: nothing written.
    if (count === 0) return { ok: true, changed: false, title: current.title };
    await recountMentorsTrained(tx);
    await recordAudit(
      {
        actor: actor,
        action: active ? "restore" : "retire",
        entityType: "TrainingModule",
        entityId: id,
        summary: `${active ? "Brought back" : "Retired"} the MVP training module “${current.title}”`,
      },
      tx,
    );
    return { ok: true, changed: true, title: current.title };
  });
}

/**
 * Deletes a module no mentor has completed, never leaving no required module. A module deleted before, as
 * by the same press sent again, is answered `AlreadyDeleted`, with nothing written (alreadyDeleted: the
 * curriculum is every school's, and only those who may delete any module ask); a 404 for one that never
 * was. Throws a 403 response unless the actor may manage the curriculum.
 */
export async function deleteModule(actor: Actor, id: string): Promise<{ ok: true; unchanged: false } | AlreadyDeleted | { ok: false; message: string }> {
  const existing = await findModule(actor, id);
  if (!existing) return alreadyDeleted(actor, "TrainingModule", id, "training module");
  return prisma.$transaction(async (tx) => {
    if ((await tx.moduleCompletion.count({ where: { moduleId: id } })) > 0) {
      return { ok: false as const, message: "Mentors have completed this module, so it cannot be deleted. Retire it instead." };
    }
    // As it is inside the transaction (see updateModule): gone meanwhile, as by the same press sent at the same moment, which recorded it.
    const current = await tx.trainingModule.findUnique({ where: { id }, select: { required: true, active: true } });
    if (!current) return alreadyDeleted(actor, "TrainingModule", id, "training module", tx);
    const counted = current.required && current.active;
    if (counted && (await wouldLeaveNoRequiredModule(tx, id))) return { ok: false as const, message: NEEDS_REQUIRED };
    await tx.trainingModule.delete({ where: { id } });
    if (counted) await recountMentorsTrained(tx);
    await recordAudit(
      {
        actor: actor,
        action: "delete",
        entityType: "TrainingModule",
        entityId: id,
        summary: `Deleted the MVP training module “${existing.title}”`,
      },
      tx,
    );
    return { ok: true as const, unchanged: false as const };
  });
}
