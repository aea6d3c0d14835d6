/**
 * The guide's Markdown, turned into HTML that is safe whatever a writer types (docs/decisions/0006).
 * Two layers: our renderer emits only the markup we chose (raw HTML is shown as typed text, never used),
 * then sanitize-html removes anything outside a short allow-list, in case a renderer path was missed.
 */
import { createHash } from "node:crypto";
import { decodeHTML } from "entities";
import { Marked, type Token, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

export type GuideHeading = { id: string; text: string };
export type RenderedMarkdown = { html: string; headings: GuideHeading[] };

/** A blockquote whose first words are this, in bold, becomes a call-out box. */
const CALLOUT_TITLE = "What to do now";
/** A paragraph starting "Table:" just before a table becomes that table's caption. */
const CAPTION_PREFIX = /^table:\s*/i;
/**
 * Ids the page around the article uses, each with every id made from it ("feedback" and the feedback form's
 * "feedback-form", "feedback-form-comment", its errors' and hints' ids, ...): a heading never takes one. A
 * heading "Feedback form comment" took the id of the form's comment box, whose label and `form` attribute
 * then named the heading, so the box lost its label and its answer was not sent.
 */
const RESERVED_ID_STEMS = ["main-content", "on-this-page", "guide-content", "feedback"];

/** Whether `id` is one the page around the article uses or may make (RESERVED_ID_STEMS). */
export const isReservedId = (id: string) => RESERVED_ID_STEMS.some((stem) => id === stem || id.startsWith(`${stem}-`));
const SAFE_SCHEMES = ["http", "https", "mailto", "tel"];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** The link target if it is one we allow (web, email, phone, or a path on this site), otherwise null. */
export function safeHref(href: string): string | null {
  // Decoded as a browser would, so a disguised scheme ("javascript&colon;") is seen; browsers also
  // ignore control characters and spaces inside a scheme ("java\tscript:"), so we do too.
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const compact = decodeHTML(href).replace(/[\u0000-\u0020\u007f-\u009f]+/g, "");
  if (compact.startsWith("//") || compact.startsWith("\\")) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1];
  if (scheme && !SAFE_SCHEMES.includes(scheme.toLowerCase())) return null;
  // A colon before any "/", "?" or "#" that is not a valid scheme is something odd: refuse it.
  if (!scheme && /^[^/?#]*:/.test(compact)) return null;
  return compact;
}

const isExternal = (href: string) => /^https?:/i.test(href);

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** Plain text of inline tokens: for ids, the "on this page" list and the search index. */
function inlineText(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => {
      if (token.type === "html") return "";
      if ("tokens" in token && token.tokens) return inlineText(token.tokens);
      return "text" in token ? decodeHTML(String(token.text)) : "";
    })
    .join("");
}

function isCallout(token: Tokens.Blockquote) {
  const first = token.tokens[0];
  if (first?.type !== "paragraph") return false;
  const lead = (first as Tokens.Paragraph).tokens[0];
  if (lead?.type !== "strong") return false;
  return (
    inlineText((lead as Tokens.Strong).tokens)
      .trim()
      .replace(/:$/, "")
      .toLowerCase() === CALLOUT_TITLE.toLowerCase()
  );
}

/** Attaches "Table: ..." paragraphs to the table that follows them. */
function collectCaptions(tokens: Token[]): Map<Token, string> {
  const captions = new Map<Token, string>();
  tokens.forEach((token, index) => {
    if (token.type !== "paragraph" || !CAPTION_PREFIX.test(token.text)) return;
    const next = tokens.slice(index + 1).find((t) => t.type !== "space");
    if (next?.type !== "table") return;
    captions.set(next, inlineText((token as Tokens.Paragraph).tokens).replace(CAPTION_PREFIX, ""));
    captions.set(token, "");
  });
  return captions;
}

function createRenderer(headings: GuideHeading[], captions: Map<Token, string>) {
  const usedIds = new Set<string>();
  const uniqueId = (text: string) => {
    const slug = slugify(text) || "section";
    // Numbered, a reserved id would still be one of its family ("feedback-form-2"): set apart as a section's.
    const base = isReservedId(slug) ? `section-${slug}` : slug;
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    return id;
  };
  // The headings the next one may sit under, outermost first: the level typed and the level drawn. Made
  // for each document, so one page's outline never leaks into the next.
  const openHeadings: { typed: number; drawn: number }[] = [];
  const marked = new Marked({ gfm: true, breaks: false, async: false });
  marked.use({
    renderer: {
      heading({ tokens, depth }) {
        // The page title is the only h1, so "#" is read as "##"; levels stop at h4 to keep the outline
        // simple. A heading is drawn one level below the nearest heading typed shallower than it, or as
        // an h2 if there is none (decision 0182, WCAG 1.3.1): "## A", "#### B", "#### C" is A with two
        // parts, h2, h3, h3, and "### A", "### B" are two sections, h2, h2.
        const typed = Math.max(depth, 2);
        while (openHeadings.length > 0 && openHeadings[openHeadings.length - 1]!.typed >= typed) openHeadings.pop();
        const parent = openHeadings[openHeadings.length - 1];
        const level = Math.min(parent ? parent.drawn + 1 : 2, 4);
        openHeadings.push({ typed, drawn: level });
        const text = inlineText(tokens).trim();
        const id = uniqueId(text);
        if (level === 2) headings.push({ id, text });
        return `<h${level} id="${id}">${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      html(token) {
        // Raw HTML is never used: it is shown as typed, so a writer sees in the preview that it does nothing.
        const text = escapeHtml(token.text.trim());
        return "block" in token && token.block ? `<p>${text}</p>\n` : text;
      },
      image({ text }) {
        // Only the words in the brackets, as the editor's help says: the site's pages load no pictures from
        // other sites (img-src in scripts/security-headers.mjs).
        return escapeHtml(text);
      },
      link({ href, tokens }) {
        const inner = this.parser.parseInline(tokens);
        const target = safeHref(href);
        if (target === null) return inner;
        const rel = isExternal(target) ? ' rel="noopener noreferrer"' : "";
        return `<a href="${escapeHtml(target)}"${rel}>${inner}</a>`;
      },
      paragraph(token) {
        if (captions.get(token) === "") return "";
        return `<p>${this.parser.parseInline(token.tokens)}</p>\n`;
      },
      blockquote(token) {
        if (!isCallout(token)) return `<blockquote>\n${this.parser.parse(token.tokens)}</blockquote>\n`;
        const [first, ...rest] = token.tokens as [Tokens.Paragraph, ...Token[]];
        const opening = this.parser
          .parseInline(first.tokens.slice(1))
          .replace(/^(\s|:|<br>)+/, "")
          .trim();
        return (
          `<div class="guide-callout"><p class="guide-callout-title"><strong>${CALLOUT_TITLE}</strong></p>\n` +
          (opening ? `<p>${opening}</p>\n` : "") +
          `${this.parser.parse(rest)}</div>\n`
        );
      },
      table(token) {
        const caption = captions.get(token);
        const cells = (row: Tokens.TableCell[], header: boolean) =>
          row
            .map((cell) => (header ? `<th scope="col">${this.parser.parseInline(cell.tokens)}</th>` : `<td>${this.parser.parseInline(cell.tokens)}</td>`))
            .join("");
        // Like every table in the app (app/components/data-table.tsx): a region that scrolls on its own on a
        // narrow screen, named by the caption, so the page never scrolls sideways.
        const captionId = caption ? uniqueId(`table-${caption}`) : null;
        return (
          `<div class="table-region" role="region" tabindex="0" ${captionId ? `aria-labelledby="${captionId}"` : 'aria-label="Table"'}><table>` +
          (caption ? `<caption id="${captionId}">${escapeHtml(caption)}</caption>` : "") +
          `<thead><tr>${cells(token.header, true)}</tr></thead>` +
          `<tbody>${token.rows.map((row) => `<tr>${cells(row, false)}</tr>`).join("")}</tbody></table></div>\n`
        );
      },
    },
  });
  return marked;
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "a",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
  ],
  allowedAttributes: {
    a: ["href", "rel"],
    h2: ["id"],
    h3: ["id"],
    h4: ["id"],
    th: ["scope"],
    ol: ["start"],
    caption: ["id"],
    // Only what a table's scrolling region needs, with fixed values where there can be one.
    div: [
      { name: "role", multiple: false, values: ["region"] },
      { name: "tabindex", multiple: false, values: ["0"] },
      "aria-labelledby",
      { name: "aria-label", multiple: false, values: ["Table"] },
    ],
  },
  allowedClasses: { div: ["guide-callout", "table-region"], p: ["guide-callout-title"] },
  allowedSchemes: SAFE_SCHEMES,
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href ? safeHref(attribs.href) : null;
      const kept: sanitizeHtml.Attributes = {};
      if (href !== null) kept.href = href;
      if (href !== null && isExternal(href)) kept.rel = "noopener noreferrer";
      return { tagName, attribs: kept };
    },
  },
};

/**
 * How many rendered bodies each server process keeps. A page is read far more often than it changes, and
 * some Markdown (thousands of nested emphasis markers) takes seconds to render: kept, it costs that once
 * per process, not on every view (decision 0135). Rendering depends on the text alone, so the text's hash
 * is the key, and a changed page is a new key; the oldest rendering goes first.
 */
const KEPT_RENDERINGS = 32;
const renderings = new Map<string, RenderedMarkdown>();

/**
 * HTML for readers, and the level-2 headings for the "on this page" list. Returns the same frozen object
 * for the same text while it is kept.
 */
export function renderGuideMarkdown(markdown: string): RenderedMarkdown {
  const key = createHash("sha256").update(markdown).digest("base64url");
  const kept = renderings.get(key);
  if (kept) {
    // Most recently used last, so the oldest unused is the one let go.
    renderings.delete(key);
    renderings.set(key, kept);
    return kept;
  }
  const rendered = Object.freeze(render(markdown));
  renderings.set(key, rendered);
  if (renderings.size > KEPT_RENDERINGS) renderings.delete(renderings.keys().next().value!);
  return rendered;
}

function render(markdown: string): RenderedMarkdown {
  const headings: GuideHeading[] = [];
  const base = new Marked({ gfm: true });
  const tokens = base.lexer(markdown);
  const marked = createRenderer(headings, collectCaptions(tokens));
  const html = marked.parser(tokens);
  return { html: sanitizeHtml(html, SANITIZE_OPTIONS), headings };
}

/**
 * Every link target a page's Markdown gives readers, as its `href`s stand in the HTML they are sent (after
 * sanitising: a link in an HTML comment or with a refused scheme is none), in order, relative ones as
 * written. Rendered afresh, not kept among the readers' renderings, since it is asked for many pages at once.
 */
export function linkTargets(markdown: string): string[] {
  return [...render(markdown).html.matchAll(/<a href="([^"]*)"/g)].map((match) => decodeHTML(match[1]!));
}

/** The words of a page without any Markdown, for the search index and its snippets. */
export function markdownToPlainText(markdown: string): string {
  const parts: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "table") {
        const table = token as Tokens.Table;
        for (const cell of [...table.header, ...table.rows.flat()]) parts.push(inlineText(cell.tokens));
      } else if (token.type === "list") {
        for (const item of (token as Tokens.List).items) walk(item.tokens);
      } else if (token.type === "html" || token.type === "space" || token.type === "hr") {
        continue;
      } else if (token.type === "code") {
        parts.push(token.text);
      } else if ("tokens" in token && token.tokens) {
        if (token.type === "paragraph" || token.type === "heading" || token.type === "text") parts.push(inlineText(token.tokens));
        else walk(token.tokens);
      }
    }
  };
  walk(new Marked({ gfm: true }).lexer(markdown));
  return parts
    .map((part) => part.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}
