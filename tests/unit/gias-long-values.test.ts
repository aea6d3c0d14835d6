import fs from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { GIAS_COLUMNS, parseGiasCsv, shownValue, type GiasOptions, type GiasParseResult } from "~/lib/gias";
import { getImportPreview, stageImport } from "~/models/gias-import.server";
import { createUser } from "./factories";

const DEFAULTS: GiasOptions = { includeClosed: false, includeOtherPhases: false };
const [headerLine, ...lines] = iconv.decode(fs.readFileSync("tests/fixtures/gias-llr-sample.csv"), "win1252").trimEnd().split(/\r?\n/);
const header = headerLine!.split(",");
const herondale = lines.find((line) => line.startsWith("990003,"))!.split(",");

/** Herondale School's row of the sample with `urn` and the columns in `values` (by their GIAS names) changed. */
function row(urn: string, values: Record<string, string> = {}): string {
  const cells = header.map((name, i) => (name === GIAS_COLUMNS.urn ? urn : (values[name] ?? herondale[i]!)));
  return cells.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(",");
}
const file = (...rows: string[]) => [headerLine, ...rows].join("\r\n");

/** Every text in `value`, however deep: what a stored import and its preview would show. */
const textsOf = (value: unknown): string[] =>
  typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(textsOf) : [];
const longest = (value: unknown) => Math.max(...textsOf(value).map((text) => text.length));

describe("a value of a GIAS file far longer than GIAS gives", () => {
  it("makes its row a problem that says which column, how long and how it starts, and quotes no more of it", async () => {
    const long = (n: number) => "A".repeat(n);
    const result = await parseGiasCsv(
      file(
        row("990501", { [GIAS_COLUMNS.postcode]: long(99_000) }),
        row("990502", { [GIAS_COLUMNS.ward]: long(5_000) }),
        row("990503", { [GIAS_COLUMNS.laCode]: long(1_000) }),
        row("990504", { [GIAS_COLUMNS.type]: long(1_000) }),
        row("990505", { [GIAS_COLUMNS.pupils]: "9".repeat(1_000) }),
        row("9".repeat(1_000)),
        row("990507", { [GIAS_COLUMNS.status]: long(1_000) }),
      ),
      DEFAULTS,
    );
    expect(result.schools).toEqual([]);
    expect(result.skipped.map(({ row, kind, reason }) => [row, kind, reason])).toEqual([
      [2, "problem", `Postcode "${"A".repeat(20)}…" has 99,000 characters: no GIAS value there has more than 20, so the file may be damaged`],
      [3, "problem", `AdministrativeWard (name) "${"A".repeat(200)}…" has 5,000 characters: no GIAS value there has more than 200, so the file may be damaged`],
      [4, "problem", `LA (code) "${"A".repeat(20)}…" has 1,000 characters: no GIAS value there has more than 20, so the file may be damaged`],
      [
        5,
        "problem",
        `TypeOfEstablishment (name) "${"A".repeat(200)}…" has 1,000 characters: no GIAS value there has more than 200, so the file may be damaged`,
      ],
      [6, "problem", `NumberOfPupils "${"9".repeat(20)}…" has 1,000 characters: no GIAS value there has more than 20, so the file may be damaged`],
      [7, "problem", `URN "${"9".repeat(20)}…" has 1,000 characters: no GIAS value there has more than 20, so the file may be damaged`],
      [
        8,
        "problem",
        `EstablishmentStatus (name) "${"A".repeat(200)}…" has 1,000 characters: no GIAS value there has more than 200, so the file may be damaged`,
      ],
    ]);
    expect(result.skipped[5]!.urn).toBe(`${"9".repeat(200)}…`);
  });

  it("quotes every value of the file in a message through one helper that cuts it, as a name is cut", async () => {
    expect(shownValue("x".repeat(200))).toBe("x".repeat(200));
    expect(shownValue("x".repeat(201))).toBe(`${"x".repeat(200)}…`);
    expect(shownValue("😀".repeat(201))).toBe(`${"😀".repeat(200)}…`);
    // Within each column's most, but more than a message quotes whole: an excluded row's name, a local
    // authority's name, a type, a phase.
    const result = await parseGiasCsv(
      file(
        row("990601", { [GIAS_COLUMNS.name]: "N".repeat(5_000), [GIAS_COLUMNS.laCode]: "873", [GIAS_COLUMNS.laName]: "L".repeat(200) }),
        row("990602", { [GIAS_COLUMNS.type]: `Further education ${"T".repeat(180)}` }),
        row("990603", { [GIAS_COLUMNS.phase]: "P".repeat(200) }),
        row("990604", { [GIAS_COLUMNS.postcode]: "Z".repeat(20), [GIAS_COLUMNS.pupils]: "0" }),
      ),
      { includeClosed: false, includeOtherPhases: false },
    );
    expect(result.skipped.map(({ row, kind, reason, name }) => [row, kind, reason, name?.length])).toEqual([
      [2, "excluded", `Local authority 873 ${"L".repeat(200)} is not Leicester, Leicestershire or Rutland`, 201],
      [3, "excluded", `Further education ${"T".repeat(180)} is not a type of school the forum includes`, 16],
      [4, "excluded", `${"P".repeat(200)} phase: only secondary-age schools are imported`, 16],
    ]);
    expect(result.warnings.map(({ row, message }) => [row, message])).toEqual([
      [5, 'Number of pupils "0" is 0, so it was left out: the forum keeps any figure it has'],
      [5, `Postcode "${"Z".repeat(20)}" is not a UK postcode, so it was left out`],
    ]);
    expect(longest(result)).toBeLessThan(300);
  });

  it("keeps what it stores of a file of 20 MB of overlong postcodes small, and its preview too", async () => {
    // The probe's file: 205 rows, each with a postcode of 99,000 characters.
    const rows = Array.from({ length: 205 }, (_, i) => row(String(990700 + i), { [GIAS_COLUMNS.postcode]: "Q".repeat(99_000) }));
    const bytes = Buffer.from(file(...rows), "utf8");
    expect(bytes.byteLength).toBeGreaterThan(20_000_000);
    const actor = await createUser();
    const staged = await stageImport(actor, { fileName: "establishments.csv", bytes, options: DEFAULTS });
    if (!staged.ok) throw new Error(staged.message);
    const stored = await prisma.schoolImport.findUniqueOrThrow({ where: { id: staged.importId } });
    expect(stored.plan.length).toBeLessThan(100_000);
    const preview = await getImportPreview(actor, staged.importId);
    expect(preview?.problems).toHaveLength(205);
    expect(JSON.stringify(preview).length).toBeLessThan(100_000);
  });

  it("cuts a ward's name in the preview of an import stored before a file's values had a most", async () => {
    const actor = await createUser();
    const ward = "W".repeat(50_000);
    const plan = {
      version: 1,
      encoding: "UTF-8",
      options: DEFAULTS,
      totalRows: 1,
      skipped: [],
      warnings: [],
      schools: [
        {
          row: 2,
          urn: "990801",
          name: "Wardlong Academy",
          localAuthority: "Leicester",
          type: "SECONDARY",
          status: "OPEN",
          numberOnRoll: 900,
          postcode: null,
          openedOn: null,
          closedOn: null,
          area: { kind: "WARD", name: ward },
        },
      ],
    } satisfies GiasParseResult & Record<string, unknown>;
    const stored = await prisma.schoolImport.create({ data: { fileName: "old.csv", plan: JSON.stringify(plan), createdById: actor.id } });
    const preview = await getImportPreview(actor, stored.id);
    expect(preview?.diff?.warnings.map((warning) => warning.message)).toEqual([
      `No locality is mapped to the ward ${"W".repeat(200)}…, so it will have no locality`,
    ]);
  });
});
