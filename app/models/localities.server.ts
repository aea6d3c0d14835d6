import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { AREA_KIND_LABELS, areaKindFor, localityAreaSchema, localitySchema, renameLocalitySchema } from "~/lib/localities";
import { nameKey } from "~/lib/text-fields";
import { pageWithin } from "~/lib/pagination";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { recordAudit } from "./audit.server";
import { isUniqueViolation, unlessRecordGone } from "./db-errors.server";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";
import type { FieldErrors } from "./schools.server";

/**
 * The VRN's localities and the GIAS districts and wards mapped to each: the table the GIAS import reads
 * to place a school (app/models/gias-import.server.ts).
 */
const LOCALITIES_PAGE_SIZE = 25;

type Result<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors };

const sameName = (a: string, b: string) => nameKey(a) === nameKey(b);

/**
 * The localities by local authority and name, a page at a time, each with its mapped areas and how many
 * schools it has. Throws a 403 response unless the actor may manage localities.
 */
export async function listLocalities(actor: Actor, page: number) {
  assertCan(actor, "localities:manage");
  const total = await prisma.locality.count();
  const shown = pageWithin(page, total, LOCALITIES_PAGE_SIZE);
  const localities = await prisma.locality.findMany({
    orderBy: [{ localAuthority: "asc" }, { name: "asc" }],
    skip: shown.skip,
    take: shown.take,
    include: { areas: { orderBy: { name: "asc" }, select: { kind: true, name: true } }, _count: { select: { schools: true } } },
  });
  return {
    localities: localities.map(({ _count, ...locality }) => ({ ...locality, schoolCount: _count.schools })),
    total,
    page: shown.page,
    pageCount: shown.pageCount,
    pageSize: LOCALITIES_PAGE_SIZE,
  };
}

/**
 * Every locality, for the school form and the list's filter (a short list: one per district or group of
 * wards). Throws a 403 response unless the actor may list every school, the only people shown these.
 */
export async function localityOptions(actor: Actor) {
  assertCan(actor, "schools:list-all");
  return prisma.locality.findMany({
    orderBy: [{ localAuthority: "asc" }, { name: "asc" }],
    select: { id: true, name: true, localAuthority: true },
  });
}

/**
 * One locality with its mapped areas, how many schools it has and which kind of area it maps; null when
 * there is none. Throws a 403 response unless the actor may manage localities.
 */
export async function getLocality(actor: Actor, localityId: string) {
  assertCan(actor, "localities:manage");
  const locality = await prisma.locality.findUnique({
    where: { id: localityId },
    include: { areas: { orderBy: { name: "asc" } }, _count: { select: { schools: true } } },
  });
  if (!locality) return null;
  const { _count, ...rest } = locality;
  return { ...rest, schoolCount: _count.schools, areaKind: areaKindFor(locality.localAuthority) };
}

type Refusal = Extract<Result<never>, { ok: false }>;

const nameError = (message: string): Refusal => ({ ok: false, fieldErrors: { name: [message] } });

const localityNameTaken = (name: string) => `There is already a locality called ${name}`;

/**
 * Saves, or turns a clash on a unique name into a message by the name field. The clash is checked in the
 * saving transaction (in any case); this catches one the unique index finds all the same.
 */
async function saveUnlessNameClashes<T>(save: () => Promise<T>, clash: string): Promise<Result<T>> {
  try {
    return { ok: true, value: await save() };
  } catch (error) {
    if (isUniqueViolation(error)) return nameError(clash);
    throw error;
  }
}

/**
 * Whether another locality has `name` written any way (sameName). Read inside the saving transaction, so
 * the same name saved a moment before, in another case, counts: the unique index compares exactly.
 */
async function nameTaken(tx: Prisma.TransactionClient, name: string, exceptId?: string) {
  const all = await tx.locality.findMany({ select: { id: true, name: true } });
  return all.some((locality) => locality.id !== exceptId && sameName(locality.name, name));
}

/** Thrown inside a saving transaction to roll it back with the refusal its checks found. */
class Refused extends Error {
  constructor(readonly result: Refusal) {
    super("refused");
  }
}

/** Thrown inside a saving transaction to roll it back when another save changed the record since its page was drawn. */
class ChangedSincePageDrawn extends Error {
  constructor(readonly result: ChangedMeanwhile) {
    super("changed meanwhile");
  }
}

/** Runs `save`, giving back the refusal a `Refused` thrown inside it carries. */
async function unlessRefused<T>(save: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await save();
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}

/**
 * Adds a locality; a name already used (in any case) is refused. The same form sent again
 * (`input.formToken`: a double click, a retry) adds nothing more and returns the locality the first
 * sending added, with `repeat`, in place of "There is already a locality called …" (decision 0147); a 404
 * response if that locality has gone since. Sent again with other details, it is refused whole
 * (SentWithOtherDetails, decision 0178). Throws a 403 response unless the actor may manage localities.
 */
export async function createLocality(
  actor: Actor,
  input: { name: string; localAuthority: string; formToken?: string },
): Promise<Result<{ id: string; repeat?: true }> | SentWithOtherDetails> {
  assertCan(actor, "localities:manage");
  const parsed = localitySchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: parsed.error.flatten().fieldErrors as FieldErrors };
  const { name, localAuthority } = parsed.data;
  const saved = await saveUnlessNameClashes(
    () =>
      saveOnce(parsed.data.formToken, "Locality", parsed.data, (note) =>
        unlessRefused(() =>
          prisma.$transaction(async (tx): Promise<Result<{ id: string }>> => {
            if (await nameTaken(tx, name)) throw new Refused(nameError(localityNameTaken(name)));
            const created = await tx.locality.create({ data: { name, localAuthority } });
            await recordAudit(
              { actor, action: "create", entityType: "Locality", entityId: created.id, summary: `Added locality ${name} (${localAuthority})` },
              tx,
            );
            await note(tx, [created.id]);
            return { ok: true, value: { id: created.id } };
          }),
        ),
      ),
    localityNameTaken(name),
  );
  if (!saved.ok) return saved;
  // The first sending's locality, if it is still there (else a 404, as for any locality gone).
  return answerSentBefore(saved.value, {
    find: (ids) => prisma.locality.findUnique({ where: { id: ids[0] }, select: { id: true, name: true } }),
    what: "locality",
    repeat: (first) => ({ ok: true as const, value: { id: first.id, repeat: true as const } }),
    made: (first) => `the locality ${first.name} added`,
  });
}

/** A locality's field its rename form changes, by its label there (decision 0148). */
const LOCALITY_FORM_FIELDS = { name: "New name" } as const;

/** The fingerprint of a locality's name as its rename page shows it (editVersion). Pure: the locality was read for an actor already. */
export function localityVersion(locality: { name: string }): string {
  return editVersion(locality, Object.keys(LOCALITY_FORM_FIELDS));
}

/**
 * Renames a locality; null when there is no such locality. `changed` is false, with nothing written or
 * audited, when it already has the name exactly as given. With `input.version`, the fingerprint its
 * page showed (localityVersion), a rename after another renamed it is refused with `changedMeanwhile`
 * (decision 0148). Throws a 403 response unless the actor may manage localities.
 */
export async function renameLocality(
  actor: Actor,
  localityId: string,
  input: { name: string; version?: string },
): Promise<Result<{ id: string; changed: boolean }> | ChangedMeanwhile | null> {
  assertCan(actor, "localities:manage");
  const parsed = renameLocalitySchema.safeParse(input);
  if (!parsed.success) {
    return (await prisma.locality.count({ where: { id: localityId } })) ? { ok: false, fieldErrors: parsed.error.flatten().fieldErrors as FieldErrors } : null;
  }
  const { name } = parsed.data;
  // The version as the caller gave it: none from a caller in code, "not sent" from a form without it.
  const version = input.version;
  // A locality deleted by someone else a moment before is as missing as one never there.
  const renaming = unlessRecordGone(
    () =>
      unlessRefused(() =>
        saveUnlessNameClashes(
          () =>
            // Read, compared and written in one transaction, so a rename saved a moment before is seen.
            prisma.$transaction(async (tx) => {
              const locality = await tx.locality.findUniqueOrThrow({ where: { id: localityId } });
              if (name === locality.name) return { id: locality.id, changed: false };
              const stale = changedMeanwhile(locality, { name }, LOCALITY_FORM_FIELDS, version);
              if (stale) throw new ChangedSincePageDrawn(stale);
              if (await nameTaken(tx, name, localityId)) throw new Refused(nameError(localityNameTaken(name)));
              await tx.locality.update({ where: { id: localityId }, data: { name } });
              await recordAudit(
                { actor, action: "update", entityType: "Locality", entityId: localityId, summary: `Renamed locality ${locality.name} to ${name}` },
                tx,
              );
              return { id: locality.id, changed: true };
            }),
          localityNameTaken(name),
        ),
      ),
    null,
  );
  return renaming.catch((error: unknown) => {
    if (error instanceof ChangedSincePageDrawn) return error.result;
    throw error;
  });
}

/**
 * Maps a GIAS ward (Leicester) or district (county and Rutland) to a locality. The kind follows the
 * locality's local authority, because that is what the import looks up. A name maps to one locality only.
 * The same form sent again (`input.formToken`: a double click, a retry) maps nothing more and returns the
 * name the first sending mapped, with `repeat`, in place of "already mapped to this locality" (decision
 * 0147); sent again with other details, it is refused whole (SentWithOtherDetails, decision 0178). Null
 * when there is no such locality; a 404 for a repeat whose mapping is no longer this locality's; throws a 403 response unless the actor may manage localities.
 */
export async function addLocalityArea(
  actor: Actor,
  localityId: string,
  input: { name: string; formToken?: string },
): Promise<Result<{ name: string; repeat?: true }> | SentWithOtherDetails | null> {
  assertCan(actor, "localities:manage");
  const locality = await prisma.locality.findUnique({ where: { id: localityId } });
  if (!locality) return null;
  const parsed = localityAreaSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: parsed.error.flatten().fieldErrors as FieldErrors };
  const { name } = parsed.data;
  const kind = areaKindFor(locality.localAuthority);
  const label = AREA_KIND_LABELS[kind];
  const saved = await saveUnlessNameClashes(
    () =>
      saveOnce(parsed.data.formToken, "LocalityArea", { localityId, ...parsed.data }, (note) =>
        unlessRefused(() =>
          prisma.$transaction(async (tx): Promise<Result<{ name: string }>> => {
            // In the transaction: the same name in another case, mapped a moment before, counts.
            const existing = (await tx.localityArea.findMany({ where: { kind }, include: { locality: true } })).find((area) => sameName(area.name, name));
            if (existing) {
              const where = existing.localityId === localityId ? "this locality" : existing.locality.name;
              throw new Refused(nameError(`The ${label} ${existing.name} is already mapped to ${where}`));
            }
            const area = await tx.localityArea.create({ data: { kind, name, localityId } });
            await recordAudit(
              { actor, action: "create", entityType: "LocalityArea", entityId: area.id, summary: `Mapped the ${label} ${name} to ${locality.name}` },
              tx,
            );
            await note(tx, [area.id]);
            return { ok: true, value: { name } };
          }),
        ),
      ),
    `The ${label} ${name} is already mapped to a locality`,
  );
  if (!saved.ok) return saved;
  // The first sending's mapping, if it is still this locality's (a token sent from another locality's page
  // mapped its name there, not here); else a 404: removed since, or the token came from another locality's page.
  return answerSentBefore(saved.value, {
    find: (ids) => prisma.localityArea.findFirst({ where: { id: ids[0], localityId }, select: { name: true } }),
    what: "district or ward mapping",
    repeat: (first) => ({ ok: true as const, value: { name: first.name, repeat: true as const } }),
    made: (first) => `${first.name} mapped to this locality`,
  });
}

/** Removes a mapping from a locality; null when the mapping is not this locality's. Throws a 403 response unless the actor may manage localities. */
export async function removeLocalityArea(actor: Actor, localityId: string, areaId: string): Promise<{ name: string } | null> {
  assertCan(actor, "localities:manage");
  const area = await prisma.localityArea.findFirst({ where: { id: areaId, localityId }, include: { locality: true } });
  if (!area) return null;
  // A mapping removed by someone else a moment before is as missing as one never there.
  return unlessRecordGone(
    () =>
      prisma.$transaction(async (tx) => {
        await tx.localityArea.delete({ where: { id: area.id } });
        await recordAudit(
          {
            actor,
            action: "delete",
            entityType: "LocalityArea",
            entityId: area.id,
            summary: `Removed the ${AREA_KIND_LABELS[area.kind as keyof typeof AREA_KIND_LABELS] ?? area.kind} ${area.name} from ${area.locality.name}`,
          },
          tx,
        );
        return { name: area.name };
      }),
    null,
  );
}
