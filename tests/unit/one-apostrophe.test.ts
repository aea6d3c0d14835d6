/**
 * The service's own words write the apostrophe one way, the straight one ("the school's", "mentors'"), as
 * nearly all of them always have (decision 0195): a page that said "Your school's bookings" above "Your
 * school’s reach" read as two hands. Curly quotation marks (‘…’, “…”) are not apostrophes and stay, and
 * names in data (St Anne’s, from GIAS) are kept as written. This reads every string, template and JSX
 * text of the app and its scripts with TypeScript's parser, so comments and regular expressions (the
 * mentor name pattern accepts both apostrophes) are not counted.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const TEXT_KINDS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.JsxText,
]);

/** A curly closing quote used as an apostrophe: inside a word (school’s, you’ve) or after a plural's s (mentors’ names), or after a `${name}`. */
const CURLY_APOSTROPHE = /\p{L}’\p{L}|s’(?=[\s,.;:)]|$)|^’s\b/u;

/** Each piece of text in `file` holding a curly apostrophe, as "file:line: text". */
function curlyApostrophes(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes("’")) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (TEXT_KINDS.has(node.kind)) {
      const raw = text.slice(node.getStart(source), node.end).replace(/^["'`}]|["'`]$|\$\{$/g, "");
      if (CURLY_APOSTROPHE.test(raw)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push(`${path.relative(root, file)}:${line}: ${raw.trim().slice(0, 80)}`);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the service's words", () => {
  it("write the apostrophe straight, in the app and its scripts", () => {
    const files = [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "scripts"))];
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap(curlyApostrophes)).toEqual([]);
  });

  it("finds a curly apostrophe in a string, a template and JSX text, and not in a quotation or a comment", () => {
    const sample = path.join(root, "tests/.data", `apostrophes-${process.pid}.tsx`);
    fs.mkdirSync(path.dirname(sample), { recursive: true });
    fs.writeFileSync(
      sample,
      [
        `const a = "the school’s";`,
        "const b = `${name}’s training`;",
        `const c = <p>Mentors’ names</p>;`,
        `const d = "A ‘What to do now’ box";`,
        `// the school’s`,
        `const e = /[’']/;`,
      ].join("\n"),
    );
    try {
      expect(curlyApostrophes(sample).map((line) => line.split(":")[1])).toEqual(["1", "2", "3"]);
    } finally {
      fs.rmSync(sample);
    }
  });
});
