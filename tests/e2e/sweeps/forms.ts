/**
 * The forms a page offers, read from its HTML: where each posts and the fields it sends, with the
 * values a browser would send untouched (hidden fields, the submit button's intent, checked boxes).
 */
export type PageForm = { action: string; fields: Map<string, string[]>; kinds?: Map<string, FieldKind> };

/**
 * What a person types into a field, as the page's HTML tells it: a date input (with the window its
 * `min` and `max` show), a whole number (`inputmode="numeric"`), one line of text, or several lines.
 */
export type FieldKind = { kind: "date"; min: string | null; max: string | null } | { kind: "number" } | { kind: "line" } | { kind: "lines" };

const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return match?.[1] !== undefined ? decodeEntities(match[1]) : null;
};

function decodeEntities(text: string) {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function postFormsIn(html: string, pagePath: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const opening = match[1] ?? "";
    const body = match[2] ?? "";
    if ((attribute(opening, "method") ?? "get").toLowerCase() !== "post") continue;
    const action = new URL(attribute(opening, "action") ?? pagePath, "http://x").pathname;
    const fields = new Map<string, string[]>();
    const kinds = new Map<string, FieldKind>();
    const add = (name: string | null, value: string) => {
      if (!name) return;
      fields.set(name, [...(fields.get(name) ?? []), value]);
    };
    for (const [tag] of body.matchAll(/<(?:input|textarea|select|button)\b[^>]*>/gi)) {
      const name = attribute(tag, "name");
      const type = (attribute(tag, "type") ?? "").toLowerCase();
      if (tag.toLowerCase().startsWith("<button")) {
        if (name && !fields.has(name)) add(name, attribute(tag, "value") ?? "");
      } else if (type === "checkbox" || type === "radio") {
        if (/\schecked\b/i.test(tag) || !fields.has(name ?? "")) add(name, attribute(tag, "value") ?? "on");
      } else if (type !== "submit" && type !== "file") {
        add(name, attribute(tag, "value") ?? "");
        const kind = kindOf(tag, type);
        if (name && kind) kinds.set(name, kind);
      }
    }
    forms.push({ action, fields, kinds });
  }
  return forms;
}

function kindOf(tag: string, type: string): FieldKind | null {
  if (tag.toLowerCase().startsWith("<textarea")) return { kind: "lines" };
  if (!tag.toLowerCase().startsWith("<input")) return null;
  if (type === "date") return { kind: "date", min: attribute(tag, "min"), max: attribute(tag, "max") };
  if (attribute(tag, "inputmode") === "numeric") return { kind: "number" };
  if (["", "text", "email", "search", "tel"].includes(type)) return { kind: "line" };
  return null;
}

/** The day before or after a "YYYY-MM-DD" date. */
export function dayBeside(isoDate: string, days: -1 | 1): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole numbers written in ways only JavaScript reads as numbers; each must be refused. */
export const NOT_DECIMAL_NUMBERS = ["0x10", "1e3", "12.0", "+5", "0b11", "Infinity", "１２"] as const;

/** Dates beyond any field's window, whatever its `min` and `max`. */
export const FAR_DATES = ["9999-12-31", "0001-01-01", "1900-01-01", "2100-12-31"] as const;

/** One line of text carrying a control character, a direction control, or nothing visible; each must be refused. */
export const HIDDEN_IN_A_LINE = ["A\r\nX-Injected: 1", "A\tB", "A\u0000B", "A\u007fB", "A\u0085B", "A\u202eB", "\u200b", "\ufeff\u200b", "\u2066"] as const;

/**
 * Text far over any field's most that a form's body (1 MB at most) still holds: was a 500 from a field's
 * check for hidden characters, which overflowed the call stack on some 125,000 characters; and Cyrillic
 * letters (six bytes each, sent as a form encodes them), which the check for Latin and Cyrillic letters in
 * one word took minutes over.
 */
export const FAR_OVER_ANY_MOST = ["x".repeat(1_000_000), "я".repeat(150_000)] as const;

/** Several lines of text still refuse these. */
export const HIDDEN_IN_LINES = ["A\u0000B", "A\u001bB", "A\u202eB", "\u200b"] as const;

/** Values nobody should send, and some that are only unexpected. */
export const HOSTILE_VALUES = [
  "",
  " ",
  "x".repeat(20_000),
  "-1",
  "-99999999999999999999",
  "99999999999999999999",
  "1e309",
  "NaN",
  "1.5",
  "0x1F",
  "2026-02-30",
  "31/12/2026",
  "Zoë 🙂 ‮ \u0000 \ud83d",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "[object Object]",
  "cl0000000000000000000unknown",
] as const;
