/**
 * Sessions' reach over a period, read from the running tallies (app/models/tallies.server.ts) rather than
 * from every booking: whole London months come from SessionTally and SessionYearGroupTally; a period that
 * ends inside a month (a year "to date") adds that month's part from the bookings themselves, so every
 * figure is the one the bookings give. Deliveries are counted once each, as an online workshop joined by
 * several schools is one delivery, which no per-school tally can say: from DeliveryLocalityTally, one row per
 * delivery and locality it reached, over the whole area, a locality or a topic (decision 0202), else from
 * Delivery and its bookings.
 */
import { byEngine } from "~/db.server";
import { londonDayEnd, londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import type { Period } from "~/models/reach-rules";
import {
  EACH_ROW_IN_TURN,
  eachCount,
  instant,
  instantTextSql,
  reachedBookings,
  reachRows,
  RETURN_RECORDED_FROM_SQL,
  schoolConditions,
  type BookingFact,
  type QueryFilters,
  type Sql,
} from "./reach-queries.server";
import { tallyMonth } from "./tallies.server";

type SchoolSessions = { sessions: number; pupils: number; lastAt: string | null; topicIds: Set<string> };

/**
 * Everything reach shows about sessions in a period and scope. `pupilsByMonth` is keyed by the month's
 * first London day ("2025-10-01"); `topics` holds each topic's pupils and deliveries.
 */
export type SessionFigures = {
  bySchool: Map<string, SchoolSessions>;
  pupilsByMonth: Map<string, number>;
  topics: Map<string, { pupils: number; deliveries: number }>;
  yearGroups: Map<number, number>;
  deliveries: number;
  /**
   * Deliveries that reached a school in scope, per locality id ("" for schools with no locality), when
   * asked for (`localityDeliveries`): an online workshop joined by three schools of one locality counts
   * once there, as in `deliveries`.
   */
  deliveriesByLocality: Map<string, number>;
};

type SessionsRow = { schoolId: string; topicId: string; month: string; sessions: number; pupils: number; lastStartsAt: string };

/** Adds one school's sessions in one month and topic to the figures (and to the charts', when drawn). */
function addSessions(figures: SessionFigures, row: SessionsRow, charts: boolean) {
  let own = figures.bySchool.get(row.schoolId);
  if (!own) figures.bySchool.set(row.schoolId, (own = { sessions: 0, pupils: 0, lastAt: null, topicIds: new Set() }));
  own.sessions += row.sessions;
  own.pupils += row.pupils;
  if (!own.lastAt || row.lastStartsAt > own.lastAt) own.lastAt = row.lastStartsAt;
  own.topicIds.add(row.topicId);
  if (!charts) return;
  figures.pupilsByMonth.set(row.month, (figures.pupilsByMonth.get(row.month) ?? 0) + row.pupils);
  const topic = figures.topics.get(row.topicId);
  if (topic) topic.pupils += row.pupils;
  else figures.topics.set(row.topicId, { pupils: row.pupils, deliveries: 0 });
}

/**
 * The tallied months a period covers whole, and the part of a month it ends in (null when it ends on a
 * month's first day). A period that does not start on a month's first day is read from bookings alone.
 */
function splitPeriod(period: Period): { fromMonth: string; toMonth: string; rest: Period | null } {
  const fromMonth = tallyMonth(period.start);
  if (period.end <= period.start) return { fromMonth, toMonth: fromMonth, rest: null };
  if (londonDayStart(fromMonth).getTime() !== period.start.getTime()) return { fromMonth, toMonth: fromMonth, rest: period };
  const toMonth = tallyMonth(period.end);
  const endMonthStart = londonDayStart(toMonth);
  return { fromMonth, toMonth, rest: endMonthStart.getTime() < period.end.getTime() ? { start: endMonthStart, end: period.end } : null };
}

/**
 * The spans of tallied months `[from, to)` to read for the months `fromMonth` up to `toMonth`, each `[first,
 * after]` ("2026-09-01", "2026-12-01"). On SQLite, a span that runs past the month a year "to date" ends in
 * today is read as two: the months before that one, then the rest. Reach keeps each statement's rows until
 * the data changes, and a page's statements that are the same are read once (reach-db.server.ts), so the
 * board report's whole year (the files' figures it must agree with) then reads again only the months its
 * year to date did not: at national scale 2 ms, not 17. The rows of two spans add up to those of one, as
 * each month is in one of them. PostgreSQL keeps nothing, so there a second statement would only cost more.
 */
function tallySpans(fromMonth: string, toMonth: string, now = new Date()): [string, string][] {
  const endsIn = tallyMonth(londonDayEnd(londonDateInputValue(now)));
  const split = byEngine({ sqlite: true, postgresql: false }) && fromMonth < endsIn && endsIn < toMonth;
  return split
    ? [
        [fromMonth, endsIn],
        [endsIn, toMonth],
      ]
    : [[fromMonth, toMonth]];
}

/**
 * What a caller needs of a period's sessions, so that no view reads what it does not show: each school's
 * topics (the school table and exports list them; the dashboard does not), the charts (pupils by month,
 * topic and year group: only the dashboard's own period draws them), the count of deliveries and, off
 * unless asked for, each locality's count of them (`localityDeliveries`: only pages with a locality table
 * of sessions). Parts not asked for stay empty (no months, topics or year groups; deliveries 0; no
 * localities); `bySchool` is always whole.
 *
 * `recordedBefore` reads the period as its records stood at that moment: a booking whose attendance return
 * was recorded then or later had reached nobody yet, and is left out of every figure. A year "to date"
 * compared with the same dates a year earlier passes the moment a year earlier, so that last year's sessions
 * whose returns came in after that day are not set against this year's still waiting for theirs (decision 0137).
 * Read so, no topics or charts are read whatever was asked, and each school's `lastAt` is null: no view of
 * such a span shows them.
 */
export type SessionParts = { withTopics?: boolean; charts?: boolean; deliveries?: boolean; localityDeliveries?: boolean; recordedBefore?: Date | null };

/**
 * Sessions that reached pupils in the period, for schools in scope (and the topic, when chosen), with the
 * parts asked for (every part unless told otherwise: see SessionParts).
 */
export async function sessionFigures(f: QueryFilters, period: Period, parts: SessionParts = {}): Promise<SessionFigures> {
  const asAt = parts.recordedBefore ?? null;
  // As at a moment, a span's topics and charts are not read (see SessionParts).
  const { withTopics = true, charts = true, deliveries = true, localityDeliveries = false } = asAt ? { ...parts, withTopics: false, charts: false } : parts;
  const figures: SessionFigures = {
    bySchool: new Map(),
    pupilsByMonth: new Map(),
    topics: new Map(),
    yearGroups: new Map(),
    deliveries: 0,
    deliveriesByLocality: new Map(),
  };
  const school = schoolConditions(f);
  const joinSchool = (alias: string) => (school.sql ? ` JOIN "School" s ON s."id" = ${alias}."schoolId"` : "");
  const topic = f.topicId ? [f.topicId] : [];
  // Deliveries are counted from their own tables while the tallies are read.
  const counting = Promise.all([
    deliveries ? countDeliveries(figures, f, period, charts, asAt) : null,
    localityDeliveries ? countDeliveriesByLocality(figures, f, period, asAt) : null,
  ]);
  // Awaited below; should the tallies fail first, their error is the one thrown, not an unhandled second.
  counting.catch(() => {});
  const { fromMonth, toMonth, rest } = splitPeriod(period);
  // The bookings of a month the period ends inside, and those to leave out as at a moment, are read beside
  // the tallies, not after them, so that no thread waits for the tallies before reading them. Each is
  // awaited below, and is kept from being an unhandled rejection meanwhile, as `counting` is.
  const restFacts = rest ? reachedBookings(f, rest) : null;
  const laterFacts = asAt ? reachedBookings(f, period, { recordedFrom: asAt }) : null;
  restFacts?.catch(() => {});
  laterFacts?.catch(() => {});
  if (toMonth > fromMonth) {
    const where = (alias: string) =>
      `${joinSchool(alias)} WHERE ${alias}."month" >= ? AND ${alias}."month" < ?${f.topicId ? ` AND ${alias}."topicId" = ?` : ""}${school.sql}`;
    // Each statement once for each span of months (`tallySpans`), its rows put together.
    const read = async <T extends Record<string, unknown>>(sql: string) =>
      (await Promise.all(tallySpans(fromMonth, toMonth).map(([from, to]) => reachRows<T>({ sql, params: [from, to, ...topic, ...school.params] })))).flat();
    // Added up in SQL: a row per school, per month, per topic and per year group, not per tally row.
    // Months and topics both come from one pass grouped by month and topic (in the index's order), not two.
    const [schools, monthTopics, groups, schoolTopics] = await Promise.all([
      read<{ schoolId: string; sessions: number; pupils: number; lastStartsAt: string }>(
        `SELECT t."schoolId" AS "schoolId", SUM(t."sessions") AS "sessions", SUM(t."pupils") AS "pupils", ${instantTextSql('MAX(t."lastStartsAt")')} AS "lastStartsAt"
          FROM "SessionTally" t${where("t")} GROUP BY t."schoolId"`,
      ),
      charts
        ? read<{ month: string; topicId: string; pupils: number }>(
            `SELECT t."month" AS "month", t."topicId" AS "topicId", SUM(t."pupils") AS "pupils" FROM "SessionTally" t${where("t")} GROUP BY t."month", t."topicId"`,
          )
        : [],
      charts
        ? read<{ yearGroup: number; pupils: number }>(
            `SELECT y."yearGroup" AS "yearGroup", SUM(y."pupils") AS "pupils" FROM "SessionYearGroupTally" y${where("y")} GROUP BY y."yearGroup"`,
          )
        : [],
      withTopics
        ? read<{ schoolId: string; topicId: string }>(`SELECT DISTINCT t."schoolId" AS "schoolId", t."topicId" AS "topicId" FROM "SessionTally" t${where("t")}`)
        : [],
    ]);
    for (const row of schools) {
      const sessions = Number(row.sessions);
      const pupils = Number(row.pupils);
      const lastAt = row.lastStartsAt;
      const own = figures.bySchool.get(row.schoolId);
      if (!own) figures.bySchool.set(row.schoolId, { sessions, pupils, lastAt, topicIds: new Set() });
      else {
        // The same school in a second span of months.
        own.sessions += sessions;
        own.pupils += pupils;
        if (own.lastAt === null || lastAt > own.lastAt) own.lastAt = lastAt;
      }
    }
    for (const row of schoolTopics) figures.bySchool.get(row.schoolId)?.topicIds.add(row.topicId);
    for (const row of monthTopics) {
      const pupils = Number(row.pupils);
      figures.pupilsByMonth.set(row.month, (figures.pupilsByMonth.get(row.month) ?? 0) + pupils);
      const topic = figures.topics.get(row.topicId);
      if (topic) topic.pupils += pupils;
      else figures.topics.set(row.topicId, { pupils, deliveries: 0 });
    }
    for (const row of groups) figures.yearGroups.set(Number(row.yearGroup), (figures.yearGroups.get(Number(row.yearGroup)) ?? 0) + Number(row.pupils));
  }
  if (restFacts) {
    for (const fact of await restFacts) {
      addSessions(
        figures,
        {
          schoolId: fact.schoolId,
          topicId: fact.topicId,
          month: tallyMonth(new Date(fact.startsAt)),
          sessions: 1,
          pupils: fact.pupils,
          lastStartsAt: fact.startsAt,
        },
        charts,
      );
      if (charts) eachCount(fact.counts, (group, pupils) => figures.yearGroups.set(group, (figures.yearGroups.get(group) ?? 0) + pupils));
    }
  }
  if (laterFacts) leaveOutLaterReturns(figures, await laterFacts);
  await counting;
  return figures;
}

/**
 * Takes out of the figures the period's bookings whose attendance returns were recorded at or after the moment
 * sessionFigures' `recordedBefore` names (`later`, as `reachedBookings` reads them with `recordedFrom`): their
 * sessions and pupils, and a school they alone reached. A school's last session is not worked out again as at
 * that moment: it is left empty (`lastAt` null), as no view of a span a year earlier shows it.
 */
function leaveOutLaterReturns(figures: SessionFigures, later: readonly BookingFact[]) {
  for (const own of figures.bySchool.values()) own.lastAt = null;
  for (const fact of later) {
    const own = figures.bySchool.get(fact.schoolId);
    if (!own) continue;
    own.sessions -= 1;
    own.pupils -= fact.pupils;
    if (own.sessions === 0) figures.bySchool.delete(fact.schoolId);
  }
}

/**
 * Whether a period's deliveries can be counted from DeliveryLocalityTally: the scope is the whole area, a
 * locality or a topic (the tally's own columns), as the records stand or as at a moment (its first return's
 * time, `reachedAsAt`). Any other filter of the school (a school, a local authority, a type, or one added
 * later) reads the bookings.
 */
function tallyCounts(f: QueryFilters): boolean {
  const { topicId: _topic, localityId: _locality, ...otherFilters } = f;
  return Object.values(otherFilters).every((value) => value === null || value === undefined);
}

/**
 * The condition that a DeliveryLocalityTally row (`t`) had reached its locality as the records stood at `asAt`,
 * with its parameter; nothing for the records as they stand. As the bookings are read (RETURN_RECORDED_FROM_SQL),
 * a return recorded before the moment, or a DELIVERED booking with no return (a null first return), reached it.
 */
function reachedAsAt(asAt: Date | null): Sql {
  return asAt ? { sql: ' AND (t."firstRecordedAt" IS NULL OR t."firstRecordedAt" < ?)', params: [instant(asAt)] } : { sql: "", params: [] };
}

/**
 * Adds the period's deliveries that reached a school in scope to the figures (and to each topic's, for the
 * charts): from DeliveryLocalityTally's index where `tallyCounts` allows, as one delivery has a row for each
 * locality it reached, else from the deliveries and their bookings.
 */
async function countDeliveries(figures: SessionFigures, f: QueryFilters, period: Period, charts: boolean, asAt: Date | null) {
  const rows = await reachRows<{ topicId: string; deliveries: unknown }>(
    tallyCounts(f) ? talliedDeliveries(f, period, charts, asAt) : bookedDeliveries(f, period, charts, asAt),
  );
  for (const row of rows) {
    const count = Number(row.deliveries);
    figures.deliveries += count;
    if (!charts) continue;
    const own = figures.topics.get(row.topicId);
    if (own) own.deliveries += count;
    else figures.topics.set(row.topicId, { pupils: 0, deliveries: count });
  }
}

/**
 * The period's deliveries in the tally (as the records stood at `asAt`, when given), in one row (`topicId` "")
 * or, for the charts, one row per topic.
 */
function talliedDeliveries(f: QueryFilters, period: Period, charts: boolean, asAt: Date | null) {
  const reached = reachedAsAt(asAt);
  return {
    sql: `SELECT ${charts ? 't."topicId"' : "''"} AS "topicId", COUNT(DISTINCT t."deliveryId") AS "deliveries" FROM "DeliveryLocalityTally" t
      WHERE t."startsAt" >= ? AND t."startsAt" < ?${f.topicId ? ' AND t."topicId" = ?' : ""}${f.localityId ? ' AND t."locality" = ?' : ""}${reached.sql}${charts ? ' GROUP BY t."topicId"' : ""}`,
    params: [instant(period.start), instant(period.end), ...(f.topicId ? [f.topicId] : []), ...(f.localityId ? [f.localityId] : []), ...reached.params],
  };
}

/**
 * The same from the deliveries themselves, each with a DELIVERED booking of a school in scope (whose return was
 * recorded before `asAt`, when given).
 */
function bookedDeliveries(f: QueryFilters, period: Period, charts: boolean, asAt: Date | null) {
  const school = schoolConditions(f);
  const joinSchool = school.sql ? ' JOIN "School" s ON s."id" = b."schoolId"' : "";
  // Over the whole area, nearly every delivery of the period passes: its bookings are looked up delivery by
  // delivery. A school filter keeps few bookings, and PostgreSQL is best left to start from them.
  const where = `FROM "Delivery" d
      WHERE d."status" = 'SCHEDULED' AND d."startsAt" >= ? AND d."startsAt" < ?${f.topicId ? ' AND d."topicId" = ?' : ""}
        AND EXISTS (SELECT 1 FROM "Booking" b${joinSchool} WHERE b."deliveryId" = d."id" AND b."status" = 'DELIVERED'${school.sql}${asAt ? ` AND NOT ${RETURN_RECORDED_FROM_SQL}` : ""}${school.sql ? "" : EACH_ROW_IN_TURN})`;
  const params = [instant(period.start), instant(period.end), ...(f.topicId ? [f.topicId] : []), ...school.params, ...(asAt ? [instant(asAt)] : [])];
  // Grouped by the topic as an expression (`|| ''`), which no index can give in order: grouped by the
  // column itself, SQLite may walk every delivery by topic instead of the period's by date.
  return charts
    ? { sql: `SELECT d."topicId" || '' AS "topicId", COUNT(*) AS "deliveries" ${where} GROUP BY d."topicId" || ''`, params }
    : { sql: `SELECT '' AS "topicId", COUNT(*) AS "deliveries" ${where}`, params };
}

/**
 * The same deliveries counted per locality of the schools they reached (`deliveriesByLocality`): one that
 * reached schools in two localities counts once in each. Read from DeliveryLocalityTally where `tallyCounts`
 * allows; else from the bookings themselves.
 */
async function countDeliveriesByLocality(figures: SessionFigures, f: QueryFilters, period: Period, asAt: Date | null) {
  const rows = tallyCounts(f) ? await talliedByLocality(f, period, asAt) : await bookedByLocality(f, period, asAt);
  for (const row of rows) figures.deliveriesByLocality.set(row.localityId, Number(row.deliveries));
}

type LocalityDeliveries = { localityId: string; deliveries: unknown };

/**
 * Each locality's deliveries in the period (and topic, and locality, when chosen; as the records stood at
 * `asAt`, when given) from DeliveryLocalityTally's index.
 */
function talliedByLocality(f: QueryFilters, period: Period, asAt: Date | null) {
  const reached = reachedAsAt(asAt);
  return reachRows<LocalityDeliveries>({
    sql: `SELECT t."locality" AS "localityId", COUNT(*) AS "deliveries" FROM "DeliveryLocalityTally" t
      WHERE t."startsAt" >= ? AND t."startsAt" < ?${f.topicId ? ' AND t."topicId" = ?' : ""}${f.localityId ? ' AND t."locality" = ?' : ""}${reached.sql}
      GROUP BY t."locality"`,
    params: [instant(period.start), instant(period.end), ...(f.topicId ? [f.topicId] : []), ...(f.localityId ? [f.localityId] : []), ...reached.params],
  });
}

/** Each locality's deliveries counted from the bookings, for any scope and as records stood at `asAt`. */
function bookedByLocality(f: QueryFilters, period: Period, asAt: Date | null) {
  const school = schoolConditions(f);
  return reachRows<LocalityDeliveries>({
    sql: `SELECT COALESCE(s."localityId", '') AS "localityId", COUNT(DISTINCT d."id") AS "deliveries"
      FROM "Delivery" d JOIN "Booking" b ON b."deliveryId" = d."id" JOIN "School" s ON s."id" = b."schoolId"
      WHERE d."status" = 'SCHEDULED' AND d."startsAt" >= ? AND d."startsAt" < ?${f.topicId ? ' AND d."topicId" = ?' : ""}
        AND b."status" = 'DELIVERED'${school.sql}${asAt ? ` AND NOT ${RETURN_RECORDED_FROM_SQL}` : ""}
      GROUP BY COALESCE(s."localityId", '')`,
    params: [instant(period.start), instant(period.end), ...(f.topicId ? [f.topicId] : []), ...school.params, ...(asAt ? [instant(asAt)] : [])],
  });
}
