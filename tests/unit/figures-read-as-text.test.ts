/**
 * A figure and the words the layout sets beside, above or below it read apart in the page's text (what is
 * copied, found by a search, or read by assistive technology that reads text rather than lines), not run
 * together: "12, 1 withdrawn", not "121 withdrawn"; "Staff trained in 2025/26: 12", not "2025/2612".
 * The text here is the text content: the tags taken out and nothing put in their place, as a browser does.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, ColumnChart } from "~/components/charts";
import { FiguresList } from "~/components/mvp-figures";
import { NoteBelow } from "~/components/separators";

const textContent = (element: ReturnType<typeof createElement>) =>
  renderToStaticMarkup(element)
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/\s+/g, " ")
    .trim();

describe("figures in the page's text", () => {
  it("reads a note below a figure after a comma", () => {
    const cell = createElement("td", null, "12", createElement(NoteBelow, { className: "text-muted", children: "1 withdrawn" }));
    expect(textContent(cell)).toBe("12, 1 withdrawn");
  });

  it("reads an MVP figure card as its label, its figure and what it counts, each apart", () => {
    const figures = {
      staffTrained: 12,
      staffTrainedToDate: 40,
      mentors: 93,
      mentorsTrained: 49,
      mentorsWhoLed: 56,
      untrainedMentorsWhoLed: 0,
      lessons: 120,
      pupilsReachedOnce: 900,
      pupilsReachedFive: 300,
    };
    const text = textContent(createElement(FiguresList, { figures, headingId: "figures", academicYear: 2025 }));
    expect(text).toContain("Staff trained in 2025/26: 12. Staff who completed MVP staff training this year; 40 in all up to this year.");
    expect(text).toContain("Mentors trained, of 2025/26 cohorts: 49 of 93. Mentors of this year");
    expect(text).toContain("Mentor-led lessons in 2025/26: 120. Lessons led by mentors");
    // One card from the next.
    expect(text).toContain("40 in all up to this year. Mentors trained, of 2025/26 cohorts: 49 of 93.");
    expect(text).not.toMatch(/2025\/26\d/);
  });

  it("reads a bar chart as each label with its figure, one after another", () => {
    const items = [
      { label: "Knife-crime awareness", value: 6418 },
      { label: "Online harms", value: 2665 },
      { label: "County lines", value: "<5" as const },
    ];
    expect(textContent(createElement(BarChart, { title: "Pupils reached by topic", items }))).toBe(
      "Knife-crime awareness: 6,418; Online harms: 2,665; County lines: <5",
    );
  });

  it("reads a column chart's axis as separate figures, and its labels apart from the axis and from each other", () => {
    const items = [
      { label: "Y7", value: 12 },
      { label: "Y8", value: "<5" as const },
      { label: "Y9", value: 30 },
    ];
    const text = textContent(createElement(ColumnChart, { title: "Pupils reached by year group", items }));
    expect(text).toMatch(/^0 10 20 30; Y7; Y8, <5; Y9/);
  });
});
