/**
 * Who may do what. This is the one place a role's powers are written down; loaders and actions ask
 * `can` (through requirePermission) and models scope school users to their own school.
 */
import { ROLES, type Role } from "~/lib/statuses";
import type { Actor } from "./actor";

export { ROLES, type Role };

export const ROLE_LABELS: Record<Role, string> = {
  VRN_LEAD: "VRN schools lead",
  TEACHER: "Teacher",
  MVP_LEAD: "MVP lead",
};

/** Roles that belong to exactly one school and see only that school's data. */
const SCHOOL_ROLES = ["TEACHER", "MVP_LEAD"] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isSchoolRole(role: Role): boolean {
  return (SCHOOL_ROLES as readonly Role[]).includes(role);
}

const PERMISSIONS = {
  "schools:manage": ["VRN_LEAD"],
  "schools:list-all": ["VRN_LEAD"],
  "localities:manage": ["VRN_LEAD"],
  "users:manage": ["VRN_LEAD"],
  "audit:read": ["VRN_LEAD"],
  "outbox:read": ["VRN_LEAD"],
  "guide:edit": ["VRN_LEAD"],
  // Mentors in Violence Prevention: school users see only their own school (actor.ts); these say the rest.
  "mvp:read-all": ["VRN_LEAD"],
  "mvp:record": ["MVP_LEAD"],
  "mvp:see-mentors": ["VRN_LEAD", "MVP_LEAD"],
  "mvp:manage-modules": ["VRN_LEAD"],
  "mvp:manage-retention": ["VRN_LEAD"],
  // Sessions for schools: the lead runs the offer; school staff book for their own school only.
  "deliveries:manage": ["VRN_LEAD"],
  "deliveries:book": ["TEACHER", "MVP_LEAD"],
  // Pupil surveys: school users run surveys for their own school (scoped in the models); the lead sees every school's.
  "surveys:run": ["VRN_LEAD", "TEACHER", "MVP_LEAD"],
  "surveys:run-mvp": ["MVP_LEAD"],
  "surveys:read-all": ["VRN_LEAD"],
  "surveys:manage-templates": ["VRN_LEAD"],
  // Free text can hold a disclosure: only the lead reads it, and it is never exported.
  "surveys:read-free-text": ["VRN_LEAD"],
  // Reach: the lead sees every school and exports; school staff see their own school beside averages.
  "reach:read-all": ["VRN_LEAD"],
  "reach:read-own": ["TEACHER", "MVP_LEAD"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether someone in this role holds the permission. School scope is `actor.ts`'s to decide. */
export function can(actor: Pick<Actor, "role"> & Partial<Actor>, permission: Permission): boolean {
  return isRole(actor.role) && (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}
