import { createHash } from "node:crypto";
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { nameKey } from "~/lib/text-fields";
import type { Prisma } from "~/generated/prisma/client";
import {
  decodeCsv,
  mixedEncodingWarnings,
  GiasFileError,
  leftOutAsClosed,
  parseGiasCsv,
  shownValue,
  type CsvEncoding,
  type GiasOptions,
  type GiasParseResult,
  type GiasSchool,
  type GiasSkip,
  type GiasWarning,
} from "~/lib/gias";
import { AREA_KIND_LABELS } from "~/lib/localities";
import { bookedBeforeOpeningWords } from "~/lib/schools";
import { describeChanges, schoolChanges, type SchoolChange, type SchoolFacts } from "~/lib/school-changes";
import { recordAudit } from "./audit.server";
import { closeRunsOf } from "./survey-runs.server";
import { recountDeliveryLocalities } from "./tallies.server";
import { bookingsToCome, NOTHING_WITHDRAWN, tellOfWithdrawn, withdrawFromSessions, type Withdrawn, type WithdrawnSummary } from "./school-closure.server";
import { factsOf } from "./schools.server";
import { counted } from "~/lib/numbers";
import { formatDate, londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { bookingsBeforeOpening, daysAgainstRecords, describeRecordedDay, recordedDaysOf, type RecordedDays } from "./school-records.server";
import { cutInTheMiddle } from "~/lib/characters";

/**
 * The GIAS import in two steps: an upload is read and stored as a SchoolImport (nothing else changes),
 * the lead checks the preview, then confirms. The preview and the confirmation both compare the file
 * with the database as it is at that moment, and the confirmation refuses to go ahead if what it would
 * do is not what the lead was shown (see docs/decisions/0007-staged-gias-import.md).
 */
type Db = Prisma.TransactionClient | typeof prisma;

/** What an import did: schools added, updated and already up to date, and schools closed in GIAS it left open. */
type AppliedSummary = { added: number; updated: number; unchanged: number; leftOpen: number };
type StoredPlan = GiasParseResult & {
  version: 1;
  encoding: CsvEncoding;
  options: GiasOptions;
  /** Without `leftOpen` when applied before the import told such schools apart. */
  applied?: Omit<AppliedSummary, "leftOpen"> & { leftOpen?: number };
  /** The rows, of those left out as closed in GIAS, whose school was open here when the import was applied. */
  leftOpenRows?: number[];
};

type PlannedAdd = { row: number; facts: SchoolFacts };
type PlannedUpdate = { row: number; schoolId: string; facts: SchoolFacts; changes: SchoolChange[] };
/**
 * `leftOpen`: rows left out as closed in GIAS ("Closed establishments" not ticked) whose school is open here,
 * which the import leaves open; not part of the fingerprint, since it changes nothing.
 */
export type ImportDiff = {
  add: PlannedAdd[];
  update: PlannedUpdate[];
  unchanged: number;
  leftOpen: GiasSkip[];
  warnings: GiasWarning[];
  fingerprint: string;
};

export type StageResult = { ok: true; importId: string } | { ok: false; message: string };

/**
 * Reads an uploaded GIAS CSV and stores it to check; nothing else changes. A file that is not a readable
 * GIAS CSV is refused with a message. Throws a 403 response unless the actor may manage schools.
 */
export async function stageImport(actor: Actor, upload: { fileName: string; bytes: Uint8Array; options: GiasOptions }): Promise<StageResult> {
  assertCan(actor, "schools:manage");
  if (!/\.csv$/i.test(upload.fileName)) return { ok: false, message: "The selected file must be a CSV" };
  // Kept to 200 characters, its ending with them: a long name still reads as the CSV it is.
  const fileName = cutInTheMiddle(upload.fileName, 200, 9);
  if (upload.bytes.byteLength === 0) return { ok: false, message: "The selected file is empty" };
  let parsed: GiasParseResult;
  let encoding: CsvEncoding;
  try {
    const decoded = decodeCsv(upload.bytes);
    encoding = decoded.encoding;
    parsed = await parseGiasCsv(decoded.text, upload.options);
    if (encoding === "Windows-1252") {
      parsed.warnings = [...parsed.warnings, ...mixedEncodingWarnings(parsed.schools)].sort((a, b) => a.row - b.row);
    }
  } catch (error) {
    if (error instanceof GiasFileError) return { ok: false, message: error.message };
    throw error;
  }
  const plan: StoredPlan = { version: 1, encoding, options: upload.options, ...parsed };
  const staged = await prisma.$transaction(async (tx) => {
    const created = await tx.schoolImport.create({ data: { fileName, plan: JSON.stringify(plan), createdById: actor.id } });
    await recordAudit(
      {
        actor,
        action: "create",
        entityType: "SchoolImport",
        entityId: created.id,
        summary: `Uploaded GIAS file ${fileName} (${counted(parsed.totalRows, "row")}) to check`,
      },
      tx,
    );
    return created;
  });
  return { ok: true, importId: staged.id };
}

const readPlan = (json: string) => JSON.parse(json) as StoredPlan;

async function localityForArea(db: Db) {
  const areas = await db.localityArea.findMany({ include: { locality: { select: { id: true, name: true, localAuthority: true } } } });
  // Names compared as the areas' own duplicates are (nameKey): a GIAS file's non-breaking space or double space still matches.
  const byKey = new Map(areas.map((area) => [`${area.kind}:${nameKey(area.name)}`, area.locality]));
  return (area: GiasSchool["area"]) => (area.name ? byKey.get(`${area.kind}:${nameKey(area.name)}`) : undefined);
}

async function schoolsByUrn(db: Db, urns: string[]) {
  const findSchools = (chunk: string[]) => db.school.findMany({ where: { urn: { in: chunk } }, include: { locality: true } });
  const found = new Map<string, Awaited<ReturnType<typeof findSchools>>[number]>();
  // SQLite limits the number of values in one query.
  for (let start = 0; start < urns.length; start += 500) {
    for (const school of await findSchools(urns.slice(start, start + 500))) found.set(school.urn, school);
  }
  return found;
}

/**
 * What confirming would do now: schools to add, schools to update (with each change), and how many
 * already match. Takes the transaction client, so the confirmation compares inside its own transaction.
 */
async function computeDiff(db: Db, plan: Pick<StoredPlan, "schools" | "warnings" | "skipped">): Promise<ImportDiff> {
  const localityOf = await localityForArea(db);
  const existing = await schoolsByUrn(
    db,
    plan.schools.map((s) => s.urn),
  );
  const diff: Omit<ImportDiff, "fingerprint"> = {
    add: [],
    update: [],
    unchanged: 0,
    leftOpen: await closedInGiasOpenHere(db, plan.skipped),
    warnings: [...plan.warnings],
  };
  // Only schools whose days the file would change are checked against their records.
  const recorded = await recordedDaysOf(
    db,
    plan.schools.flatMap((incoming) => {
      const current = existing.get(incoming.urn);
      return current && (newDay(incoming.openedOn, current.openedOn) || newDay(incoming.closedOn, current.closedOn)) ? [current.id] : [];
    }),
  );

  // Bookings on sessions before an opening day the file gives anew are kept, but can record no pupils. A
  // school the file closes gives up its bookings still to come, which the preview counts apart, so none is told.
  const booked = await bookingsBeforeOpening(
    db,
    new Map(
      plan.schools.flatMap((incoming) => {
        const current = existing.get(incoming.urn);
        const opening = current && incoming.status !== "CLOSED" && incoming.openedOn && newDay(incoming.openedOn, current.openedOn);
        return opening ? [[current.id, londonDayStart(incoming.openedOn!)] as const] : [];
      }),
    ),
  );

  for (const incoming of plan.schools) {
    const current = existing.get(incoming.urn);
    const mapped = localityOf(incoming.area);
    // A locality must be in the school's local authority; a current one in another authority is dropped.
    const kept = current?.locality?.localAuthority === incoming.localAuthority ? current.locality : null;
    const locality = mapped && mapped.localAuthority === incoming.localAuthority ? mapped : kept;
    if (!mapped || mapped !== locality) {
      const label = AREA_KIND_LABELS[incoming.area.kind];
      // Quoted as every value of the file is: an import stored before the file's values had a most may hold any length.
      const area = incoming.area.name ? shownValue(incoming.area.name) : null;
      const why = !area
        ? `No ${label} in the file`
        : mapped
          ? `The ${label} ${area} is mapped to ${mapped.name}, which is not in ${incoming.localAuthority}`
          : `No locality is mapped to the ${label} ${area}`;
      const outcome = locality ? `it keeps ${locality.name}` : "it will have no locality";
      diff.warnings.push({ row: incoming.row, urn: incoming.urn, name: incoming.name, message: `${why}, so ${outcome}` });
    }
    const facts: SchoolFacts = {
      urn: incoming.urn,
      name: incoming.name,
      localAuthority: incoming.localAuthority,
      locality: locality ? { id: locality.id, name: locality.name } : null,
      type: incoming.type,
      // GIAS leaving a figure blank is not a reason to forget the one we have.
      numberOnRoll: incoming.numberOnRoll ?? current?.numberOnRoll ?? null,
      postcode: incoming.postcode ?? current?.postcode ?? null,
      status: incoming.status,
      ...datesFrom(incoming, current ? factsOf(current) : null, current ? recorded.get(current.id) : undefined, (message) =>
        diff.warnings.push({ row: incoming.row, urn: incoming.urn, name: incoming.name, message }),
      ),
    };
    if (!current) {
      diff.add.push({ row: incoming.row, facts });
      continue;
    }
    const bookedBefore = booked.get(current.id);
    if (bookedBefore && incoming.openedOn && facts.openedOn === incoming.openedOn) {
      const day = `the file's opening day, ${formatDate(incoming.openedOn)}`;
      diff.warnings.push({ row: incoming.row, urn: incoming.urn, name: incoming.name, message: bookedBeforeOpeningWords(bookedBefore, day) });
    }
    const changes = schoolChanges(factsOf(current), facts);
    if (changes.length === 0) diff.unchanged++;
    else diff.update.push({ row: incoming.row, schoolId: current.id, facts, changes });
  }
  diff.warnings.sort((a, b) => a.row - b.row);
  // What the lead is shown: every change with its "from", so an edit made meanwhile is never overwritten unseen.
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([diff.add.map((a) => a.facts), diff.update.map((u) => [u.schoolId, u.facts, u.changes])]))
    .digest("hex");
  return { ...diff, fingerprint };
}

/**
 * Of the rows left out as closed in GIAS, those whose school is open here: the import changes nothing of
 * them, so each stays open, where the other rows left out are schools it neither has nor imports, or has closed.
 */
async function closedInGiasOpenHere(db: Db, skipped: GiasSkip[]): Promise<GiasSkip[]> {
  const closed = skipped.filter(leftOutAsClosed);
  const here = await schoolsByUrn(
    db,
    closed.flatMap((skip) => (skip.urn ? [skip.urn] : [])),
  );
  return closed.filter((skip) => skip.urn && here.get(skip.urn)?.status === "OPEN");
}

const LONDON = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", dateStyle: "long", timeStyle: "short" });

/**
 * A staged import as the lead checks it: who uploaded it, what was left out and, until it is applied,
 * what confirming would do now. Null when there is no such import; throws a 403 response unless the
 * actor may manage schools.
 */
export async function getImportPreview(actor: Actor, importId: string) {
  assertCan(actor, "schools:manage");
  const staged = await prisma.schoolImport.findUnique({ where: { id: importId }, include: { createdBy: { select: { name: true } } } });
  if (!staged) return null;
  const plan = readPlan(staged.plan);
  const diff = staged.appliedAt ? null : await computeDiff(prisma, plan);
  const leftOpen = diff ? diff.leftOpen : plan.skipped.filter((skip) => plan.leftOpenRows?.includes(skip.row));
  const leftOpenRows = new Set(leftOpen.map((skip) => skip.row));
  return {
    id: staged.id,
    fileName: staged.fileName,
    uploadedAt: LONDON.format(staged.createdAt),
    uploadedBy: staged.createdBy.name,
    appliedAt: staged.appliedAt ? LONDON.format(staged.appliedAt) : null,
    applied: plan.applied ? { ...plan.applied, leftOpen: plan.applied.leftOpen ?? 0 } : null,
    encoding: plan.encoding,
    options: plan.options,
    totalRows: plan.totalRows,
    problems: plan.skipped.filter((skip) => skip.kind === "problem"),
    leftOut: plan.skipped.filter((skip) => skip.kind === "excluded" && !leftOpenRows.has(skip.row)),
    // Closed in GIAS, open here (until applied, now; once applied, when it was): not changed.
    leftOpen,
    // Once applied, the file has nothing more to do; comparing it again would only say "unchanged".
    diff,
    closing: await closingWithBookings(actor, diff),
  };
}

/**
 * Of the schools a preview would close, how many have bookings still to come, and how many bookings in
 * all: confirming cancels them (decision 0145).
 */
async function closingWithBookings(actor: Actor, diff: ImportDiff | null): Promise<{ schools: number; bookings: number }> {
  const closing = (diff?.update ?? []).filter((u) => u.facts.status === "CLOSED" && u.changes.some((change) => change.field === "status"));
  const toCome = await bookingsToCome(
    actor,
    closing.map((u) => u.schoolId),
  );
  return { schools: toCome.size, bookings: [...toCome.values()].reduce((sum, n) => sum + n, 0) };
}

/**
 * An import applied (with, for the schools it closed, their bookings still to come that were cancelled,
 * the places then offered and what the mailer did telling each school), or not: applied already, or the
 * schools changed since the preview.
 */
export type ApplyResult = ({ status: "applied"; withdrawn: WithdrawnSummary } & AppliedSummary) | { status: "already-applied" } | { status: "changed" };

class PreviewOutOfDate extends Error {}

/**
 * Applies an import in one transaction, with an audit entry for every school. `fingerprint` is the
 * preview the lead confirmed; if the database has changed since, nothing is applied. Null when there is
 * no such import; throws a 403 response unless the actor may manage schools.
 */
export async function applyImport(actor: Actor, importId: string, fingerprint: string): Promise<ApplyResult | null> {
  assertCan(actor, "schools:manage");
  const staged = await prisma.schoolImport.findUnique({ where: { id: importId } });
  if (!staged) return null;
  if (staged.appliedAt) return { status: "already-applied" };
  let withdrawn: Withdrawn = NOTHING_WITHDRAWN;
  let result: ApplyResult;
  try {
    result = await prisma.$transaction(
      async (tx): Promise<ApplyResult> => {
        // Claimed first, so a second confirmation (a double click, another tab) finds it already applied.
        const claimed = await tx.schoolImport.updateMany({ where: { id: importId, appliedAt: null }, data: { appliedAt: new Date() } });
        if (claimed.count === 0) return { status: "already-applied" };
        const plan = readPlan(staged.plan);
        const diff = await computeDiff(tx, plan);
        if (diff.fingerprint !== fingerprint) throw new PreviewOutOfDate();

        const from = `from GIAS file ${staged.fileName}`;
        for (const { facts } of diff.add) {
          const school = await tx.school.create({ data: { ...toData(facts) } });
          await recordAudit(
            { actor, action: "create", entityType: "School", entityId: school.id, summary: `Added ${school.name} (URN ${school.urn}) ${from}` },
            tx,
          );
        }
        const now = new Date();
        const closing: string[] = [];
        const moved: string[] = [];
        for (const { schoolId, facts, changes } of diff.update) {
          const school = await tx.school.update({ where: { id: schoolId }, data: toData(facts) });
          if (school.status === "CLOSED" && changes.some((change) => change.field === "status")) closing.push(schoolId);
          if (changes.some((change) => change.field === "locality")) moved.push(schoolId);
          await recordAudit(
            {
              actor,
              action: "update",
              entityType: "School",
              entityId: schoolId,
              summary: `${describeChanges(changes)} (${facts.name}, URN ${facts.urn}) ${from}`,
            },
            tx,
          );
        }
        // A school the file closes takes no more answers to its surveys (decision 0144), and gives up its
        // places on sessions still to come (decision 0145).
        await closeRunsOf(tx, { schoolId: { in: closing } }, now);
        // The sessions a school moved to another locality reached now count there.
        await recountDeliveryLocalities(tx, { schoolIds: moved });
        withdrawn = await withdrawFromSessions(tx, actor, closing, now);
        const applied = { added: diff.add.length, updated: diff.update.length, unchanged: diff.unchanged, leftOpen: diff.leftOpen.length };
        const leftOpenRows = diff.leftOpen.map((skip) => skip.row);
        await tx.schoolImport.update({ where: { id: importId }, data: { plan: JSON.stringify({ ...plan, applied, leftOpenRows } satisfies StoredPlan) } });
        await recordAudit(
          {
            actor,
            action: "import",
            entityType: "SchoolImport",
            entityId: importId,
            summary: `Applied GIAS file ${staged.fileName}: ${applied.added} added, ${applied.updated} updated, ${applied.unchanged} unchanged${leftOpenWords(applied.leftOpen)}`,
          },
          tx,
        );
        // Replaced once the transaction has committed and the schools are told (below).
        return { status: "applied", ...applied, withdrawn: { bookings: 0, waitingLists: 0, offers: 0, told: [], offered: [] } };
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    if (error instanceof PreviewOutOfDate) return { status: "changed" };
    throw error;
  }
  if (result.status !== "applied") return result;
  return { ...result, withdrawn: await tellOfWithdrawn(withdrawn) };
}

/** ", 2 closed in GIAS left open", said after what an import did when it left any school open so; else nothing. */
export function leftOpenWords(leftOpen: number): string {
  return leftOpen > 0 ? `, ${leftOpen} closed in GIAS left open` : "";
}

/**
 * A school's opening and closing days after an import: the file's where it gives them, else the ones the
 * school has. An open school has no closing day, so one the file records as open again loses it. A day
 * from the file that the school's own records contradict (`recorded`: an opening after its first, a
 * closing before its last) is left out for the one the school had; a closing day before the opening day
 * (one from the file, one kept) is dropped. `warn` says so of each.
 */
function datesFrom(
  incoming: GiasSchool,
  current: SchoolFacts | null,
  recorded: RecordedDays | undefined,
  warn: (message: string) => void,
): Pick<SchoolFacts, "openedOn" | "closedOn"> {
  // A day from the file that the school's own records contradict is left out, and the one it had kept.
  const refused = daysAgainstRecords(
    {
      openedOn: incoming.openedOn !== current?.openedOn ? incoming.openedOn : null,
      closedOn: incoming.status === "CLOSED" && incoming.closedOn !== current?.closedOn ? incoming.closedOn : null,
    },
    recorded,
  );
  if (refused.openedOn && incoming.openedOn) {
    warn(`Its records show ${describeRecordedDay(refused.openedOn)}, so the file's opening day, ${formatDate(incoming.openedOn)}, is left out`);
  }
  if (refused.closedOn && incoming.closedOn) {
    warn(`Its records show ${describeRecordedDay(refused.closedOn)}, so the file's closing day, ${formatDate(incoming.closedOn)}, is left out`);
  }
  const openedOn = (refused.openedOn ? null : incoming.openedOn) ?? current?.openedOn ?? null;
  const closedOn = incoming.status === "CLOSED" ? ((refused.closedOn ? null : incoming.closedOn) ?? current?.closedOn ?? null) : null;
  if (closedOn && openedOn && closedOn < openedOn) {
    warn(`The day it opened, ${formatDate(openedOn)}, is after the day it closed, ${formatDate(closedOn)}, so the closing day is left out`);
    return { openedOn, closedOn: null };
  }
  return { openedOn, closedOn };
}

/** Whether a day from the file (yyyy-mm-dd) differs from the one a school has stored (an instant). */
function newDay(fromFile: string | null, stored: Date | null): boolean {
  return fromFile !== null && fromFile !== (stored ? londonDateInputValue(stored) : null);
}

function toData(facts: SchoolFacts) {
  const { locality, openedOn, closedOn, ...rest } = facts;
  return {
    ...rest,
    localityId: locality?.id ?? null,
    openedOn: openedOn ? londonDayStart(openedOn) : null,
    closedOn: closedOn ? londonDayStart(closedOn) : null,
  };
}
