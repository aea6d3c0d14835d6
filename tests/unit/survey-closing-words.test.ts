/** How a survey's page says when it closes: every way it will, and that the first to come closes it. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RunClosing } from "~/components/survey-staff";

const text = (run: Parameters<typeof RunClosing>[0]["run"]) =>
  renderToStaticMarkup(createElement("dl", null, createElement(RunClosing, { run, state: { open: true } }))).replace(/<[^>]+>/g, " ");

describe("when an open survey closes", () => {
  const session = { delivery: { startsAt: new Date("2026-12-18T10:00:00Z") } };
  it("of a closing day and its session, gives only the earlier, which is the one that will close it", () => {
    const sessionFirst = text({
      closedAt: null,
      closesOn: new Date("2026-12-18T00:00:00Z"),
      maxResponses: null,
      responseCount: 0,
      phase: "BEFORE",
      booking: session,
    });
    expect(sessionFirst).toMatch(
      /Closes\s*:\s+18 December 2026 at 10:15am, 15 minutes after the session starts \(the closing day set, 18 December 2026, ends later\)\s*\.?\s*$/,
    );
    expect(sessionFirst).not.toContain("at the end of");
    const dayLater = text({
      closedAt: null,
      closesOn: new Date("2026-12-19T00:00:00Z"),
      maxResponses: null,
      responseCount: 0,
      phase: "BEFORE",
      booking: session,
    });
    expect(dayLater).toMatch(
      /Closes\s*:\s+18 December 2026 at 10:15am, 15 minutes after the session starts \(the closing day set, 19 December 2026, ends later\)/,
    );
    const dayFirst = text({
      closedAt: null,
      closesOn: new Date("2026-12-17T00:00:00Z"),
      maxResponses: null,
      responseCount: 0,
      phase: "BEFORE",
      booking: session,
    });
    expect(dayFirst).toMatch(/Closes\s*:\s+at the end of 17 December 2026\s*\.?\s*$/);
  });

  it("says the first of its ways to close closes it, where either could come first", () => {
    const either = text({ closedAt: null, closesOn: new Date("2026-12-17T00:00:00Z"), maxResponses: 30, responseCount: 0, phase: "BEFORE", booking: session });
    expect(either).toMatch(/Closes\s*:\s+whichever comes first: at the end of 17 December 2026; after 30 responses/);
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
