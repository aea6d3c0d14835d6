/** How a survey's page says when it closes: every way it will, and that the first to come closes it. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RunClosing } from "~/components/survey-staff";

const text = (run: Parameters<typeof RunClosing>[0]["run"]) =>
  renderToStaticMarkup(createElement("dl", null, createElement(RunClosing, { run, state: { open: true } }))).replace(/<[^>]+>/g, " ");

describe("when an open survey closes", () => {
  const session = { delivery: { startsAt: new Date("2026-12-18T10:00:00Z") } };
  it("says the first of its ways to close closes it, not two closing times side by side", () => {
    const both = text({ closedAt: null, closesOn: new Date("2026-12-18T00:00:00Z"), maxResponses: null, responseCount: 0, phase: "BEFORE", booking: session });
    expect(both).toMatch(
      /Closes\s*:\s+whichever comes first: at the end of 18 December 2026; 18 December 2026 at 10:15am, 15 minutes after the session starts/,
    );
  });

  it("gives a single way as it is", () => {
    expect(text({ closedAt: null, closesOn: null, maxResponses: 30, responseCount: 0, phase: "AFTER", booking: session })).toMatch(
      /Closes\s*:\s+after 30 responses/,
    );
    expect(text({ closedAt: null, closesOn: null, maxResponses: null, responseCount: 0, phase: "AFTER", booking: null })).toMatch(
      /Closes\s*:\s+when you close it/,
    );
  });
});
