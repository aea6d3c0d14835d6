/**
 * The core survey items as they leave the platform (decision 0155): a finished academic year's sums over
 * the whole area, counted once, when a board report first publishes the year, and kept as they were then.
 *
 * Why only these: a share over a few schools, or over part of a year, set beside another report's share of
 * an overlapping pool (a locality and the same locality's secondary schools; this year so far on two days)
 * leaves a difference of a run or two, which the rounding of decision 0124 does not hide. Whole finished
 * years over the whole area never overlap, and a kept year never moves, so no two published shares differ
 * by a few pupils.
 */
import { z } from "zod";
import { assertCan, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { academicYearHasClosed, formatAcademicYear } from "~/lib/academic-year";
import { FIRST_REACH_YEAR } from "~/models/reach-rules";
import { isUniqueViolation } from "./db-errors.server";
import { coreItemAnswers, coreItemPrompts, coreItemPromptsOfYear, type QueryFilters } from "./reach-queries.server";
import { coreItemResults, type CoreItemResult } from "./reach.server";
import { hasFewSchoolsWithFigures } from "./reach-small-cells.server";

/** Every school, every locality: the one scope whose core items are published. */
const WHOLE_AREA: QueryFilters = { localityId: null, localAuthority: null, schoolType: null, topicId: null };

const keptPublication = z.object({
  rows: z.array(
    z.object({
      coreKey: z.string(),
      phase: z.enum(["BEFORE", "AFTER"]),
      localityId: z.null(),
      responses: z.number().int(),
      counted: z.number().int(),
      agreeing: z.number().int(),
      scoreSum: z.number().int(),
    }),
  ),
  wording: z.array(z.tuple([z.string(), z.object({ prompt: z.string(), reverseScored: z.boolean() })])),
});

/** A kept year's items with the wording they were published with (a later template may word a key anew). */
function itemsOf(kept: { figures: string }): CoreItemResult[] {
  const { rows, wording } = keptPublication.parse(JSON.parse(kept.figures));
  return coreItemResults(rows, new Map(wording));
}

/** Whether a report could publish `year`'s core items at `now`: over, not before the service's first year. */
const publishable = (year: number, now: Date) => academicYearHasClosed(year, now) && year >= FIRST_REACH_YEAR;

/**
 * A finished academic year's published core items over the whole area, with the exact sums behind them
 * (`CoreItemResult`: responses, pupils giving a view, pupils agreeing, per phase) and each item's wording,
 * as kept when a report first published them; the first time, counted and kept. Null, and nothing kept,
 * while fewer than FEW_SCHOOLS schools have any figure in the year (a report of a few schools, decision
 * 0121), and for a year before the service's figures begin. Two requests at once keep one copy: the later
 * insert meets the primary key and both read the row that won. VRN lead only ("reach:read-all"); throws for
 * a year not yet over at `now`, whose figures are still moving.
 */
export async function publishedCoreItems(actor: Actor, year: number, now = new Date()): Promise<CoreItemResult[] | null> {
  assertCan(actor, "reach:read-all");
  if (!academicYearHasClosed(year, now)) throw new Error(`${formatAcademicYear(year)} is not over: its core items are not published yet`);
  if (!publishable(year, now)) return null;
  const kept = await prisma.coreItemPublication.findUnique({ where: { year } });
  if (kept) return itemsOf(kept);
  if (await hasFewSchoolsWithFigures(WHOLE_AREA, year)) return null;
  const [rows, ofYear, newest] = await Promise.all([coreItemAnswers(WHOLE_AREA, year), coreItemPromptsOfYear(year), coreItemPrompts()]);
  // As the year's pupils read each item; the newest wording only for a key no survey of the year carried.
  const wording = [...new Set(rows.map((row) => row.coreKey))].flatMap((key) => {
    const words = ofYear.get(key) ?? newest.get(key);
    return words ? [[key, words] as const] : [];
  });
  try {
    await prisma.coreItemPublication.create({ data: { year, figures: JSON.stringify({ rows, wording }), publishedAt: now } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  return itemsOf(await prisma.coreItemPublication.findUniqueOrThrow({ where: { year } }));
}

/**
 * Whether the whole area's report for `year` gives any core item at `now`, or would on being opened: the
 * year is over, and its kept items are not none, or, not kept yet, at least FEW_SCHOOLS schools have a
 * figure in it and some item has answers. Reads only; keeps nothing. So a report that gives none links to
 * one that does, never to one that also gives none. VRN lead only ("reach:read-all").
 */
export async function coreItemsArePublished(actor: Actor, year: number, now = new Date()): Promise<boolean> {
  assertCan(actor, "reach:read-all");
  if (!publishable(year, now)) return false;
  const kept = await prisma.coreItemPublication.findUnique({ where: { year } });
  if (kept) return itemsOf(kept).length > 0;
  if (await hasFewSchoolsWithFigures(WHOLE_AREA, year)) return false;
  return (await coreItemAnswers(WHOLE_AREA, year)).length > 0;
}
