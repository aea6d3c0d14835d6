/**
 * The forms a page offers, read from its HTML: where each posts and the fields it sends, with the
 * values a browser would send untouched (hidden fields, the submit button's intent, checked boxes).
 */
export type PageForm = { action: string; fields: Map<string, string[]> };

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
      }
    }
    forms.push({ action, fields });
  }
  return forms;
}

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
