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
const REFERENCE_DATA = "reference data for every signed-in user (topics, localities, years, settings): no school's records";
const INTERNAL = "a building block other models call after their own checks, inside their transaction";
const SCHEDULED = "scheduled work run by the service itself (npm run jobs), not by a person";
const TOKEN = "an invitee has no account yet: the secret token in their link is the authority";
const PUBLIC = "the published Schools Guide, which anyone may read without an account";
const PUPIL = "a pupil's survey page: pupils have no account, and the survey code is the authority";
const WITHOUT_ACTOR: Record<string, string> = {
  "audit.server.ts:recordAudit": INTERNAL,
  "bookings.server.ts:cancelCutoffHours": REFERENCE_DATA,
  "deliveries.server.ts:placesLeft": INTERNAL,
  "deliveries.server.ts:withPlacesLeft": INTERNAL,
  "deliveries.server.ts:listBookableDeliveries": "the schedule of sessions open for booking, the same for every school",
  "guide-editor.server.ts:addRevision": INTERNAL,
  "guide-search.server.ts:indexPublishedPage": INTERNAL,
  "guide-search.server.ts:removeFromSearch": INTERNAL,
  "guide-search.server.ts:rebuildSearchIndex": "rebuilds the search index from published pages (seed and start-up), changing no record",
  "guide-search.server.ts:searchGuide": PUBLIC,
  "guide.server.ts:getContents": PUBLIC,
  "guide.server.ts:getPublishedArticle": PUBLIC,
  "guide.server.ts:sectionExists": PUBLIC,
  "invitations.server.ts:findInvitationByToken": TOKEN,
  "invitations.server.ts:acceptInvitation": TOKEN,
  "mailer.server.ts:createMailer": "the mail transport; it keeps a copy of each message it is given, after the sender's checks",
  "mvp-modules.server.ts:listCurriculum": REFERENCE_DATA,
  "mvp-retention.server.ts:getRetentionYears": REFERENCE_DATA,
  "reach-db.server.ts:readRows": INTERNAL,
  "reach.server.ts:topicTitles": REFERENCE_DATA,
  "reach.server.ts:reachFilterOptions": REFERENCE_DATA,
  "reminders.server.ts:sendDueReminders": SCHEDULED,
  "waitlist.server.ts:expireWaitlistOffers": SCHEDULED,
  "waitlist.server.ts:offerFreedPlaces": INTERNAL,
  "waitlist.server.ts:sendOffers": INTERNAL,
  "survey-responses.server.ts:hasAnswered": PUPIL,
  "survey-responses.server.ts:submitResponse": PUPIL,
  "survey-runs.server.ts:findRunForPupil": PUPIL,
  "survey-runs.server.ts:templatesFor": REFERENCE_DATA,
  "survey-results.server.ts:comparisonChoices": REFERENCE_DATA,
};

// A function touches the database when its body uses the Prisma client, a transaction client or raw SQL.
const TOUCHES_DATABASE = /\b(prisma|tx|db)\s*\.\s*[$a-zA-Z]|\breadRows\s*[<(]/;

type ExportedFunction = { key: string; firstParameter: string | null; firstType: string | null; touchesDatabase: boolean };

function exportedFunctions(file: string): ExportedFunction[] {
  const text = fs.readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const name = path.basename(file);
  const found: ExportedFunction[] = [];
  const add = (fn: string, node: ts.SignatureDeclarationBase & { body?: ts.Node }) => {
    const first = node.parameters[0];
    found.push({
      key: `${name}:${fn}`,
      firstParameter: first ? first.name.getText(source) : null,
      firstType: first?.type ? first.type.getText(source) : null,
      touchesDatabase: node.body ? TOUCHES_DATABASE.test(node.body.getText(source)) : false,
    });
  };
  for (const statement of source.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) add(statement.name.text, statement);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) add(declaration.name.getText(source), init);
      }
    }
  }
  return found;
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
