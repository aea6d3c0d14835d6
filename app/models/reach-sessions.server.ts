/**
 * Sessions' reach over a period, read from the running tallies (app/models/tallies.server.ts) rather than
 * from every booking: whole London months come from SessionTally and SessionYearGroupTally; a period that
 * ends inside a month (a year "to date") adds that month's part from the bookings themselves, so every
 * figure is the one the bookings give. Deliveries are counted from Delivery, as an online workshop joined
 * by several schools counts once, which no per-school tally can say.
 */
import { londonDayStart } from "~/lib/dates";
import type { Period } from "~/models/reach-rules";
import { readRows } from "./reach-db.server";
import { eachCount, reachedBookings, schoolConditions, sqlInstant, type QueryFilters } from "./reach-queries.server";
import { tallyMonth } from "./tallies.server";

export type SchoolSessions = { sessions: number; pupils: number; lastAt: string | null; topicIds: Set<string> };

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
};

type TallyRow = { schoolId: string; topicId: string; month: string; sessions: number; pupils: number; lastStartsAt: string };

/** Adds one school's sessions in one month and topic to the figures. */
function addSessions(figures: SessionFigures, row: TallyRow) {
  let own = figures.bySchool.get(row.schoolId);
  if (!own) figures.bySchool.set(row.schoolId, (own = { sessions: 0, pupils: 0, lastAt: null, topicIds: new Set() }));
  own.sessions += row.sessions;
  own.pupils += row.pupils;
  if (!own.lastAt || row.lastStartsAt > own.lastAt) own.lastAt = row.lastStartsAt;
  own.topicIds.add(row.topicId);
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

/** Sessions that reached pupils in the period, for schools in scope (and the topic, when chosen). */
export async function sessionFigures(f: QueryFilters, period: Period): Promise<SessionFigures> {
  const figures: SessionFigures = { bySchool: new Map(), pupilsByMonth: new Map(), topics: new Map(), yearGroups: new Map(), deliveries: 0 };
  const school = schoolConditions(f);
  const joinSchool = (alias: string) => (school.sql ? ` JOIN School s ON s.id = ${alias}.schoolId` : "");
  const topic = f.topicId ? [f.topicId] : [];
  const { fromMonth, toMonth, rest } = splitPeriod(period);
  if (toMonth > fromMonth) {
    const range = [fromMonth, toMonth, ...topic, ...school.params];
    const topicSql = (alias: string) => (f.topicId ? ` AND ${alias}.topicId = ?` : "");
    const tallies = readRows<TallyRow>(
      `SELECT t.schoolId AS schoolId, t.topicId AS topicId, t.month AS month, t.sessions AS sessions, t.pupils AS pupils, t.lastStartsAt AS lastStartsAt
        FROM SessionTally t${joinSchool("t")} WHERE t.month >= ? AND t.month < ?${topicSql("t")}${school.sql}`,
      range,
    );
    for (const row of tallies) addSessions(figures, { ...row, sessions: Number(row.sessions), pupils: Number(row.pupils) });
    const groups = readRows<{ yearGroup: number; pupils: number }>(
      `SELECT y.yearGroup AS yearGroup, SUM(y.pupils) AS pupils
        FROM SessionYearGroupTally y${joinSchool("y")} WHERE y.month >= ? AND y.month < ?${topicSql("y")}${school.sql} GROUP BY y.yearGroup`,
      range,
    );
    for (const row of groups) figures.yearGroups.set(Number(row.yearGroup), Number(row.pupils));
  }
  if (rest) {
    for (const fact of await reachedBookings(f, rest)) {
      addSessions(figures, {
        schoolId: fact.schoolId,
        topicId: fact.topicId,
        month: tallyMonth(new Date(fact.startsAt)),
        sessions: 1,
        pupils: fact.pupils,
        lastStartsAt: fact.startsAt,
      });
      eachCount(fact.counts, (group, pupils) => figures.yearGroups.set(group, (figures.yearGroups.get(group) ?? 0) + pupils));
    }
  }
  const deliveries = readRows<{ topicId: string; deliveries: number }>(
    `SELECT d.topicId AS topicId, COUNT(*) AS deliveries FROM Delivery d
      WHERE d.status = 'SCHEDULED' AND d.startsAt >= ? AND d.startsAt < ?${f.topicId ? " AND d.topicId = ?" : ""}
        AND EXISTS (SELECT 1 FROM Booking b${joinSchool("b")} WHERE b.deliveryId = d.id AND b.status = 'DELIVERED'${school.sql})
      GROUP BY d.topicId`,
    [sqlInstant(period.start), sqlInstant(period.end), ...topic, ...school.params],
  );
  for (const row of deliveries) {
    const count = Number(row.deliveries);
    figures.deliveries += count;
    const own = figures.topics.get(row.topicId);
    if (own) own.deliveries = count;
    else figures.topics.set(row.topicId, { pupils: 0, deliveries: count });
  }
  return figures;
}
