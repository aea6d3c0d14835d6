import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { decodeHTML } from "entities";
import { MarkdownHelp } from "~/components/guide-page-form";
import { deepestNesting, pageContentSchema } from "~/lib/guide-forms";
import { describe, expect, it } from "vitest";
import { isReservedId, markdownToPlainText, renderGuideMarkdown, safeHref } from "~/lib/markdown.server";

/** Things a careless paste or a hostile writer might put in a page. */
const HOSTILE = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "[x](javascript&#58;alert(1))",
  "[x](javascript&colon;alert(1))",
  "[x](java&Tab;script:alert(1))",
  "[x](&#106;avascript:alert(1))",
  "[x](&#x6A;avascript:alert(1))",
  "[x](java%0ascript:alert(1))",
  "[x]( javascript:alert(1))",
  "[x](<javascript:alert(1)>)",
  '<a href="  javascript:alert(1)">x</a>',
  '<a href="javascript&colon;alert(1)">x</a>',
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](vbscript:msgbox(1))",
  "[x](//evil.example)",
  "<javascript:alert(1)>",
  "[x][ref]\n\n[ref]: javascript:alert(1)",
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  "<iframe src=https://evil.example></iframe>",
  "<object data=x></object><embed src=x>",
  "<style>body { display: none }</style>",
  '<p style="position:fixed">x</p>',
  "<form action=https://evil.example><input name=password><button>Go</button></form>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
  '<math href="javascript:alert(1)">x</math>',
  '<div onclick="alert(1)" onmouseover=alert(2)>hover</div>',
  '<a href="https://ok.example" onclick="alert(1)" target="_blank">x</a>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  "<base href=https://evil.example/>",
  "<!-- <script>alert(1)</script> -->",
  "**bold <img src=x onerror=alert(1)>**",
  "| a |\n|---|\n| <script>alert(1)</script> |",
  "> **What to do now**\n> <iframe src=x></iframe> [x](javascript:alert(1))",
  "## <img src=x onerror=alert(1)> heading",
  '![x" onerror="alert(1)](https://example.org/x.png)',
  "```html\n<script>alert(1)</script>\n```",
];

const tagsIn = (html: string) => html.match(/<[^>]*>/g) ?? [];

describe("how deeply a page nests quotes and lists", () => {
  it("counts the levels that open on a line, and refuses a page with more than 20 before it is saved", () => {
    expect(deepestNesting("A paragraph\n\n- a list\n  - inside it\n> a quote")).toBe(1);
    expect(deepestNesting("> - > 1. four")).toBe(4);
    expect(deepestNesting("        - two levels of indent, then a list")).toBe(3);
    expect(deepestNesting("-not a list\n1.5 is a number")).toBe(0);
    const body = (text: string) => pageContentSchema.shape.body.safeParse(text);
    for (const deep of [`${">".repeat(2000)} x`, "- ".repeat(3000), "1. ".repeat(15000)]) {
      const parsed = body(deep);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe("Put quotes and lists at most 20 levels inside each other");
    }
    expect(body(`${"> ".repeat(20)}twenty`).success).toBe(true);
  });
});

describe("the guide's Markdown is safe whatever is typed", () => {
  for (const input of HOSTILE) {
    it(`neutralises ${JSON.stringify(input).slice(0, 70)}`, () => {
      const { html } = renderGuideMarkdown(input);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<(iframe|object|embed|style|form|input|button|svg|math|meta|base|img)\b/i);
      for (const tag of tagsIn(html)) {
        expect(tag).not.toMatch(/\son\w+\s*=/i);
        expect(tag).not.toMatch(/\sstyle\s*=/i);
        expect(tag).not.toMatch(/\starget\s*=/i);
        expect(tag).not.toMatch(/(javascript|vbscript|data)\s*(:|&#0*58;?|&#x0*3a;?|&colon;)/i);
      }
      for (const [, href] of tagsIn(html)
        .join(" ")
        .matchAll(/href="([^"]*)"/g)) {
        expect(href).toMatch(/^(https?:|mailto:|tel:|\/(?!\/)|#)/);
      }
    });
  }

  it("only lets through web, email, phone and same-site links", () => {
    expect(safeHref("https://www.childline.org.uk")).toBe("https://www.childline.org.uk");
    expect(safeHref("tel:08001111")).toBe("tel:08001111");
    expect(safeHref("/guide/help")).toBe("/guide/help");
    expect(safeHref("#who-to-call")).toBe("#who-to-call");
    for (const bad of [
      "javascript:x",
      " JAVASCRIPT:x",
      "java\nscript:x",
      "jav&#x09;ascript:x",
      "javascript&colon;x",
      "data:x",
      "//evil.example",
      "file:///etc",
    ]) {
      expect(safeHref(bad)).toBeNull();
    }
  });
});

describe("ordinary Markdown renders as readers expect", () => {
  const page = [
    "# Becomes a second-level heading",
    "",
    "Some **bold** and _stressed_ words, and a [link to Childline](https://www.childline.org.uk) and [another page](/guide/help).",
    "",
    "## Who to call",
    "",
    "- Childline: 0800 1111",
    "- Police: 999 in an emergency",
    "",
    "Table: Numbers to keep",
    "",
    "| Service | Number |",
    "| --- | --- |",
    "| Childline | 0800 1111 |",
    "| Police, not urgent | 101 |",
    "",
    "> **What to do now:** make sure every pupil knows these numbers.",
    "> - Put them on the wall",
    "",
    "## Who to call",
    "",
    "> A quotation stays a quotation.",
  ].join("\n");

  it("never gives a heading an id the page around it uses, nor one made from such an id", () => {
    // "## Feedback form comment" took the feedback form's comment box's id: its label and `form` attribute named the heading.
    const titles = [
      "Feedback",
      "Feedback form",
      "Feedback form comment",
      "Feedback form helpful",
      "Feedback title",
      "Main content",
      "On this page",
      "Guide content",
    ];
    const { html, headings } = renderGuideMarkdown(titles.map((title) => `## ${title}\n\nText.`).join("\n\n"));
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]!);
    expect(ids).toEqual(headings.map((heading) => heading.id));
    expect(ids.filter(isReservedId)).toEqual([]);
    expect(new Set(ids).size).toBe(titles.length);
    expect(ids.slice(0, 3)).toEqual(["section-feedback", "section-feedback-form", "section-feedback-form-comment"]);
    expect(isReservedId("feedback-form-comment-error")).toBe(true);
    expect(isReservedId("feedbacks")).toBe(false);
  });

  it("gives headings ids, and lists the main ones for 'on this page'", () => {
    const { html, headings } = renderGuideMarkdown(page);
    expect(html).toContain('<h2 id="becomes-a-second-level-heading">');
    expect(html).not.toContain("<h1");
    expect(headings).toEqual([
      { id: "becomes-a-second-level-heading", text: "Becomes a second-level heading" },
      { id: "who-to-call", text: "Who to call" },
      { id: "who-to-call-2", text: "Who to call" },
    ]);
  });

  it("never skips a heading level: each is one below the heading it comes under, the first a second-level heading", () => {
    const levels = (markdown: string) => [...renderGuideMarkdown(markdown).html.matchAll(/<h(\d)/g)].map((match) => Number(match[1]));
    // Headings typed at the same level stay siblings, whatever level they are drawn at.
    expect(levels("### A\n\n### B")).toEqual([2, 2]);
    expect(levels("## A\n\n#### B\n\n#### C")).toEqual([2, 3, 3]);
    expect(levels("## A\n\n#### B\n\n### C")).toEqual([2, 3, 3]);
    expect(levels("## A\n\n### B\n\n## C")).toEqual([2, 3, 2]);
    expect(levels("# A\n\n## B\n\n### C")).toEqual([2, 2, 3]);
    expect(levels("## A\n\n#### B")).toEqual([2, 3]);
    expect(levels("### Starts small\n\n#### Then smaller")).toEqual([2, 3]);
    expect(levels("## A\n\n### B\n\n#### C\n\n## D\n\n#### E\n\n##### F\n\n###### G")).toEqual([2, 3, 4, 2, 3, 4, 4]);
    // A quotation's heading is in the page's outline too.
    expect(levels("## A\n\n> #### Quoted")).toEqual([2, 3]);
    // A heading moved up to the second level is listed under "On this page", as any other.
    expect(renderGuideMarkdown("### Who to call\n\nWords").headings).toEqual([{ id: "who-to-call", text: "Who to call" }]);
    expect(renderGuideMarkdown("### Who to call\n\n### When to call").headings).toEqual([
      { id: "who-to-call", text: "Who to call" },
      { id: "when-to-call", text: "When to call" },
    ]);
  });

  it("starts each page's outline afresh, whatever page was drawn before", () => {
    const levels = (markdown: string) => [...renderGuideMarkdown(markdown).html.matchAll(/<h(\d)/g)].map((match) => Number(match[1]));
    expect(levels("## A page\n\n### Its part")).toEqual([2, 3]);
    expect(levels("### Another page")).toEqual([2]);
    expect(levels("#### A third page")).toEqual([2]);
  });

  it("renders lists, tables with a caption and header cells, and call-out boxes", () => {
    const { html } = renderGuideMarkdown(page);
    expect(html).toContain("<li>Childline: 0800 1111</li>");
    // Inside a region named by its caption that scrolls on its own on a phone, as every table in the app.
    expect(html).toContain(
      '<div class="table-region" role="region" tabindex="0" aria-labelledby="table-numbers-to-keep"><table><caption id="table-numbers-to-keep">Numbers to keep</caption>',
    );
    expect(renderGuideMarkdown("| A | B |\n| - | - |\n| 1 | 2 |").html).toContain(
      '<div class="table-region" role="region" tabindex="0" aria-label="Table"><table>',
    );
    expect(html).toContain('<th scope="col">Service</th>');
    expect(html).toContain("<td>0800 1111</td>");
    expect(html).not.toContain("Table: Numbers to keep");
    expect(html).toMatch(
      /<div class="guide-callout"><p class="guide-callout-title"><strong>What to do now<\/strong><\/p>\s*<p>make sure every pupil knows these numbers.<\/p>/,
    );
    expect(html).toContain("<blockquote>");
  });

  it("marks external links noopener noreferrer and leaves our own alone", () => {
    const { html } = renderGuideMarkdown(page);
    expect(html).toContain('<a href="https://www.childline.org.uk" rel="noopener noreferrer">link to Childline</a>');
    expect(html).toContain('<a href="/guide/help">another page</a>');
  });

  it("shows raw HTML as the text that was typed", () => {
    expect(renderGuideMarkdown("Press <b>here</b>").html).toBe("<p>Press &lt;b&gt;here&lt;/b&gt;</p>\n");
  });

  it("renders a text once and keeps it, so a page slow to render is slow once, not on every view", () => {
    const body = `${"_a".repeat(2_000)} and **more**`;
    const first = renderGuideMarkdown(body);
    expect(renderGuideMarkdown(body)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // A changed text is rendered afresh, and the kept renderings are bounded: the first goes once 32 others are kept.
    expect(renderGuideMarkdown(`${body}!`)).not.toBe(first);
    for (let i = 0; i < 32; i++) renderGuideMarkdown(`Page ${i}`);
    const again = renderGuideMarkdown(body);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it("gives the search index the words without the Markdown", () => {
    const text = markdownToPlainText(page);
    expect(text).toContain("Some bold and stressed words, and a link to Childline and another page.");
    expect(text).toContain("Childline\n0800 1111");
    expect(text).not.toMatch(/[#*|>]/);
  });
});

describe("the editor's help on formatting", () => {
  const textOf = (html: string) =>
    decodeHTML(html.replace(/<[^>]+>/g, ""))
      .replace(/\s+/g, " ")
      .trim();
  const help = textOf(renderToStaticMarkup(createElement(MarkdownHelp)));

  it("says HTML is shown as typed, as it is", () => {
    expect(help).toContain("HTML and embedded videos are not used: they are shown as the text you typed.");
    const video = '<iframe src="https://video.example/x"></iframe>';
    expect(renderGuideMarkdown(video).html).not.toContain("<iframe");
    expect(textOf(renderGuideMarkdown(video).html)).toBe(video);
  });

  it("says a picture shows only the words in its square brackets, as it does: no picture loads, and its address is not shown", () => {
    expect(help).toContain(
      "Pictures are not shown either: for ![A map of the school](https://example.org/map.png) readers see only the words in the square brackets, ‘A map of the school’, and neither the picture nor its address.",
    );
    expect(renderGuideMarkdown("![A map of the school](https://example.org/map.png)").html).toBe("<p>A map of the school</p>\n");
  });
});
