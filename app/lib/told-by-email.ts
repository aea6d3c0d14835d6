/**
 * The words a page uses after a change that emails a school, built from what the mailer really did
 * (`SchoolTold` from app/models/booking-messages.server.ts), never from what it meant to do: "told by
 * email" only when a mail server was given the message for at least one person, never for one kept in the
 * outbox because no mail server is set up. Pure, so no actor.
 */
import { counted, listInWords } from "~/lib/numbers";

/**
 * What the mailer did for one school: people sent the message (or, `inOutbox`, whose message was kept in
 * the outbox because no mail server is set up), and sends refused.
 */
type SchoolTold = { schoolId: string; schoolName: string; sent: number; failed: number; inOutbox: boolean; emails?: number };

/**
 * What the mailer did for several messages, one entry a school (messages to one school: one cancellation
 * a booking, one offer a place): told only where every one of its messages went to someone, so the
 * fewest people any of them reached; refusals and `emails` (the messages written) added up. Entries in the
 * order each school first appears.
 */
export function oneEntryASchool(told: readonly SchoolTold[]): SchoolTold[] {
  const bySchool = new Map<string, SchoolTold>();
  for (const t of told) {
    const before = bySchool.get(t.schoolId);
    bySchool.set(
      t.schoolId,
      before
        ? {
            ...t,
            sent: Math.min(before.sent, t.sent),
            failed: before.failed + t.failed,
            inOutbox: before.inOutbox || t.inOutbox,
            emails: (before.emails ?? before.sent + before.failed) + t.sent + t.failed,
          }
        : t,
    );
  }
  return [...bySchool.values()];
}

/** Schools whose message reached someone: sent by a mail server, not kept in the outbox. */
const toldOne = (t: SchoolTold) => t.sent > 0 && !t.inOutbox;
/** Schools whose message is in the outbox for want of a mail server: nobody there has it. */
const keptInOutbox = (t: SchoolTold) => t.sent > 0 && t.inOutbox;
/** Why nobody has been told although a message was written for them. */
const NO_MAIL_SERVER = "No mail server is set up, so";

/** A flash message and, when the lead can put it right, a link to invite someone from the school. */
type ToldMessage = { message: string; link?: { to: string; text: string } };

const people = (n: number) => counted(n, "person", "people");

/** Where the lead invites someone, with the school chosen already. */
function inviteLink(school: { schoolId: string; schoolName: string }) {
  return { to: `/admin/users/invite?schoolId=${encodeURIComponent(school.schoolId)}`, text: `Invite someone from ${school.schoolName}` };
}

/**
 * One sentence on who at one school was told, for a page that follows `done` ("Booking confirmed.").
 * `canInvite` (the lead) adds a link to invite someone when no teacher at the school has an active account (none yet, or each deactivated).
 */
export function toldSchool(done: string, school: SchoolTold, { canInvite }: { canInvite: boolean }): ToldMessage {
  if (school.emails) return toldSchoolOfSeveral(done, school, school.emails);
  const failed = school.failed > 0 ? ` The email to ${people(school.failed)} there could not be sent.` : "";
  if (keptInOutbox(school)) {
    return {
      message: `${done} ${NO_MAIL_SERVER} the email to ${people(school.sent)} at ${school.schoolName} is in the outbox: nobody there has been told yet.${failed}`,
    };
  }
  if (toldOne(school)) {
    return { message: `${done} ${people(school.sent)} at ${school.schoolName} ${school.sent === 1 ? "has" : "have"} been told by email.${failed}` };
  }
  if (school.failed > 0) return { message: `${done} The email to ${school.schoolName} could not be sent, so nobody there has been told yet.` };
  return {
    message: `${done} No teacher at ${school.schoolName} has an active account, so nobody there has been told by email.`,
    link: canInvite ? inviteLink(school) : undefined,
  };
}

/**
 * toldSchool for several messages to one school (a closed school's bookings, one cancellation each),
 * sent to people who may differ from one message to the next: counted in emails, not people.
 */
function toldSchoolOfSeveral(done: string, school: SchoolTold, emails: number): ToldMessage {
  const written = emails - school.failed;
  const failed = school.failed > 0 ? ` ${counted(school.failed, "email")} to people there could not be sent.` : "";
  if (written === 0) return { message: `${done} The emails to ${school.schoolName} could not be sent, so nobody there has been told yet.` };
  const these = `${counted(written, "email")} to people at ${school.schoolName}`;
  if (school.inOutbox)
    return { message: `${done} ${NO_MAIL_SERVER} the ${these} ${written === 1 ? "is" : "are"} in the outbox: nobody there has been told yet.${failed}` };
  return { message: `${done} ${upperFirst(these)} ${written === 1 ? "was" : "were"} sent.${failed}` };
}

const listNames = listInWords;

/** "the email to Ash School" or "the emails to Ash and Cedar": `count` emails in all. `schools` is already worded. */
const emailsTo = (count: number, schools: string) => (count === 1 ? `the email to ${schools}` : `the emails to ${schools}`);
/** How many emails the schools were written, as the sentences count them: one a school unless `emails` says more. */
const messagesTo = (schools: SchoolTold[]) => schools.reduce((sum, t) => sum + (t.emails ?? 1), 0);
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The same for a change that emails several schools (a session cancelled or changed): how many schools
 * were told, and by name those that were not (`named: false`: counted, for a message with another part
 * to fit in FLASH_MESSAGE_LENGTH), with a link to invite someone when exactly one school has no account
 * (several: the invite page); then the emails refused for some people at schools that were told. No
 * schools at all: `done` alone.
 */
export function toldSchools(done: string, schools: SchoolTold[], { canInvite, named = true }: { canInvite: boolean; named?: boolean }): ToldMessage {
  if (schools.length === 0) return { message: done };
  const theseSchools = named ? someSchools : (names: string[]) => counted(names.length, "school");
  const reached = schools.filter(toldOne).length;
  const kept = schools.filter(keptInOutbox);
  const nobody = schools.filter((t) => t.sent === 0 && t.failed === 0);
  const failed = schools.filter((t) => t.sent === 0 && t.failed > 0);
  const parts = [done];
  parts.push(reached > 0 ? `${counted(reached, "school has", "schools have")} been told by email.` : "No school has been told by email.");
  if (kept.length > 0) {
    const count = messagesTo(kept);
    parts.push(`${NO_MAIL_SERVER} ${emailsTo(count, theseSchools(kept.map((t) => t.schoolName)))} ${count === 1 ? "is" : "are"} in the outbox.`);
  }
  if (nobody.length > 0) {
    parts.push(
      `No teacher at ${theseSchools(nobody.map((t) => t.schoolName))} has an active account, so ${nobody.length === 1 ? "that school has" : "those schools have"} not been told.`,
    );
  }
  if (failed.length > 0) parts.push(`${upperFirst(emailsTo(messagesTo(failed), theseSchools(failed.map((t) => t.schoolName))))} could not be sent.`);
  const partly = refusedForSome(schools, "email", theseSchools);
  if (partly) parts.push(partly);
  const link =
    !canInvite || nobody.length === 0
      ? undefined
      : nobody.length === 1
        ? inviteLink(nobody[0]!)
        : { to: "/admin/users/invite", text: "Invite someone from these schools" };
  return { message: parts.join(" "), link };
}

/** Up to three schools by name, more as a count, so a message about many schools stays short enough to show whole (FLASH_MESSAGE_LENGTH). */
const someSchools = (names: string[]) => (names.length <= 3 ? listNames(names) : `${names.length} schools`);

/**
 * "1 email to people at Ash could not be sent.": the sends refused at schools whose message reached
 * others there (`what`, one a send: "email", "reminder"), or null when there were none. A school whose
 * every send was refused is said apart, as not told.
 */
function refusedForSome(schools: SchoolTold[], what: string, names: (names: string[]) => string): string | null {
  const partly = schools.filter((t) => t.sent > 0 && t.failed > 0);
  if (partly.length === 0) return null;
  const count = partly.reduce((sum, t) => sum + t.failed, 0);
  return `${upperFirst(counted(count, what))} to people at ${names(partly.map((t) => t.schoolName))} could not be sent.`;
}

/**
 * After reminding schools to record attendance (app/models/overdue-returns.server.ts): how many schools
 * were emailed, those with nobody to email, those whose email failed and the reminders refused for some
 * people at schools that were emailed, and those skipped because they had been reminded since the lead's
 * page was drawn (a second submit of the same page). Schools are named up to three at a time; the page
 * lists the rest with their warnings.
 */
export function toldAboutReminders(
  { told, remindedAlready, notOverdue = 0 }: { told: SchoolTold[]; remindedAlready: string[]; notOverdue?: number },
  { canInvite }: { canInvite: boolean },
): ToldMessage {
  if (told.length === 0 && remindedAlready.length === 0) {
    // A school's own button names its booking: only that one is known not to be overdue, not the list.
    if (notOverdue > 0) {
      return { message: "That session's attendance return is not overdue now (it may have been recorded since the page was opened), so no one was reminded." };
    }
    return { message: "No attendance returns are overdue, so no one was reminded." };
  }
  const emailed = told.filter(toldOne).length;
  const kept = told.filter(keptInOutbox);
  const nobody = told.filter((t) => t.sent === 0 && t.failed === 0);
  const failed = told.filter((t) => t.sent === 0 && t.failed > 0);
  const parts = [emailed > 0 ? `Reminders to record attendance sent: ${counted(emailed, "school")} emailed.` : "No reminders sent."];
  // Each of a school's people, for each of its bookings, has a reminder: "the reminder" only when that is one in all.
  const reminders = (schools: SchoolTold[], count: number) =>
    count === 1 ? `the reminder to ${schools[0]!.schoolName}` : `the reminders to ${someSchools(schools.map((t) => t.schoolName))}`;
  if (kept.length > 0) {
    const count = kept.reduce((sum, t) => sum + t.sent, 0);
    parts.push(`${NO_MAIL_SERVER} ${reminders(kept, count)} ${count === 1 ? "is" : "are"} in the outbox.`);
  }
  if (nobody.length > 0) {
    parts.push(
      `${someSchools(nobody.map((t) => t.schoolName))} ${nobody.length === 1 ? "has" : "have"} no teacher with an active account, so no one there was reminded.`,
    );
  }
  if (failed.length > 0) {
    const count = failed.reduce((sum, t) => sum + t.failed, 0);
    parts.push(`${upperFirst(reminders(failed, count))} could not be sent.`);
  }
  const partly = refusedForSome(told, "reminder", someSchools);
  if (partly) parts.push(partly);
  if (remindedAlready.length > 0) {
    // Worded for either transport: a reminder made since the page was opened may be one kept in the outbox.
    parts.push(
      `${someSchools(remindedAlready)} already had a reminder made after this page was opened, so no second one was made for ${remindedAlready.length === 1 ? "it" : "them"}.`,
    );
  }
  const link =
    !canInvite || nobody.length === 0
      ? undefined
      : nobody.length === 1
        ? inviteLink(nobody[0]!)
        : { to: "/admin/users/invite", text: "Invite someone from these schools" };
  return { message: parts.join(" "), link };
}

/**
 * One sentence on an email to one person (an invitation, a link to set a password): sent, or, with no mail
 * server set up (`inOutbox`), kept in the outbox, where only the VRN lead reads it. `what` names the email
 * with its article, e.g. "The invitation": "The invitation was sent to a@b.org."
 */
export function emailedTo(what: string, email: string, inOutbox: boolean): string {
  return inOutbox ? `${what} for ${email} is in the outbox: no mail server is set up, so it has not been sent.` : `${what} was sent to ${email}.`;
}

/**
 * After closing schools (decision 0145): `done`, then what closing them withdrew, as the model reports
 * it: their bookings still to come cancelled, their places on waiting lists given up, who at the closed
 * schools was told, and the places then offered to schools waiting and whether those schools were told.
 * Nothing withdrawn: `done` alone. No invite link: a closed school takes no one new, and the lead reaches a
 * school offered a place from its session's page.
 */
export function toldOfClosing(
  done: string,
  withdrawn: { bookings: number; waitingLists: number; offers: number; told: SchoolTold[]; offered: SchoolTold[] } | undefined,
): ToldMessage {
  if (!withdrawn || withdrawn.bookings + withdrawn.waitingLists + withdrawn.offers === 0) return { message: done };
  const parts = [done];
  if (withdrawn.bookings > 0) parts.push(`${counted(withdrawn.bookings, "booking")} still to come ${withdrawn.bookings === 1 ? "was" : "were"} cancelled.`);
  if (withdrawn.waitingLists > 0) {
    parts.push(`${counted(withdrawn.waitingLists, "place")} on a waiting list ${withdrawn.waitingLists === 1 ? "was" : "were"} given up.`);
  }
  const sentence = parts.join(" ");
  const [only] = withdrawn.told;
  // Several closed schools (an import) are counted, not named, so that the offers' part fits too.
  const closed =
    withdrawn.told.length === 1 && only
      ? toldSchool(sentence, only, { canInvite: false })
      : toldSchools(sentence, withdrawn.told, { canInvite: false, named: false });
  if (withdrawn.offers === 0) return closed;
  // Counted, not named: the lead finds them on each session's page.
  const offers = toldSchools(`${counted(withdrawn.offers, "place was", "places were")} offered to schools waiting.`, oneEntryASchool(withdrawn.offered), {
    canInvite: false,
    named: false,
  });
  return { message: `${closed.message} ${offers.message}` };
}

/**
 * What a page says, after `done`, of the places a change freed and offered to schools waiting (`offered`,
 * what the mailer did for each). The lead reads whether they were told, naming those that were not (`toldSchools`);
 * a school user reads only that the place went to the next school waiting, since which other schools wait
 * is not theirs to see. `canInvite` as for `toldSchools`; `where` says which session's places, after
 * "The place" (" on the old date"); `places`, given the number offered, replaces the sentence's opening up to
 * "offered" ("A place on it was"). Nothing is added when no place was offered.
 */
export function withPlacesOffered(
  done: ToldMessage,
  offered: SchoolTold[],
  { lead, canInvite, where = "", places: opening }: { lead: boolean; canInvite: boolean; where?: string; places?: (count: number) => string },
): ToldMessage {
  if (offered.length === 0) return done;
  const places = opening?.(offered.length) ?? (offered.length === 1 ? `The place${where} was` : `The ${offered.length} places${where} were`);
  const sentence = `${places} offered to the first ${offered.length === 1 ? "school" : "schools"} waiting with someone who can book.`;
  const then = lead ? toldSchools(sentence, oneEntryASchool(offered), { canInvite }) : { message: sentence };
  return { message: `${done.message} ${then.message}`, link: done.link ?? then.link };
}

/** `withPlacesOffered`'s opening for places a change to the session itself opened (more places, booking open longer). */
export const placesOnIt = (count: number) => (count === 1 ? "A place on it was" : `${count} places on it were`);

/**
 * Who at a waiting school is emailed when a place is offered to it, as the offer's rule is in
 * `offerRecipients` (app/models/booking-messages.server.ts, decision 0149), for a school user's page.
 */
export const OFFER_EMAILED_TO = "your school's teachers (or, if no teacher there has an active account, its MVP leads)";

/**
 * What a school user reads after their school leaves a session's waiting list; when it held an offer, that
 * the place was offered on (`offered`, from `leaveWaitlist`), without naming the school it went to.
 */
export function leftWaitingList(offered: SchoolTold[]): ToldMessage {
  return withPlacesOffered({ message: "Your school has left the waiting list." }, offered, {
    lead: false,
    canInvite: false,
    places: () => "The place held for your school was",
  });
}
