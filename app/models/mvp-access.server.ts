/**
 * Who may read and write which school's MVP records. Every MVP model function takes the acting user
 * and asks here, so a school user's queries are scoped to their own school whoever calls them, and a
 * school named in a form or an address is never trusted for a school user.
 */
import { can, canSeeSchool } from "~/auth/roles";
import { forbidden } from "~/lib/responses.server";
import type { AuditActor } from "./audit.server";

export type MvpActor = { id: string; email: string; role: string; schoolId: string | null };

/** The school an MVP lead records for: always their own. Anyone else is refused. */
export function recordingSchoolId(actor: MvpActor): string {
  if (!can(actor, "mvp:record") || !actor.schoolId) forbidden();
  return actor.schoolId;
}

/** A where-clause limiting rows to the schools this person may read: all for the VRN lead, else their own. */
export function readableSchools(actor: MvpActor): { schoolId?: string } {
  if (can(actor, "mvp:read-all")) return {};
  if (!actor.schoolId) forbidden();
  return { schoolId: actor.schoolId };
}

export function assertCanReadSchool(actor: MvpActor, schoolId: string) {
  if (!canSeeSchool(actor, schoolId)) forbidden();
}

/**
 * Mentors' names are seen by the VRN lead and by the school's own MVP lead. Other staff of the school
 * see the programme's figures, not the children behind them.
 */
export function canSeeMentors(actor: MvpActor, schoolId: string): boolean {
  return can(actor, "mvp:see-mentors") && canSeeSchool(actor, schoolId);
}

/** Where a school user may only read their own school, and only the mentor-seeing roles see cohorts. */
export function mentorReadScope(actor: MvpActor): { schoolId?: string } {
  if (!can(actor, "mvp:see-mentors")) forbidden();
  return readableSchools(actor);
}

export function auditActor(actor: MvpActor | null): AuditActor {
  return actor ? { id: actor.id, email: actor.email } : null;
}
