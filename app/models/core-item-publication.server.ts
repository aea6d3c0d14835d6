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
import { coreItemAnswers, type CoreItemRow, type QueryFilters } from "./reach-queries.server";
import { hasFewSchoolsWithFigures } from "./reach-small-cells.server";

/** Every school, every locality: the one scope whose core items are published. */
const WHOLE_AREA: QueryFilters = { localityId: null, localAuthority: null, schoolType: null, topicId: null };

const keptFigures = z.array(
  z.object({
    coreKey: z.string(),
    phase: z.enum(["BEFORE", "AFTER"]),
    localityId: z.null(),
    responses: z.number().int(),
    counted: z.number().int(),
    agreeing: z.number().int(),
    scoreSum: z.number().int(),
  }),
);

/**
 * A finished academic year's published core-item sums over the whole area, per item and phase (the rows
 * `coreItemAnswers` gives: responses, pupils giving a view, pupils agreeing, sum of scores), as kept when a
 * report first published them; the first time, counted and kept. Null, and nothing kept, while fewer than
 * FEW_SCHOOLS schools have any figure in the year (a report of a few schools, decision 0121), and for a
 * year before the service's figures begin. Two requests at once keep one copy: the later insert meets the
 * primary key and both read the row that won. VRN lead only ("reach:read-all"); throws for a year not yet
 * over at `now`, whose figures are still moving.
 */
export async function publishedCoreItemSums(actor: Actor, year: number, now = new Date()): Promise<CoreItemRow[] | null> {
  assertCan(actor, "reach:read-all");
  if (!academicYearHasClosed(year, now)) throw new Error(`${formatAcademicYear(year)} is not over: its core items are not published yet`);
  if (year < FIRST_REACH_YEAR) return null;
  const kept = await prisma.coreItemPublication.findUnique({ where: { year } });
  if (kept) return keptFigures.parse(JSON.parse(kept.figures));
  if (await hasFewSchoolsWithFigures(WHOLE_AREA, year)) return null;
  const figures = await coreItemAnswers(WHOLE_AREA, year);
  try {
    await prisma.coreItemPublication.create({ data: { year, figures: JSON.stringify(figures), publishedAt: now } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const won = await prisma.coreItemPublication.findUniqueOrThrow({ where: { year } });
  return keptFigures.parse(JSON.parse(won.figures));
}
