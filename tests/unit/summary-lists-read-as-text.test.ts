/**
 * A summary list's labels and values read apart in the page's text (what is copied, found by a search, or
 * read by assistive technology that reads text rather than lines), as the layout sets them apart: "Responses
 * counted before: 160. Responses counted after: 150.", not "Responses counted before160Responses counted
 * after150". The text here is the text content: the tags taken out and nothing put in their place.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DeliveryFacts } from "~/components/delivery-ui";
import { SummaryList, SummaryRow } from "~/components/summary-list";
import { ComparisonResults } from "~/components/survey-comparison";

const textContent = (element: ReturnType<typeof createElement>) =>
  renderToStaticMarkup(element)
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();

describe("summary lists in the page's text", () => {
  it("reads a survey comparison's counts each as its label, a colon and its figure, one after the other", () => {
    const comparison = { beforeResponses: 160, afterResponses: 150, runsLeftOut: 0, rows: [] };
    const text = textContent(createElement(ComparisonResults, { comparison, caption: "Before and after" }));
    expect(text).toMatch(/^Responses counted before: 160\. Responses counted after: 150\. No answers/);
    expect(text).not.toMatch(/before160|160Responses/);
  });

  it("reads a delivery's facts apart from each other and from the rows around them, a value that ends a sentence without a second full stop", () => {
    const delivery = {
      startsAt: new Date("2026-11-17T10:00:00Z"),
      endsAt: new Date("2026-11-17T11:00:00Z"),
      format: "ONLINE",
      facilitatorName: "PC Sam Reed",
      facilitatorOrg: "Leicestershire Police",
    };
    const rows = [
      createElement(SummaryRow, { key: "topic", term: "Topic", children: "Knife crime" }),
      createElement(DeliveryFacts, { key: "facts", delivery }),
      createElement(SummaryRow, { key: "reason", term: "Reason", children: "Snow closed the school." }),
      createElement(SummaryRow, { key: "pupils", term: "Pupils expected", children: 30 }),
    ];
    const list = createElement(SummaryList, { className: "mb-8", children: rows });
    const text = textContent(list);
    expect(text).toMatch(/^Topic: Knife crime\. When: .+\. Format: Online workshop\. Given by: PC Sam Reed, Leicestershire Police\. Reason:/);
    expect(text).toContain("Reason: Snow closed the school. Pupils expected: 30.");
    // It looks as it did: a list styled as a summary list, each label a <dt> beside its value in a <dd>.
    expect(text).not.toMatch(/\.\./);
    expect(renderToStaticMarkup(list)).toMatch(
      /^<dl class="summary-list mb-8"><dt>Topic<span class="sr-only">: <\/span><\/dt><dd>Knife crime<span class="sr-only">\. <\/span><\/dd>/,
    );
  });

  it("adds no second full stop after a tag and a reason typed, nor one after a link or an email address", () => {
    const delivery = {
      startsAt: new Date("2026-11-17T10:00:00Z"),
      endsAt: new Date("2026-11-17T11:00:00Z"),
      format: "ONLINE",
      facilitatorName: "PC Sam Reed",
      facilitatorOrg: "Fairfield Training Ltd.",
      joiningLink: "https://meet.example.org/join/abc",
    };
    const rows = [
      createElement(SummaryRow, {
        key: "status",
        term: "Status",
        children: [createElement("strong", { key: "tag", className: "tag" }, "Cancelled"), " ", "Facilitator ill."],
      }),
      createElement(DeliveryFacts, { key: "facts", delivery }),
      createElement(SummaryRow, { key: "email", term: "Email address", children: "head@school.example.org" }),
      createElement(SummaryRow, { key: "role", term: "Role", children: "Teacher" }),
    ];
    const text = textContent(createElement(SummaryList, { children: rows }));
    expect(text).toContain("Status: Cancelled Facilitator ill. When:");
    expect(text).toContain("Given by: PC Sam Reed, Fairfield Training Ltd. ");
    expect(text).toContain("https://meet.example.org/join/abc ");
    expect(text).toContain("Email address: head@school.example.org Role: Teacher.");
    expect(text).not.toMatch(/\.\.|abc\.|org\. Role/);
  });
});
