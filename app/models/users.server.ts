import { assertCan, type Actor } from "~/auth/actor";
import { can, isRole, type Role } from "~/auth/roles";
import { invalidateUserSessions } from "~/auth/session.server";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { pageWithin } from "~/lib/pagination";
import { roleLabel, schoolProblem, type UserStatus } from "~/lib/user-access";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { recordAudit } from "./audit.server";
import { schoolRefusal } from "./school-status.server";
import { containsAnyCase } from "~/models/text-match.server";

const USER_PAGE_SIZE = 25;

/** `schoolId` narrows the list to one school's people (its page); the other filters come from the users page. */
export type UserFilters = { q?: string; role?: Role; status?: UserStatus; schoolId?: string; page: number };

/**
 * Everyone with an account, by name, a page at a time (a page past the end shows the last: `pageWithin`);
 * `q` matches part of a name or an email address.
 * Throws a 403 response unless the actor may manage users.
 */
export async function listUsers(actor: Actor, { q, role, status, schoolId, page }: UserFilters) {
  assertCan(actor, "users:manage");
  const where: Prisma.UserWhereInput = {
    ...(schoolId ? { schoolId } : {}),
    ...(q ? { OR: [{ name: containsAnyCase(q) }, { email: containsAnyCase(q) }] } : {}),
    ...(role ? { role } : {}),
    ...(status ? { active: status === "active" } : {}),
  };
  const total = await prisma.user.count({ where });
  const shown = pageWithin(page, total, USER_PAGE_SIZE);
  const users = await prisma.user.findMany({
    where,
    orderBy: [{ name: "asc" }, { email: "asc" }],
    skip: shown.skip,
    take: shown.take,
    select: { id: true, name: true, email: true, role: true, active: true, school: { select: { name: true } } },
  });
  return { users, total, page: shown.page, pageCount: shown.pageCount };
}

/**
 * One person's account as the lead manages it, with how many live sessions they have; null when there
 * is no such user. Throws a 403 response unless the actor may manage users.
 */
export async function getUserForAdmin(actor: Actor, userId: string, now = new Date()) {
  assertCan(actor, "users:manage");
  return prisma.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      schoolId: true,
      createdAt: true,
      school: { select: { name: true } },
      _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } },
    },
  });
}

/**
 * The schools a person can be placed in, as select options: open ones, plus the one they are in now if
 * it has closed. Throws a 403 response unless the actor may manage users.
 */
export async function schoolChoices(actor: Actor, currentSchoolId?: string | null) {
  assertCan(actor, "users:manage");
  const schools = await prisma.school.findMany({
    where: { OR: [{ status: "OPEN" }, ...(currentSchoolId ? [{ id: currentSchoolId }] : [])] },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  return schools.map((school) => ({ value: school.id, label: school.name }));
}

type Refusal = { ok: false; reason: "not-found" } | { ok: false; reason: "refused"; field: string; message: string };

/** A person's fields the change of access form changes, by their labels there (decision 0148). */
const ACCESS_FORM_FIELDS = { role: "Role", schoolId: "School" } as const;

/** The fingerprint of a person's role and school as the page about them shows them (editVersion). Pure: they were read for an actor already. */
export function accessVersion(user: { role: string; schoolId: string | null }): string {
  return editVersion(user, Object.keys(ACCESS_FORM_FIELDS));
}

/**
 * Changes a person's role and school. The lead may not take away their own lead role, so the forum
 * always has someone who can manage it (whoever acts here is an active lead). With `version`, the
 * fingerprint the page showed (accessVersion), a change after another changed them is refused with
 * `changedMeanwhile` (decision 0148). Throws a 403 response unless the actor may manage users.
 */
export async function changeUserAccess(
  actor: Actor,
  userId: string,
  { role, schoolId: rawSchoolId, version }: { role: Role; schoolId?: string | null; version?: string },
): Promise<{ ok: true; changed: boolean; name: string } | Refusal | ChangedMeanwhile> {
  assertCan(actor, "users:manage");
  const schoolId = rawSchoolId || null;
  if (userId === actor.id && role !== "VRN_LEAD") {
    return { ok: false, reason: "refused", field: "role", message: "You cannot remove your own VRN schools lead role. Ask another lead to do it" };
  }
  const problem = schoolProblem(role, schoolId);
  if (problem) return { ok: false, reason: "refused", field: "schoolId", message: problem };
  // Read, compared and written in one transaction: a change saved a moment before, to the person or to
  // the school (closed meanwhile), is seen here.
  return prisma.$transaction(async (tx): Promise<{ ok: true; changed: boolean; name: string } | Refusal | ChangedMeanwhile> => {
    const user = await tx.user.findUnique({ where: { id: userId }, include: { school: { select: { name: true } } } });
    if (!user) return { ok: false, reason: "not-found" };
    const school = schoolId ? await tx.school.findUnique({ where: { id: schoolId }, select: { name: true } }) : null;
    if (schoolId && !school) return { ok: false, reason: "refused", field: "schoolId", message: "Select a school from the list" };
    // Moving someone to a school counts as inviting them there: a closed school takes no new people.
    const closed = schoolId && schoolId !== user.schoolId ? await schoolRefusal(schoolId, "invitation", tx) : null;
    if (closed) return { ok: false, reason: "refused", field: "schoolId", message: closed };

    const roleChanged = user.role !== role;
    const schoolChanged = user.schoolId !== schoolId;
    if (!roleChanged && !schoolChanged) return { ok: true, changed: false, name: user.name };
    const stale = changedMeanwhile(user, { role, schoolId }, ACCESS_FORM_FIELDS, version);
    if (stale) return stale;
    if (!(await stillManagesUsers(tx, actor))) return NO_LONGER_MANAGES;

    const changes = [
      roleChanged ? `role from ${roleLabel(user.role)} to ${roleLabel(role)}` : null,
      schoolChanged ? `school from ${user.school?.name ?? "none"} to ${school?.name ?? "none"}` : null,
    ].filter(Boolean);
    await tx.user.update({ where: { id: userId }, data: { role, schoolId } });
    await recordAudit(
      {
        actor,
        action: roleChanged ? "change-role" : "change-school",
        entityType: "User",
        entityId: userId,
        summary: `Changed ${user.email}'s ${changes.join(" and ")}`,
      },
      tx,
    );
    return { ok: true, changed: true, name: user.name };
  });
}

/**
 * Deactivates an account and ends every session it has, so it is signed out everywhere at once. Throws
 * a 403 response unless the actor may manage users.
 */
export async function deactivateUser(actor: Actor, userId: string): Promise<{ ok: true; name: string; changed: boolean } | Refusal> {
  assertCan(actor, "users:manage");
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, active: true } });
  if (!user) return { ok: false, reason: "not-found" };
  if (user.id === actor.id) {
    return { ok: false, reason: "refused", field: "", message: "You cannot deactivate your own account. Ask another VRN schools lead to do it" };
  }
  const changed = await setActive(actor, user, false);
  if (typeof changed !== "boolean") return changed;
  await invalidateUserSessions(user.id);
  return { ok: true, name: user.name, changed };
}

/** Lets a deactivated person sign in again. Throws a 403 response unless the actor may manage users. */
export async function reactivateUser(actor: Actor, userId: string): Promise<{ ok: true; name: string; changed: boolean } | Refusal> {
  assertCan(actor, "users:manage");
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, active: true } });
  if (!user) return { ok: false, reason: "not-found" };
  const changed = await setActive(actor, user, true);
  return typeof changed === "boolean" ? { ok: true, name: user.name, changed } : changed;
}

/**
 * What a lead is told when their own account was deactivated or given another role a moment before their
 * change was saved (stillManagesUsers): two leads deactivating or demoting each other at once would
 * otherwise leave nobody who can manage the service.
 */
const NO_LONGER_MANAGES = {
  ok: false as const,
  reason: "refused" as const,
  field: "",
  message: "Your own account has just been deactivated or given another role, so it can no longer change other people's. Nothing was saved.",
};

/**
 * Whether `actor` is still an active VRN schools lead, read inside the transaction that makes their
 * change (transactions run one at a time): the session that let them in was checked before it.
 */
async function stillManagesUsers(tx: Prisma.TransactionClient, actor: Actor): Promise<boolean> {
  const now = await tx.user.findUnique({ where: { id: actor.id }, select: { active: true, role: true } });
  return now !== null && now.active && isRole(now.role) && can({ role: now.role }, "users:manage");
}

/**
 * Flips `active` only if it is not already so, so a repeated click writes no second audit entry. Returns
 * whether it changed, or NO_LONGER_MANAGES when the actor stopped being an active lead first.
 */
function setActive(actor: Actor, user: { id: string; email: string }, active: boolean) {
  return prisma.$transaction(async (tx) => {
    if (!(await stillManagesUsers(tx, actor))) return NO_LONGER_MANAGES;
    const { count } = await tx.user.updateMany({ where: { id: user.id, active: !active }, data: { active } });
    if (count === 0) return false;
    await recordAudit(
      {
        actor,
        action: active ? "reactivate" : "deactivate",
        entityType: "User",
        entityId: user.id,
        summary: `${active ? "Reactivated" : "Deactivated"} the account of ${user.email}`,
      },
      tx,
    );
    return true;
  });
}
