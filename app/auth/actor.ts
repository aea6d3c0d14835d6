/**
 * The person acting, and the one rule for which schools they may see. Every model function that reads
 * or changes data takes an `Actor` as its first argument and asks here, so a route can never forget a
 * permission or widen a school user's scope by passing a school id from a form or an address.
 */
import { forbidden } from "~/lib/responses.server";
import { can, type Permission } from "./roles";

/**
 * The signed-in user as the models see them. `role` is one of `ROLES`; `schoolId` is set for school
 * roles (teacher, MVP lead) and null for the VRN lead. A `SessionUser` is an `Actor`.
 */
export type Actor = {
  id: string;
  email: string;
  name: string;
  role: string;
  schoolId: string | null;
  /** Their school's lifecycle status as the request began, when the session brought it (SessionUser). */
  schoolStatus?: string | null;
};

/** Throws a 403 response unless the actor holds the permission. */
export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) forbidden();
}

/** The VRN lead sees every school; a school user sees only their own. */
export function canSeeSchool(actor: Pick<Actor, "role" | "schoolId">, schoolId: string): boolean {
  if (actor.role === "VRN_LEAD") return true;
  return actor.schoolId !== null && actor.schoolId === schoolId;
}

/** Throws a 403 response unless the actor may see this school's records. */
export function assertCanSeeSchool(actor: Actor, schoolId: string): void {
  if (!canSeeSchool(actor, schoolId)) forbidden();
}

/**
 * The school a school user acts for: always their own, never one named in a request. Throws a 403
 * response when the actor lacks `permission` or belongs to no school.
 */
export function ownSchoolId(actor: Actor, permission: Permission): string {
  if (!can(actor, permission) || !actor.schoolId) forbidden();
  return actor.schoolId;
}

/**
 * A Prisma where-clause fragment limiting rows to the schools the actor may see: `{}` (every school)
 * when they hold `allSchools`, else `{ schoolId }` of their own school. Throws a 403 response when a
 * user without `allSchools` belongs to no school.
 */
export function schoolScope(actor: Actor, allSchools: Permission): { schoolId?: string } {
  if (can(actor, allSchools)) return {};
  if (!actor.schoolId) forbidden();
  return { schoolId: actor.schoolId };
}
