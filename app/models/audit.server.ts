import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { containsAnyCase } from "~/models/text-match.server";
import { pageWithin } from "~/lib/pagination";
import { cutToCharacters } from "~/lib/characters";
import { notFound } from "~/lib/responses.server";

/** Who made a change: a signed-in person, or null for the service itself (scheduled jobs). */
type AuditActor = Pick<Actor, "id" | "email"> | null;

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId?: string | null;
  summary: string;
};

type Db = Prisma.TransactionClient | typeof prisma;

/**
 * Records one change. Pass the transaction client so the entry is written with the change or not at all.
 * No permission check: models call it for changes they have already allowed, and jobs act as no one.
 */
export function recordAudit(entry: AuditEntry, db: Db = prisma) {
  return db.auditEvent.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      summary: cutToCharacters(entry.summary, 500),
    },
  });
}

/**
 * Whether the log records the `entityType` record `entityId` as deleted: one gone because it was deleted
 * here, not one that never was, so a delete sent again can say it was done already (decision 0184). No
 * permission check: the caller has checked the actor may delete such records.
 */
export async function deletedBefore(entityType: string, entityId: string, db: Db = prisma): Promise<boolean> {
  return (await db.auditEvent.count({ where: { entityType, entityId, action: "delete" } })) > 0;
}

/** The log's actions for a change to someone's role or school (users.server.ts changeUserAccess). */
const ACCESS_CHANGES = ["change-role", "change-school"];

/**
 * As `deletedBefore`, for a school's own record, asked on behalf of a user of the school `schoolId`: whether
 * the log records it deleted by someone who is of that school now and whose role and school have not been
 * changed since. School users can delete only their own school's records, so such an entry shows the record
 * was that school's; the log does not record the school itself. A record deleted by anyone else (someone
 * moved to another school since, the VRN lead, an account gone) cannot be shown to have been the school's,
 * and is answered as one that never was, so a school user learns nothing of another school's records
 * (decision 0184). No permission check: the caller has checked the actor may delete the school's records.
 */
async function deletedBeforeAtSchool(entityType: string, entityId: string, schoolId: string, db: Db = prisma): Promise<boolean> {
  const deletes = await db.auditEvent.findMany({
    where: { entityType, entityId, action: "delete", actor: { schoolId } },
    select: { id: true, actorId: true },
  });
  for (const entry of deletes) {
    const movedSince = await db.auditEvent.count({
      where: { entityType: "User", entityId: entry.actorId, action: { in: ACCESS_CHANGES }, id: { gt: entry.id } },
    });
    if (movedSince === 0) return true;
  }
  return false;
}

/** A delete's answer for a record deleted before, as by the same press sent again: nothing changed (decision 0184). */
export type AlreadyDeleted = { ok: true; unchanged: true };

/**
 * The answer of a delete by `actor` that finds no `entityType` record `entityId`: `AlreadyDeleted` when the
 * log shows it deleted before, in the actor's own scope, else the 404 naming `what`, as for a record that
 * never was. The scope comes from the actor, never from the caller: the VRN lead's is every record
 * (deletedBefore); a school user's is their own school's (deletedBeforeAtSchool); anyone else's is none. No
 * permission check: the caller has checked the actor may delete the record had it been there.
 */
export async function alreadyDeleted(actor: Actor, entityType: string, entityId: string, what: string, db: Db = prisma): Promise<AlreadyDeleted> {
  const deleted =
    actor.role === "VRN_LEAD"
      ? await deletedBefore(entityType, entityId, db)
      : actor.schoolId !== null && (await deletedBeforeAtSchool(entityType, entityId, actor.schoolId, db));
  if (!deleted) notFound(what);
  return { ok: true, unchanged: true };
}

/**
 * Inside the transaction `tx`, deletes a record `actor` found a moment before (`remove`, whose count says
 * whether a row went) and logs the delete with `summary`. Null once done; `AlreadyDeleted` (alreadyDeleted,
 * with nothing written) when the record had gone meanwhile, as by the same press sent at the same moment.
 */
export async function deleteLogged(
  actor: Actor,
  tx: Prisma.TransactionClient,
  {
    entityType,
    entityId,
    what,
    summary,
    remove,
  }: { entityType: string; entityId: string; what: string; summary: string; remove: () => Promise<{ count: number }> },
): Promise<AlreadyDeleted | null> {
  if ((await remove()).count === 0) return alreadyDeleted(actor, entityType, entityId, what, tx);
  await recordAudit({ actor, action: "delete", entityType, entityId, summary }, tx);
  return null;
}

const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = {
  action?: string;
  entityType?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  page: number;
};

/**
 * The audit log, newest first, a page at a time (auditFilterChoices gives what its filter offers);
 * `filters.actor` matches part of the email of whoever made a change. Throws a 403 response unless
 * the actor may read the log.
 */
export async function listAuditEvents(actor: Actor, filters: AuditFilters) {
  assertCan(actor, "audit:read");
  const where: Prisma.AuditEventWhereInput = {
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.entityType ? { entityType: filters.entityType } : {}),
    ...(filters.actor ? { actorEmail: containsAnyCase(filters.actor) } : {}),
    ...(filters.from || filters.to ? { at: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {}),
  };
  const total = await prisma.auditEvent.count({ where });
  const shown = pageWithin(filters.page, total, AUDIT_PAGE_SIZE);
  const events = await prisma.auditEvent.findMany({ where, orderBy: { id: "desc" }, skip: shown.skip, take: shown.take });
  return { events, total, page: shown.page, pageCount: shown.pageCount };
}

/**
 * The actions and record types the log's filter offers: those its events have, in order. Throws a 403
 * response unless the actor may read the log.
 */
export async function auditFilterChoices(actor: Actor): Promise<{ actions: string[]; entityTypes: string[] }> {
  assertCan(actor, "audit:read");
  const [actions, entityTypes] = await Promise.all([
    prisma.auditEvent.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    prisma.auditEvent.findMany({ distinct: ["entityType"], select: { entityType: true }, orderBy: { entityType: "asc" } }),
  ]);
  return { actions: actions.map((a) => a.action), entityTypes: entityTypes.map((e) => e.entityType) };
}
