/**
 * The headline figures and the sentence above them, rendered as the dashboard and the board report show
 * them: every comparison names the period it is made with, and a period not begun is compared with nothing.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ComparedWith, HeadlineFigures, ReachCharts } from "~/components/reach";
import { fromLondonWallTime } from "~/lib/london-time";
import { headlineComparison } from "~/models/reach-comparison";
import type { Headline, LocalityReach } from "~/models/reach.server";

const london = (date: string) => fromLondonWallTime(date, "12:00")!;

const headline = (pupils: number, schoolsReached: number): Headline => ({
  pupils,
  deliveries: 27,
  schoolsReached,
  openSchools: 58,
  coverage: schoolsReached / 58,
  rollShare: 0.1,
  mentorsTrained: 12,
  mvpPupils: 140,
  surveyResponses: 300,
});

/** The page's text as its text content reads it: the tags taken out, nothing put in their place. */
const text = (element: ReturnType<typeof createElement>) =>
  renderToStaticMarkup(element)
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();

function headlineText(filters: { year: number; term: "autumn" | "spring" | "summer" | null }, now: Date) {
  const { labels } = headlineComparison(filters, now);
  return {
    labels,
    compared: text(createElement(ComparedWith, { comparison: labels })),
    figures: text(createElement(HeadlineFigures, { headline: headline(2613, 12), previous: headline(1561, 11), comparison: labels, id: "headline" })),
  };
}

describe("headline comparisons", () => {
  it("names the term a term's figures are compared with, and the year for the year-wide figures", () => {
    const { compared, figures } = headlineText({ year: 2025, term: "summer" }, london("2026-12-01"));
    expect(compared).toBe("The whole of Summer term 2025/26, compared with the whole of Summer term 2024/25.");
    expect(figures).toContain("up 1,052 on Summer term 2024/25 (1,561). Sessions delivered: 27, ");
    expect(figures).toContain("Summer term 2024/25: 11 (19%)");
    expect(figures).not.toMatch(/on 2024\/25 \(1,561\)|(?<!term) 2024\/25: 11/);
    // Mentors trained and surveys are the whole year's, so they are compared with the whole year.
    expect(figures).toContain("MVP mentors trained (every required module): 12, same as 2024/25 (12)");
    expect(figures).toContain("Survey responses: 300, same as 2024/25 (300)");
  });

  it("names the same dates of the same term while a term is under way", () => {
    const { figures } = headlineText({ year: 2026, term: "autumn" }, london("2026-11-29"));
    expect(figures).toContain("up 1,052 on the same dates in Autumn term 2025/26 (1,561)");
    expect(figures).toContain("Survey responses: 300, same as the same dates in 2025/26 (300)");
  });

  it("keeps naming the year for a year's figures", () => {
    expect(headlineText({ year: 2026, term: null }, london("2026-11-29")).figures).toContain("up 1,052 on the same dates in 2025/26 (1,561)");
    expect(headlineText({ year: 2025, term: null }, london("2026-11-29")).figures).toContain("up 1,052 on 2024/25 (1,561)");
  });

  it("says plainly that a term has not begun, and compares its figures with nothing", () => {
    const { labels, compared } = headlineText({ year: 2026, term: "spring" }, london("2026-12-01"));
    // Only its sessions and lessons are the term's; mentors trained and surveys are the year's (FilterScopeNote).
    expect(compared).toBe("Spring term 2026/27 has not begun: its sessions and mentor-led lessons have no figures to compare yet.");
    expect(compared).not.toMatch(/so far|same dates|comparable/);
    const figures = text(createElement(HeadlineFigures, { headline: headline(0, 0), previous: headline(0, 0), comparison: labels, id: "headline" }));
    expect(figures).not.toMatch(/same as the same dates in 2025\/26 \(0\)|Spring term 2025\/26/);
    expect(figures.match(/Not begun: nothing to compare yet/g)).toHaveLength(5);
    // The year itself is under way: its year-wide figures are still set beside the same dates last year.
    expect(figures).toContain("Survey responses: 300, same as the same dates in 2025/26 (300)");
  });

  it("says a published 0 beside a published 0 is the same, and two equal rounded counts about the same", () => {
    const labels = headlineComparison({ year: 2025, term: null }, london("2026-12-01")).labels;
    const published = (pupils: number) => ({ ...headline(pupils, 12), rollShare: null });
    const page = (now: number, before: number) =>
      text(createElement(HeadlineFigures, { headline: published(now), previous: published(before), comparison: labels, id: "headline", published: true }));
    expect(page(0, 0)).toContain("Pupils reached by sessions: 0, same as 2024/25 (0)");
    expect(page(35, 35)).toContain("Pupils reached by sessions: 35, about the same as 2024/25 (35)");
  });

  it("tells the model a period not begun has nothing to compare", () => {
    const { window } = headlineComparison({ year: 2026, term: "spring" }, london("2026-12-01"));
    expect([window.begun, window.previousFigureLabel, window.currentLabel, window.previousLabel]).toEqual([
      false,
      null,
      "Spring term 2026/27",
      "Spring term 2025/26",
    ]);
  });
});

describe("the locality table", () => {
  it("says that a session shared by schools in several localities counts in each", () => {
    const locality = (name: string, deliveries: number): LocalityReach => ({
      id: name,
      name,
      localAuthority: "Leicester",
      openSchools: 4,
      schoolsReached: 2,
      coverage: 0.5,
      pupils: 200,
      roll: 4000,
      rollShare: 0.05,
      deliveries,
      mentorsTrained: 0,
      mvpPupils: 0,
      surveyResponses: 0,
    });
    const page = text(
      createElement(ReachCharts, {
        data: { months: [], topics: [], localities: [locality("West Leicester", 20), locality("East Leicester", 21)], yearGroups: [] },
        period: "2025/26",
      }),
    );
    expect(page).toContain("Sessions reaching its schools");
    expect(page).toContain(
      "An online workshop joined by schools in several localities counts once in each of them, so this column can add up to more than the sessions delivered.",
    );
  });
});
