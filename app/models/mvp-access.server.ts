/**
 * Who may read and write which school's MVP records, built on the one scope rule in `~/auth/actor`.
 * Every MVP model function takes the acting user and asks here, so a school user's queries are scoped
 * to their own school whoever calls them, and a school named in a form or an address is never trusted.
 */
import { assertCan, canSeeSchool, ownSchoolId, schoolScope, type Actor } from "~/auth/actor";
import { can } from "~/auth/roles";

/** The school an MVP lead records for: always their own. Anyone else is refused with a 403. */
export function recordingSchoolId(actor: Actor): string {
  return ownSchoolId(actor, "mvp:record");
}

/** A where-clause limiting rows to the schools this person may read: all for the VRN lead, else their own. */
function readableSchools(actor: Actor): { schoolId?: string } {
  return schoolScope(actor, "mvp:read-all");
}

/**
 * Mentors' names are seen by the VRN lead and by the school's own MVP lead. Other staff of the school
 * see the programme's figures, not the children behind them.
 */
export function canSeeMentors(actor: Actor, schoolId: string): boolean {
  return can(actor, "mvp:see-mentors") && canSeeSchool(actor, schoolId);
}

/** Whether this person records MVP data for this school: only the school's own MVP lead; the VRN lead reads. */
export function canRecordFor(actor: Actor, schoolId: string): boolean {
  return can(actor, "mvp:record") && actor.schoolId === schoolId;
}

/** Where a school user may only read their own school, and only the mentor-seeing roles see cohorts. */
export function mentorReadScope(actor: Actor): { schoolId?: string } {
  assertCan(actor, "mvp:see-mentors");
  return readableSchools(actor);
}
