/**
 * The term of a tally's month as SQL (`termOfTallyMonthSql`) is the term `termOf` gives for the month's
 * first day in London, for every month of an academic year, on the engine the suite runs on.
 */
import { describe, expect, it } from "vitest";
import { termOf } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { reachRows } from "~/models/reach-queries.server";
import { termOfTallyMonthSql } from "~/models/reach-small-cells.server";

describe("the term of a tally's month in SQL", () => {
  it("is termOf's for each month from September to August", async () => {
    const months = Array.from({ length: 12 }, (_, i) => {
      const month = ((8 + i) % 12) + 1;
      return `${month >= 9 ? 2025 : 2026}-${String(month).padStart(2, "0")}-01`;
    });
    const values = months.map(() => `SELECT CAST(? AS TEXT) AS "month"`).join(" UNION ALL ");
    const rows = await reachRows<{ month: string; term: string }>({
      sql: `SELECT m."month" AS "month", ${termOfTallyMonthSql('m."month"')} AS "term" FROM (${values}) m`,
      params: months,
    });
    expect(new Map(rows.map((r) => [r.month, r.term]))).toEqual(new Map(months.map((m) => [m, termOf(londonDayStart(m))])));
  });
});
