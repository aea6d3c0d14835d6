import fs from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeCsv, parseGiasCsv, type GiasOptions } from "~/lib/gias";
import { getImportPreview, stageImport } from "~/models/gias-import.server";
import { createUser } from "./factories";

/** The Windows-1252 sample (see gias-import.test.ts) and its text. */
const fixture = fs.readFileSync("tests/fixtures/gias-llr-sample.csv");
const text = iconv.decode(fixture, "win1252");
const DEFAULTS: GiasOptions = { includeClosed: false, includeOtherPhases: false };

/** `text` in UTF-16 of either byte order, with or without the byte order mark a program writes first. */
function utf16(text: string, { order, mark }: { order: "LE" | "BE"; mark: boolean }): Buffer {
  const bytes = Buffer.from(`${mark ? "\ufeff" : ""}${text}`, "utf16le");
  return order === "LE" ? bytes : bytes.swap16();
}

describe("a GIAS file saved as UTF-16", () => {
  it("is read as the same text, in either byte order, with or without a byte order mark", async () => {
    const asWindows = await parseGiasCsv(text, DEFAULTS);
    for (const order of ["LE", "BE"] as const) {
      for (const mark of [true, false]) {
        const decoded = decodeCsv(utf16(text, { order, mark }));
        expect(decoded, `${order}, mark ${mark}`).toEqual({ text, encoding: "UTF-16" });
        expect(await parseGiasCsv(decoded.text, DEFAULTS)).toEqual(asWindows);
      }
    }
    expect(asWindows.schools.map((school) => school.name)).toContain("St Bénédict’s Catholic College");
  });

  it("is staged and previewed as the file it is, named as UTF-16", async () => {
    const actor = await createUser();
    const staged = await stageImport(actor, { fileName: "establishments.csv", bytes: utf16(text, { order: "LE", mark: true }), options: DEFAULTS });
    if (!staged.ok) throw new Error(staged.message);
    const preview = await getImportPreview(actor, staged.importId);
    expect(preview).toMatchObject({ encoding: "UTF-16", totalRows: 18 });
    expect(preview?.diff?.add.map((added) => added.facts.name)).toContain("St Bénédict’s Catholic College");
  });

  it("is refused, saying why, when its bytes are not all UTF-16", () => {
    const damaged = Buffer.concat([utf16("URN,", { order: "LE", mark: true }), Buffer.from([0x00, 0xd8]), utf16("x\r\n", { order: "LE", mark: false })]);
    expect(() => decodeCsv(damaged)).toThrow("The file is in UTF-16 but has bytes that are not");
    expect(() => decodeCsv(utf16(text, { order: "BE", mark: true }).subarray(1))).toThrow("The file is in UTF-16 but has bytes that are not");
  });

  it("is not mistaken for a file with a NUL of another kind, which is still not a CSV", async () => {
    const zip = Buffer.from("PK\u0003\u0004\u0000\u0000binary", "latin1");
    expect(decodeCsv(zip).encoding).toBe("UTF-8");
    await expect(parseGiasCsv(decodeCsv(zip).text, DEFAULTS)).rejects.toThrow(/save it as CSV/);
  });
});
