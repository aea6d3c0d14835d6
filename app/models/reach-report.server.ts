/**
 * The reach report for the board: the dashboard's figures in the form they may take once they leave the
 * platform. DOMAIN.md ("Small numbers"): figures in shared reports follow UK statistical practice, so the
 * report applies the same rules as the files for publication (app/models/disclosure.ts, decisions 0045,
 * 0109 and 0113), here on the server, so the exact figures never reach the page or its data.
 */
import type { Actor } from "~/auth/actor";
import { publishedCount, WITHHELD } from "~/models/disclosure";
import type { ReachFilters } from "~/models/reach-rules";
import { withheldCounts } from "./reach-export.server";
import { getReachDashboard, type Headline, type LocalityReach, type ShownCount } from "./reach.server";

/** A headline with every count of people in its published form, and no share of the roll (with the public roll it gives the count). */
function publishedHeadline(headline: Headline): Headline<ShownCount> {
  return {
    ...headline,
    pupils: publishedCount(headline.pupils),
    mentorsTrained: publishedCount(headline.mentorsTrained),
    mvpPupils: publishedCount(headline.mvpPupils),
    surveyResponses: publishedCount(headline.surveyResponses),
    rollShare: null,
  };
}

/**
 * The board report's figures for `filters`, for an actor who may read all reach (checked by
 * `getReachDashboard`): the dashboard's headline, core items and chart figures, with every count of pupils,
 * mentors and survey responses published as "<5" (1 to 4) or rounded down to a multiple of 5, shares of
 * the roll left out, and a locality's count "withheld" wherever the localities file withholds it (one of its
 * schools has 1 to 4 of it, in this file's filters or in any term or topic of the year). Counts of
 * schools and sessions are not about pupils and stay exact; survey results keep their own rules (decision
 * 0044), which already hold everywhere.
 */
export async function getBoardReport(actor: Actor, filters: ReachFilters, now = new Date()) {
  const [dashboard, withheld] = await Promise.all([getReachDashboard(actor, filters, now), withheldCounts(actor, filters)]);
  const localities = dashboard.localities.map((l): LocalityReach<ShownCount> => {
    const count = (key: "pupils" | "mentorsTrained" | "mvpPupils" | "surveyResponses") =>
      withheld.get(l.id ?? "")?.has(key) ? WITHHELD : publishedCount(l[key]);
    return {
      ...l,
      pupils: count("pupils"),
      mentorsTrained: count("mentorsTrained"),
      mvpPupils: count("mvpPupils"),
      surveyResponses: count("surveyResponses"),
      rollShare: null,
    };
  });
  return {
    comparison: dashboard.comparison,
    headline: publishedHeadline(dashboard.headline),
    previousHeadline: publishedHeadline(dashboard.previousHeadline),
    coreItems: dashboard.coreItems,
    previousCoreItems: dashboard.previousCoreItems,
    months: dashboard.months.map((m) => ({ ...m, pupils: publishedCount(m.pupils) })),
    topics: dashboard.topics.map((t) => ({ ...t, pupils: publishedCount(t.pupils) })),
    localities,
    yearGroups: dashboard.yearGroups.map((y) => ({ ...y, pupils: publishedCount(y.pupils) })),
  };
}
