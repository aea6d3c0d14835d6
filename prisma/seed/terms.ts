/**
 * Demo term dates: the current academic year and the next, from the usual pattern (suggestedTerms), as
 * a lead would record them before scheduling. Production starts with none: the lead enters each year's.
 */
import type { Prisma } from "~/generated/prisma/client";
import { academicYearOf } from "~/lib/academic-year";
import { suggestedTerms } from "~/lib/terms";

export async function seedTerms(prisma: Prisma.TransactionClient, now = new Date()) {
  const current = academicYearOf(now);
  for (const academicYear of [current, current + 1]) {
    await prisma.term.createMany({ data: suggestedTerms(academicYear).map((term) => ({ academicYear, ...term })) });
  }
}
