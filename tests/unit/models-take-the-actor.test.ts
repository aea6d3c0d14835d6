/**
 * The convention that keeps school data scoped: every exported model function that queries the database
 * takes the acting person first (`actor: Actor`, or `Actor | null` where the public may call it too) and
 * checks their permission and school itself. This reads the models' source with the TypeScript compiler,
 * so a new function that forgets the actor fails here, whoever calls it.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const MODELS = path.join(process.cwd(), "app", "models");

/**
 * Functions that touch the database without an actor, each for a reason that is not "the route checks".
 * Keyed "file:function".
 */
const REFERENCE_DATA =
  "reference lists for every signed-in user (topic titles, locality and local authority names, academic years, settings): no school's records";
const INTERNAL = "a building block other models call after their own checks (routes may not import it: see eslint.config.js)";
const SCHEDULED = "scheduled work run by the service itself (npm run jobs), not by a person";
const TOKEN = "an invitee has no account yet: the secret token in their link is the authority";
const RESET_TOKEN = "a person who forgot their password cannot sign in: the secret token in their link is the authority";
const PUBLIC = "the published Schools Guide, which anyone may read without an account";
const PUPIL = "a pupil's survey page: pupils have no account, and the survey code is the authority";
const HEALTH = "GET /healthz for monitors: whether the database answers and how long since scheduled work ran, no school's records";
const FIRST_LEAD =
  "setting up a new installation, before anyone has an account: the operator's shell (npm start, npm run create-lead) or the secret token in the printed link is the authority";
const WITHOUT_ACTOR: Record<string, string> = {
  "audit.server.ts:recordAudit": INTERNAL,
  "bookings.server.ts:cancelCutoffHours": REFERENCE_DATA,
  "booking-messages.server.ts:sendRequestedMessage": INTERNAL,
  "booking-messages.server.ts:sendConfirmationMessage": INTERNAL,
  "booking-messages.server.ts:sendDeclinedMessage": INTERNAL,
  "booking-messages.server.ts:sendCancelledMessage": INTERNAL,
  "booking-messages.server.ts:sendDeliveryChangedMessage": INTERNAL,
  "booking-messages.server.ts:sendReminderMessage": INTERNAL,
  "booking-messages.server.ts:sendAttendanceReminder": INTERNAL,
  "booking-messages.server.ts:countSchoolRecipients": INTERNAL,
  "booking-messages.server.ts:sendWaitlistOfferMessage": INTERNAL,
  "booking-messages.server.ts:sendWaitlistOfferShortenedMessage": INTERNAL,
  "deliveries.server.ts:placesLeft": INTERNAL,
  "deliveries.server.ts:placesHeldProblem": INTERNAL,
  "deliveries.server.ts:bookingTermsNow": INTERNAL,
  "guide-editor.server.ts:addRevision": INTERNAL,
  "guide-links.server.ts:publishedPagesWithLinks": INTERNAL,
  "guide-search.server.ts:indexPublishedPage": INTERNAL,
  "guide-search.server.ts:removeFromSearch": INTERNAL,
  "guide-search.server.ts:rebuildSearchIndex": "rebuilds the search index from published pages (seed and start-up), changing no record",
  "guide-search.server.ts:searchGuide": PUBLIC,
  "guide-search-engines.server.ts:findInGuide": INTERNAL,
  "guide.server.ts:toArticle": INTERNAL,
  "guide.server.ts:getContents": PUBLIC,
  "guide.server.ts:getPublishedArticle": PUBLIC,
  "guide.server.ts:sectionSlugNow": PUBLIC,
  "guide.server.ts:findGuidePage": PUBLIC,
  "invitations.server.ts:findInvitationByToken": TOKEN,
  "invitations.server.ts:acceptInvitation": TOKEN,
  "password-resets.server.ts:requestPasswordReset":
    "anyone may ask for a reset link for an address; it goes only to that address's own mailbox, and the page reads the same either way",
  "password-resets.server.ts:findPasswordReset": RESET_TOKEN,
  "password-resets.server.ts:resetPassword": RESET_TOKEN,
  "raw-sql.server.ts:selectRows": INTERNAL,
  "raw-sql.server.ts:executeStatement": INTERNAL,
  "lead-setup.server.ts:hasActiveLead": "whether any active VRN lead exists (the setup gate): a yes or no, no one's records",
  "lead-setup.server.ts:issueLeadSetupLink": FIRST_LEAD,
  "lead-setup.server.ts:findLeadSetupLink": FIRST_LEAD,
  "lead-setup.server.ts:completeLeadSetup": FIRST_LEAD,
  "mailer.server.ts:createMailer": "the mail transport; it keeps a copy of each message it is given, after the sender's checks",
  "server-mail.server.ts:noteServerMail": "the server notes how it sends email, at start (no person acts): no one's records",
  "server-mail.server.ts:jobsMailProblem": "npm run jobs compares its mail settings with the server's: no one's records",
  "mvp-modules.server.ts:listCurriculum": REFERENCE_DATA,
  "mvp-retention.server.ts:getRetentionYears": REFERENCE_DATA,
  "reach-db.server.ts:readRows": INTERNAL,
  "reach-queries.server.ts:reachedBookings": INTERNAL,
  "reach-queries.server.ts:lessonReachBySchool": INTERNAL,
  "reach-queries.server.ts:mentorsBySchool": INTERNAL,
  "reach-queries.server.ts:staffTrainedSoFar": INTERNAL,
  "reach-queries.server.ts:staffTrainedBySchool": INTERNAL,
  "reach-queries.server.ts:lessonLeadersBySchool": INTERNAL,
  "reach-queries.server.ts:surveyResponsesBySchool": INTERNAL,
  "reach-queries.server.ts:coreItemAnswers": INTERNAL,
  "reach-queries.server.ts:coreItemPrompts": INTERNAL,
  "reach-queries.server.ts:coreItemPromptsOfYear": INTERNAL,
  "reach-small-cells.server.ts:schoolsWithSmallParts": INTERNAL,
  "reach-small-cells.server.ts:schoolCountsWithheld": INTERNAL,
  "reach-small-cells.server.ts:smallReportParts": INTERNAL,
  "reach-small-cells.server.ts:hasFewSchoolsWithFigures": INTERNAL,
  "reach-small-cells.server.ts:fewSchoolsCountsWithheld": INTERNAL,
  "reach-small-cells.server.ts:fewLeftOnDates": INTERNAL,
  "reach-small-cells.server.ts:fewSchoolsFigures": INTERNAL,
  "reach-queries.server.ts:schoolRows": INTERNAL,
  "reach-queries.server.ts:schoolsInScope": INTERNAL,
  "reach-queries.server.ts:reachRows": INTERNAL,
  "reach.server.ts:schoolReachRows": INTERNAL,
  "reach-sessions.server.ts:sessionFigures": INTERNAL,
  "tallies.server.ts:recountSessionTallies": INTERNAL,
  "tallies.server.ts:recountDeliveryLocalities": INTERNAL,
  "audit.server.ts:deletedBefore": INTERNAL,
  "survey-runs.server.ts:keepRunsInSessionYear": INTERNAL,
  "survey-runs.server.ts:closeRunsOf": INTERNAL,
  "tallies.server.ts:schoolsBookedOn": INTERNAL,
  "tallies.server.ts:recountSurveyRunTally": INTERNAL,
  "survey-responses.server.ts:countAnswerersInSteps":
    "counts a run's answers to each question in steps of ten, as answering does, for rows written in bulk (the seed, tests), reading out nothing",
  "tallies.server.ts:recountMentorsTrained": INTERNAL,
  "class-keys.server.ts:fillClassKeysLeftEmpty":
    "fills the class keys a migration left empty when the server starts (no person acts), from each lesson's own name",
  "tallies.server.ts:recountAllTallies": "rewrites the running tallies from the rows they count (npm run tallies:repair, the seed), changing no record",
  "reach.server.ts:topicTitles": REFERENCE_DATA,
  "reach.server.ts:reachFilterOptions": REFERENCE_DATA,
  "reach.server.ts:readReachFilters": REFERENCE_DATA,
  "rate-limits.server.ts:createRateLimiter":
    "counts hits per key (a keyed hash) for the limits routes and models apply before their own checks: no one's records",
  "rate-limits.server.ts:checkLimits": "reads the counts of the limits a request must pass, in one query: no one's records",
  "reminders.server.ts:sendDueReminders": SCHEDULED,
  "school-status.server.ts:schoolRefusal": INTERNAL,
  "school-status.server.ts:schoolSessionRefusal": INTERNAL,
  "school-records.server.ts:recordedDaysOf": INTERNAL,
  "school-records.server.ts:dayOutsideSchoolDays": INTERNAL,
  "school-records.server.ts:bookingsBeforeOpening": INTERNAL,
  "waitlist.server.ts:expireWaitlistOffers": SCHEDULED,
  "waitlist.server.ts:passOnLapsedOffers": INTERNAL,
  "housekeeping.server.ts:removeLapsedRecords": SCHEDULED,
  "job-runs.server.ts:takeLease": SCHEDULED,
  "job-runs.server.ts:finishLease": SCHEDULED,
  "job-runs.server.ts:renewLease": SCHEDULED,
  "job-runs.server.ts:startJobRun": SCHEDULED,
  "job-runs.server.ts:finishJobRun": SCHEDULED,
  "job-runs.server.ts:secondsSinceScheduledWork": HEALTH,
  "health.server.ts:checkHealth": HEALTH,
  "waitlist.server.ts:offerFreedPlaces": INTERNAL,
  "school-closure.server.ts:withdrawFromSessions": INTERNAL,
  "sent-forms.server.ts:saveOnce": INTERNAL,
  "sent-forms.server.ts:sentBefore": INTERNAL,
  "waitlist.server.ts:sendOffers": INTERNAL,
  "waitlist.server.ts:queuePlace": INTERNAL,
  "survey-responses.server.ts:hasAnswered": PUPIL,
  "survey-responses.server.ts:submitResponse": PUPIL,
  "survey-runs.server.ts:findRunForPupil": PUPIL,
  "survey-runs.server.ts:templatesFor": REFERENCE_DATA,
  "survey-results.server.ts:comparisonChoices": REFERENCE_DATA,
};

// A function touches the database when its body uses the Prisma client, a transaction client, raw SQL or statements run in one go.
const TOUCHES_DATABASE = /\b(prisma|tx|db)\s*\.\s*[$a-zA-Z]|\b(readRows|selectRows|reachRows|executeStatement|writeInOneGo)\s*[<(]/;

type ExportedFunction = { key: string; firstParameter: string | null; firstType: string | null; touchesDatabase: boolean };
type FunctionBody = { name: string; text: string };

/**
 * The file's exported functions. A function touches the database when its body uses the Prisma client,
 * a transaction client or raw SQL, or calls a function of the same file that does (a local wrapper
 * such as `run` cannot hide a query).
 */
function exportedFunctions(file: string): ExportedFunction[] {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const name = path.basename(file);
  const bodies: FunctionBody[] = [];
  const exported: { name: string; node: ts.SignatureDeclarationBase & { body?: ts.Node } }[] = [];
  for (const statement of source.statements) {
    const isExported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const found: { name: string; node: ts.SignatureDeclarationBase & { body?: ts.Node } }[] = [];
    if (ts.isFunctionDeclaration(statement) && statement.name) found.push({ name: statement.name.text, node: statement });
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) found.push({ name: declaration.name.getText(source), node: init });
      }
    }
    for (const fn of found) {
      bodies.push({ name: fn.name, text: fn.node.body ? fn.node.body.getText(source) : "" });
      if (isExported) exported.push(fn);
    }
  }
  // Grow the set of functions that touch the database until it stops changing.
  const touching = new Set(bodies.filter((b) => TOUCHES_DATABASE.test(b.text)).map((b) => b.name));
  for (let grew = true; grew;) {
    grew = false;
    for (const body of bodies) {
      if (touching.has(body.name)) continue;
      if ([...touching].some((called) => new RegExp(`\\b${called}\\s*[<(]`).test(body.text))) {
        touching.add(body.name);
        grew = true;
      }
    }
  }
  return exported.map(({ name: fn, node }) => {
    const first = node.parameters[0];
    return {
      key: `${name}:${fn}`,
      firstParameter: first ? first.name.getText(source) : null,
      firstType: first?.type ? first.type.getText(source) : null,
      touchesDatabase: touching.has(fn),
    };
  });
}

const modelFiles = fs
  .readdirSync(MODELS)
  .filter((f) => f.endsWith(".server.ts"))
  .map((f) => path.join(MODELS, f));
const functions = modelFiles.flatMap(exportedFunctions);

describe("model functions take the actor first", () => {
  it("finds the models' exported functions", () => {
    expect(functions.filter((f) => f.touchesDatabase).length).toBeGreaterThan(50);
  });

  it("every exported function that queries the database takes `actor: Actor` first, or is listed with a reason", () => {
    const missing = functions
      .filter((f) => f.touchesDatabase && !(f.key in WITHOUT_ACTOR))
      .filter((f) => f.firstParameter !== "actor" || !/^Actor( \| null)?$/.test(f.firstType ?? ""))
      .map((f) => f.key);
    expect(missing).toEqual([]);
  });

  it("lists no exception that no longer exists or now takes the actor", () => {
    const stale = Object.keys(WITHOUT_ACTOR).filter((key) => {
      const f = functions.find((candidate) => candidate.key === key);
      return !f || !f.touchesDatabase || f.firstParameter === "actor";
    });
    expect(stale).toEqual([]);
  });
});
