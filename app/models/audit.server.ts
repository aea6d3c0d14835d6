import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { containsAnyCase } from "~/models/text-match.server";
import { pageWithin } from "~/lib/pagination";
import { cutToCharacters } from "~/lib/characters";

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
