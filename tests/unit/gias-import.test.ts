import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { classifyEstablishment, decodeCsv, GIAS_COLUMNS, GiasFileError, MAX_GIAS_ROWS, parseGiasCsv, type GiasOptions } from "~/lib/gias";
import { readUpload } from "~/lib/uploads.server";
import { applyImport, getImportPreview, stageImport } from "~/models/gias-import.server";
import { updateSchool } from "~/models/schools.server";
import { createSchool, createUser } from "./factories";
import { flashOf, routeContext, signedInPost } from "./support/route";

const run = promisify(execFile);

/**
 * tests/fixtures/gias-llr-sample.csv is saved in Windows-1252, as GIAS downloads often are: the
 * apostrophe in "St Anne’s" is byte 0x92 and the é in "Bénédict" is 0xE9, neither of them valid UTF-8.
 * The UTF-8 copy (with a byte order mark) is made in the tests from the same text.
 */
const fixture = fs.readFileSync("tests/fixtures/gias-llr-sample.csv");
const DEFAULTS: GiasOptions = { includeClosed: false, includeOtherPhases: false };
const parseFixture = async (options = DEFAULTS) => parseGiasCsv(decodeCsv(fixture).text, options);

describe("reading a GIAS file", () => {
  it("decodes Windows-1252 and UTF-8 with a byte order mark to the same text", async () => {
    expect(fixture.includes(0x92)).toBe(true); // the right single quote, as Windows-1252 writes it
    const windows = decodeCsv(fixture);
    expect(windows.encoding).toBe("Windows-1252");
    const utf8 = decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(iconv.decode(fixture, "win1252"), "utf8")]));
    expect(utf8.encoding).toBe("UTF-8");
    expect(utf8.text).toBe(windows.text);

    const names = (await parseGiasCsv(utf8.text, DEFAULTS)).schools.map((s) => s.name);
    expect(names).toContain("St Bénédict’s Catholic College");
    expect(names).toContain("Teaselridge St Anne’s High School");
    expect(await parseGiasCsv(windows.text, DEFAULTS)).toEqual(await parseGiasCsv(utf8.text, DEFAULTS));
  });

  it("reads a Windows-1252 file that a program gave a UTF-8 byte order mark as the file without it", async () => {
    const marked = decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture]));
    expect(marked).toEqual(decodeCsv(fixture));
    expect(await parseGiasCsv(marked.text, DEFAULTS)).toEqual(await parseFixture());
  });

  it("says on which line a quote that is never closed opens, whatever the file's line ends", async () => {
    const lines = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    lines[2] = lines[2]!.replace("Teaselridge", '"Teaselridge');
    for (const end of ["\r\n", "\n", "\r"]) {
      const text = lines.slice(0, 6).join(end) + end;
      await expect(parseGiasCsv(text, DEFAULTS)).rejects.toThrow("The file could not be read as a CSV (the problem is near line 3).");
    }
    // A doubled quote inside quotes is a quote mark: the quote still opens on line 3.
    const doubled = [...lines.slice(0, 6)];
    doubled[4] = `""${doubled[4]}`;
    await expect(parseGiasCsv(doubled.join("\r\n") + "\r\n", DEFAULTS)).rejects.toThrow("(the problem is near line 3)");
  });

  it("skips every bad row with its spreadsheet row number and the reason", async () => {
    const { skipped, totalRows } = await parseFixture();
    expect(totalRows).toBe(18);
    expect(skipped.map(({ row, kind, reason }) => [row, kind, reason])).toEqual([
      [12, "problem", "No URN"],
      [13, "problem", 'URN "99012" is not 6 digits'],
      [14, "problem", 'Number of pupils "about 900" is not a whole number'],
      [15, "problem", "URN 990101 is also on row 5, which is imported; a URN is imported once"],
      [16, "excluded", "Closed establishment"],
      [17, "excluded", "Primary phase: only secondary-age schools are imported"],
      [18, "excluded", "Local authority 873 Cambridgeshire is not Leicester, Leicestershire or Rutland"],
      [19, "problem", "No establishment name"],
    ]);
  });

  it("imports a URN from its first row that can be imported, not from a first row refused for a problem", async () => {
    const text = decodeCsv(fixture).text;
    const [header, ...lines] = text.split(/\r?\n/);
    const herondale = lines.find((line) => line.startsWith("990003,"))!;
    // The same school twice, its first row with a number of pupils that cannot be right.
    const withPupils = (pupils: string) =>
      herondale
        .split(",")
        .map((cell, i) => (header!.split(",")[i] === "NumberOfPupils" ? pupils : cell))
        .join(",");
    const { schools, skipped } = await parseGiasCsv([header, withPupils("-5"), withPupils("640"), withPupils("650")].join("\r\n"), DEFAULTS);
    // Before, row 2 held the URN although it was refused, so row 3 was refused as a copy of it and the school was lost.
    expect(schools.map((s) => [s.row, s.urn, s.numberOnRoll])).toEqual([[3, "990003", 640]]);
    expect(skipped.map(({ row, reason }) => [row, reason])).toEqual([
      [2, 'Number of pupils "-5" is less than 0'],
      [4, "URN 990003 is also on row 3, which is imported; a URN is imported once"],
    ]);
  });

  it("skips a name the school form would refuse: too long, with control characters or direction controls", async () => {
    const text = decodeCsv(fixture).text;
    const [header, ...lines] = text.split(/\r?\n/);
    const herondale = lines.find((line) => line.startsWith("990003,"))!;
    const withName = (urn: string, name: string) => herondale.replace("990003", urn).replace("Herondale School", `"${name.replace(/"/g, '""')}"`);
    const bad = [
      withName("990901", "A".repeat(201)),
      withName("990902", "Crlf School\rATTENDEE:mailto:x@evil.example\nX"),
      withName("990903", "Evil\u202Eloohcs"),
    ];
    const { schools, skipped } = await parseGiasCsv([header, herondale, ...bad].join("\r\n"), DEFAULTS);
    expect(schools.map((s) => s.urn)).toEqual(["990003"]);
    expect(skipped.map(({ urn, kind, reason }) => [urn, kind, reason])).toEqual([
      ["990901", "problem", "School name must be 200 characters or fewer"],
      ["990902", "problem", "The school's name must be one line of text, without tabs or other control characters"],
      ["990903", "problem", "The school's name must not contain characters that change the direction of text"],
    ]);
    expect(skipped[0]!.name).toHaveLength(201);
  });

  it("imports only Leicester, Leicestershire and Rutland, with each local authority named", async () => {
    const { schools } = await parseFixture();
    expect(schools.map((s) => s.urn)).not.toContain("990111");
    expect(Object.fromEntries(schools.map((s) => [s.urn, s.localAuthority]))).toMatchObject({
      "990003": "Leicester",
      "990102": "Leicestershire",
      "990103": "Rutland",
    });
  });

  it("maps GIAS types and phases to the forum's types", async () => {
    const types = Object.fromEntries((await parseFixture()).schools.map((s) => [s.urn, s.type]));
    expect(types).toEqual({
      "990003": "SECONDARY",
      "990010": "SECONDARY",
      "990020": "SECONDARY",
      "990101": "SECONDARY",
      "990102": "SECONDARY",
      "990103": "SPECIAL",
      "990104": "PRU_AP",
      "990105": "ALL_THROUGH",
      "990106": "INDEPENDENT",
      "990107": "SECONDARY",
    });
    expect(classifyEstablishment("Academy special converter", "Not applicable", false)).toEqual({ type: "SPECIAL" });
    expect(classifyEstablishment("Free schools alternative provision", "Not applicable", false)).toEqual({ type: "PRU_AP" });
    expect(classifyEstablishment("Other independent special school", "Not applicable", false)).toEqual({ type: "SPECIAL" });
    expect(classifyEstablishment("Middle deemed secondary", "Middle deemed secondary", false)).toEqual({ type: "SECONDARY" });
    expect(classifyEstablishment("Special post 16 institution", "16 plus", false)).toHaveProperty("excluded");
    expect(classifyEstablishment("Academy converter", "Not applicable", false)).toHaveProperty("excluded");
    expect(classifyEstablishment("Further education", "Not applicable", true)).toHaveProperty("excluded");
  });

  it("includes closed establishments and other phases only when asked", async () => {
    const both = await parseFixture({ includeClosed: true, includeOtherPhases: true });
    expect(both.schools.find((s) => s.urn === "990109")).toMatchObject({ status: "CLOSED", type: "SECONDARY" });
    expect(both.schools.find((s) => s.urn === "990110")).toMatchObject({ status: "OPEN" });
    expect(both.skipped.map((s) => s.row)).toEqual([12, 13, 14, 15, 18, 19]);
    const closedOnly = await parseFixture({ includeClosed: true, includeOtherPhases: false });
    expect(closedOnly.schools.map((s) => s.urn)).toContain("990109");
    expect(closedOnly.schools.map((s) => s.urn)).not.toContain("990110");
  });

  it("normalises postcodes, warns about bad ones, and picks ward or district by local authority", async () => {
    const { schools, warnings } = await parseFixture();
    const byUrn = Object.fromEntries(schools.map((s) => [s.urn, s]));
    expect(byUrn["990010"]?.postcode).toBe("LE5 6UX");
    expect(byUrn["990106"]?.postcode).toBeNull();
    expect(warnings).toEqual([
      { row: 10, urn: "990106", name: "Gorsefield Hall School", message: 'Postcode "LE16 7A" is not a UK postcode, so it was left out' },
    ]);
    expect(byUrn["990003"]?.area).toEqual({ kind: "WARD", name: "Fosse" });
    // Bramblecombe's ward is also called Fosse, but a county school is placed by its district.
    expect(byUrn["990105"]?.area).toEqual({ kind: "DISTRICT", name: "Blaby" });
  });

  it("refuses files it cannot import, saying why", async () => {
    const header = Object.values(GIAS_COLUMNS)
      .map((c) => `"${c}"`)
      .join(",");
    await expect(parseGiasCsv("", DEFAULTS)).rejects.toThrow("The file is empty.");
    await expect(parseGiasCsv(`${header}\r\n`, DEFAULTS)).rejects.toThrow("header row but no establishments");
    await expect(parseGiasCsv("URN,EstablishmentName\r\n990001,A school\r\n", DEFAULTS)).rejects.toThrow(/missing these columns: LA \(code\)/);
    await expect(parseGiasCsv(`${header}\r\n"990001,unclosed`, DEFAULTS)).rejects.toThrow(GiasFileError);
    await expect(parseGiasCsv("PK\u0003\u0004\u0000\u0000binary", DEFAULTS)).rejects.toThrow(/save it as CSV/);
  });

  it(`takes up to ${MAX_GIAS_ROWS} rows and refuses a longer file, as big as the upload allows, at once`, async () => {
    const lines = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    const [header, row] = [lines[0]!, lines[1]!];
    const fileOf = (rows: number) => `${header}\r\n${`${row}\r\n`.repeat(rows)}`;
    // Every row has the same URN, so all but the first are skipped: what matters is that each is read.
    expect((await parseGiasCsv(fileOf(MAX_GIAS_ROWS), DEFAULTS)).totalRows).toBe(MAX_GIAS_ROWS);
    await expect(parseGiasCsv(fileOf(MAX_GIAS_ROWS + 1), DEFAULTS)).rejects.toThrow(`more than ${MAX_GIAS_ROWS.toLocaleString("en-GB")} rows`);
    // 100,000 rows (the 16 MB file that once tied the server up): refused without reading past the limit.
    await expect(parseGiasCsv(fileOf(100_000), DEFAULTS)).rejects.toThrow(GiasFileError);
  });

  it("reads lines ended by a carriage return alone, as a spreadsheet on a Mac saves them, however long the file", async () => {
    const lines = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    const [header, ...rows] = lines;
    const file = `${header}\r${rows.join("\r")}\r${`${rows[0]}\r`.repeat(1_000)}`;
    expect(file.length).toBeGreaterThan(100_000);
    expect((await parseGiasCsv(file, DEFAULTS)).totalRows).toBe(rows.length + 1_000);
  });

  it("reads every row whatever mix of CRLF, LF and CR ends its lines, keeping line breaks inside quotes", async () => {
    const text = decodeCsv(fixture).text;
    const [header, ...rows] = text.trimEnd().split(/\r?\n/);
    const herondale = rows.find((line) => line.startsWith("990003,"))!;
    const added = ["990301", "990302", "990303"].map((urn) => herondale.replace("990003", urn).replace("Herondale School", `School ${urn}`));
    const expected = [...(await parseFixture()).schools.map((s) => s.urn), "990301", "990302", "990303"];

    // A CRLF file (as GIAS gives it) with rows added in an editor that ends lines with LF, or CR alone.
    for (const end of ["\n", "\r"]) {
      const result = await parseGiasCsv(`${text}${added.join(end)}${end}`, DEFAULTS);
      expect(result.totalRows).toBe(rows.length + 3);
      expect(result.schools.map((s) => s.urn)).toEqual(expected);
    }
    // A CRLF header over LF rows.
    const lfRows = await parseGiasCsv(`${header}\r\n${[...rows, ...added].join("\n")}\n`, DEFAULTS);
    expect(lfRows.totalRows).toBe(rows.length + 3);
    expect(lfRows.schools.map((s) => s.urn)).toEqual(expected);
    // A quoted value's line break is part of the value, whichever the file's line ends: the name is refused, not split.
    const quotedBreak = await parseGiasCsv(`${header}\r\n${added[0]!.replace("School 990301", '"School\r\n990301"')}\n${added[1]}\n`, DEFAULTS);
    expect(quotedBreak.totalRows).toBe(2);
    expect(quotedBreak.skipped).toEqual([expect.objectContaining({ row: 2, urn: "990301", kind: "problem" })]);
    expect(quotedBreak.schools.map((s) => s.urn)).toEqual(["990302"]);
  });

  it("reports a row wider than the header as a problem, never cutting it short or reading it shifted", async () => {
    const [header, ...rows] = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    const herondale = rows.find((line) => line.startsWith("990003,"))!;
    const columns = header!.split(",").length;
    const wider = (cells: number) =>
      `The row has ${cells} columns but the header has ${columns}, so its values cannot be matched to columns. Two rows may have run together, or a value with a comma may be missing its quotes.`;
    // The second row's name has an unquoted comma and its last cell is empty: every value after the name
    // is one column late, though no text is past the header's last column.
    const shifted = herondale
      .replace("990003", "990004")
      .replace("Herondale School", "Herondale, School")
      .replace(/,[^,]*$/, ",");
    const result = await parseGiasCsv(`${header}\r\n${herondale},stray\r\n${shifted}\r\n`, DEFAULTS);
    expect(result.skipped).toEqual([
      { row: 2, urn: "990003", name: "Herondale School", kind: "problem", reason: wider(columns + 1) },
      { row: 3, urn: "990004", name: "Herondale", kind: "problem", reason: wider(columns + 1) },
    ]);
    expect(result.schools).toEqual([]);
    // A header that ends with a comma as its rows do (a spreadsheet's empty last column) is read.
    const padded = await parseGiasCsv(`${header},\r\n${herondale},\r\n`, DEFAULTS);
    expect(padded.schools.map((s) => s.urn)).toEqual(["990003"]);
  });

  it("stores a name as the school form would, taking out an invisible character with a warning, and skips one it would refuse", async () => {
    const [header, ...rows] = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    const herondale = rows.find((line) => line.startsWith("990003,"))!;
    const spaced = herondale.replace("Herondale School", "Herondale\u00a0 School");
    const hidden = herondale.replace("990003", "990004").replace("Herondale School", "Heron\u200bdale\u2060 School");
    const mixed = herondale.replace("990003", "990005").replace("Herondale School", "C\u0435ntral School");
    const onlyHidden = herondale.replace("990003", "990006").replace("Herondale School", "\u200b\u200b");
    const result = await parseGiasCsv(`${header}\r\n${spaced}\r\n${hidden}\r\n${mixed}\r\n${onlyHidden}\r\n`, DEFAULTS);
    expect(result.schools.map((s) => [s.urn, s.name])).toEqual([
      ["990003", "Herondale School"],
      ["990004", "Herondale School"],
    ]);
    expect(result.warnings).toEqual([
      {
        row: 3,
        urn: "990004",
        name: "Herondale School",
        message: "The establishment name has an invisible character in it, such as a zero-width space: the character was left out",
      },
    ]);
    expect(result.skipped).toEqual([
      expect.objectContaining({
        row: 4,
        urn: "990005",
        reason: "The school's name has Cyrillic and Latin letters in one word, which can look alike: type it again",
      }),
      expect.objectContaining({ row: 5, urn: "990006", reason: "No establishment name" }),
    ]);
  });

  it("counts only rows with something in them towards the most a file may have, and numbers rows as a spreadsheet does", async () => {
    const [header, ...rows] = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    const herondale = rows.find((line) => line.startsWith("990003,"))!;
    const blank = ",".repeat(header!.split(",").length - 1);
    const result = await parseGiasCsv(`${header}\r\n${`${blank}\r\n`.repeat(MAX_GIAS_ROWS + 5)}${herondale.replace("Herondale School", "")}\r\n`, DEFAULTS);
    expect(result.totalRows).toBe(1);
    expect(result.skipped).toEqual([expect.objectContaining({ row: MAX_GIAS_ROWS + 7, urn: "990003", reason: "No establishment name" })]);
  });

  it("reports a row cut short before a column the import reads as a problem naming that column, never reading it as blank", async () => {
    const [header, ...rows] = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    const herondale = rows.find((line) => line.startsWith("990003,"))!;
    // Cut after the postcode: the district and ward, which place a school in a locality, are missing.
    const cut = herondale.split(",").slice(0, 18).join(",");
    const result = await parseGiasCsv(`${header}\r\n${cut}\r\n\r\n${herondale.replace("990003", "990004")}\r\n`, DEFAULTS);
    expect(result.skipped).toEqual([
      {
        row: 2,
        urn: "990003",
        name: "Herondale School",
        kind: "problem",
        reason:
          "The row ends after 18 columns, before the columns DistrictAdministrative (name) and AdministrativeWard (name). The row may have been cut short, or a value with a line break may be missing its quotes.",
      },
    ]);
    // An empty line is no row at all: it is passed over, and the row after it is read.
    expect(result.totalRows).toBe(2);
    expect(result.schools.map((s) => s.urn)).toEqual(["990004"]);
  });

  it("reads rows saved without their trailing empty cells, as spreadsheet programs save them, as the whole file", async () => {
    const [header, ...rows] = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    expect(rows.every((line) => line.endsWith(","))).toBe(true); // the last column, SchoolWebsite, is empty throughout
    const trimmed = [header, ...rows.map((line) => line.slice(0, -1))].join("\r\n");
    const whole = await parseFixture();
    expect(whole.schools.length).toBeGreaterThan(0);
    expect(await parseGiasCsv(trimmed, DEFAULTS)).toEqual(whole);
    // A row may stop anywhere after the last column the import reads (the ward, then Street to Town are read nowhere).
    const herondale = rows.find((line) => line.startsWith("990003,"))!;
    const toWard = herondale.split(",").slice(0, 22).join(",");
    expect((await parseGiasCsv(`${header}\r\n${toWard}\r\n`, DEFAULTS)).schools).toEqual([
      expect.objectContaining({ urn: "990003", area: { kind: "WARD", name: "Fosse" } }),
    ]);
  });

  it("ignores an empty last column name in the header (a trailing comma)", async () => {
    const [header, ...rows] = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    const whole = await parseFixture();
    expect(await parseGiasCsv([`${header},`, ...rows].join("\r\n"), DEFAULTS)).toEqual(whole);
    expect(await parseGiasCsv([`${header},`, ...rows.map((line) => line.slice(0, -1))].join("\r\n"), DEFAULTS)).toEqual(whole);
  });

  it("quotes a number of pupils as the file gives it, however long, and refuses stray commas in it", async () => {
    const [header, ...rows] = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    const herondale = rows.find((line) => line.startsWith("990003,"))!;
    const withPupils = (urn: string, pupils: string) => herondale.replace("990003", urn).replace(",412,", `,${pupils},`);
    const file = [header, withPupils("990401", "99999999999999999999"), withPupils("990402", '",,3,6,7,,"'), withPupils("990403", '"1,050"')].join("\r\n");
    const result = await parseGiasCsv(file, DEFAULTS);
    expect(result.skipped.map(({ row, reason }) => [row, reason])).toEqual([
      [2, 'Number of pupils "99999999999999999999" is more than 5,000'],
      [3, 'Number of pupils ",,3,6,7,," is not a whole number'],
    ]);
    expect(result.schools.map((s) => [s.urn, s.numberOnRoll])).toEqual([["990403", 1050]]);
  });

  it("reads a file of thousands of columns, and refuses one endless line, within the server's heap", async () => {
    // The server's own heap limit (package.json's start script), in a process of its own.
    const heapLimit = /--max-old-space-size=\d+/.exec(JSON.parse(fs.readFileSync("package.json", "utf8")).scripts.start)?.[0];
    if (!heapLimit) throw new Error("The start script sets no heap limit");
    const { stdout } = await run(process.execPath, [heapLimit, "--import", "tsx", "tests/unit/support/parse-gias-in-small-heap.ts"]);
    expect(JSON.parse(stdout)).toEqual({
      "thousands of columns": MAX_GIAS_ROWS - 1,
      "one endless line": "The file has a line longer than 100,000 characters, which no GIAS file has. Upload the file as GIAS gives it.",
    });
  }, 120_000);

  it("lets other work run while it reads a large file, rather than holding the server until it is done", async () => {
    const lines = decodeCsv(fixture).text.trimEnd().split(/\r?\n/);
    // Rows as wide as GIAS's (about 250 columns), so the file is near the upload's size.
    const padding = ",padding".repeat(250);
    const file = `${lines[0]!}${padding}\r\n${`${lines[1]!}${padding}\r\n`.repeat(MAX_GIAS_ROWS)}`;
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    try {
      expect((await parseGiasCsv(file, DEFAULTS)).totalRows).toBe(MAX_GIAS_ROWS);
    } finally {
      clearInterval(ticker);
    }
    // A read that held the thread from start to end would let the timer run at most once.
    expect(turns).toBeGreaterThan(10);
  });
});

describe("reading the upload", () => {
  const upload = (body: BodyInit, headers?: HeadersInit) => new Request("http://localhost/schools/import", { method: "POST", body, headers });

  it("reads a file within the limit and refuses a larger one with a message", async () => {
    const form = new FormData();
    form.append("file", new File([fixture], "gias.csv", { type: "text/csv" }));
    form.append("includeClosed", "on");
    const read = await readUpload(upload(form), 10_000);
    expect(read.ok && (read.formData.get("file") as File).size).toBe(fixture.byteLength);
    expect(await readUpload(upload(form), 1024)).toEqual({ ok: false, message: "The file must be 1 KB or smaller" });
    // "Or smaller": a file of exactly the limit is taken.
    expect((await readUpload(upload(form), fixture.byteLength)).ok).toBe(true);
    const big = new FormData();
    big.append("file", new File([new Uint8Array(21 * 1024 * 1024)], "big.csv"));
    expect(await readUpload(upload(big))).toEqual({ ok: false, message: "The file must be 20 MB or smaller" });
  });

  it("treats a request that is not a file upload as a mistake, not a crash", async () => {
    expect(await readUpload(upload("file=x", { "Content-Type": "application/x-www-form-urlencoded" }))).toMatchObject({ ok: false });
  });
});

describe("staging, checking and applying an import", () => {
  let actor: Awaited<ReturnType<typeof createUser>>;
  const locality: Record<string, string> = {};

  beforeAll(async () => {
    actor = await createUser();
    const areas: [string, string, "WARD" | "DISTRICT", string[]][] = [
      ["West Leicester", "Leicester", "WARD", ["Fosse", "Westcotes"]],
      ["East Leicester", "Leicester", "WARD", ["Evington"]],
      ["North Leicester", "Leicester", "WARD", ["Abbey"]],
      ["Blaby", "Leicestershire", "DISTRICT", ["Blaby"]],
      ["Charnwood", "Leicestershire", "DISTRICT", ["Charnwood"]],
      ["Harborough", "Leicestershire", "DISTRICT", ["Harborough"]],
      ["Rutland", "Rutland", "DISTRICT", ["Rutland"]],
    ];
    for (const [name, localAuthority, kind, names] of areas) {
      const created = await prisma.locality.create({ data: { name, localAuthority, areas: { create: names.map((n) => ({ kind, name: n })) } } });
      locality[name] = created.id;
    }
    const school = { type: "SECONDARY", status: "OPEN" as const };
    await prisma.school.createMany({
      data: [
        {
          ...school,
          urn: "990003",
          name: "Herondale School",
          localAuthority: "Leicester",
          localityId: locality["West Leicester"],
          numberOnRoll: 367,
          postcode: "LE4 7GQ",
        },
        {
          ...school,
          urn: "990010",
          name: "Teaselridge High School",
          localAuthority: "Leicester",
          localityId: locality["East Leicester"],
          numberOnRoll: 838,
          postcode: "LE8 6UX",
        },
        {
          ...school,
          urn: "990020",
          name: "Umberridge Community College",
          localAuthority: "Leicestershire",
          localityId: locality.Blaby,
          numberOnRoll: 1196,
          postcode: "LE5 6RP",
        },
      ],
    });
  });

  const stageFixture = async () => {
    const staged = await stageImport(actor, { fileName: "gias-llr-sample.csv", bytes: fixture, options: DEFAULTS });
    if (!staged.ok) throw new Error(staged.message);
    return staged.importId;
  };

  it("previews additions, updates with each change, and unchanged schools, then applies them once", async () => {
    const importId = await stageFixture();
    expect(await prisma.school.count({ where: { urn: { startsWith: "9901" } } })).toBe(0); // nothing changes on upload
    const preview = await getImportPreview(actor, importId);
    const diff = preview!.diff!;
    expect(diff.add.map((a) => a.facts.urn)).toEqual(["990101", "990102", "990103", "990104", "990105", "990106", "990107"]);
    expect(diff.unchanged).toBe(1);
    expect(diff.update.map((u) => [u.facts.urn, u.changes.map((c) => `${c.label}: ${c.from} → ${c.to}`)])).toEqual([
      ["990003", ["number on roll: 367 → 412"]],
      ["990010", ["name: Teaselridge High School → Teaselridge St Anne’s High School", "postcode: LE8 6UX → LE5 6UX"]],
    ]);
    const localityOf = Object.fromEntries(diff.add.map((a) => [a.facts.urn, a.facts.locality?.name ?? null]));
    expect(localityOf).toEqual({
      "990101": "West Leicester",
      "990102": "Charnwood",
      "990103": "Rutland",
      "990104": "North Leicester",
      "990105": "Blaby",
      "990106": "Harborough",
      "990107": null,
    });
    expect(diff.warnings.map((w) => [w.row, w.message])).toEqual([
      [10, 'Postcode "LE16 7A" is not a UK postcode, so it was left out'],
      [11, "No locality is mapped to the ward Sorrel Park, so it will have no locality"],
    ]);

    const auditBefore = await prisma.auditEvent.count();
    expect(await applyImport(actor, importId, diff.fingerprint)).toEqual({
      status: "applied",
      added: 7,
      updated: 2,
      unchanged: 1,
      leftOpen: 0,
      withdrawn: { bookings: 0, waitingLists: 0, offers: 0, told: [], offered: [] },
    });
    const added = await prisma.school.findUniqueOrThrow({ where: { urn: "990101" }, include: { locality: true } });
    expect(added).toMatchObject({
      name: "St Bénédict’s Catholic College",
      numberOnRoll: 1050,
      postcode: "LE3 0AB",
      type: "SECONDARY",
      locality: { name: "West Leicester" },
    });
    expect(await prisma.school.findUniqueOrThrow({ where: { urn: "990003" } })).toMatchObject({ numberOnRoll: 412 });
    const events = await prisma.auditEvent.findMany({ where: { id: { gt: 0 } }, orderBy: { id: "asc" }, skip: auditBefore });
    expect(events).toHaveLength(7 + 2 + 1);
    expect(events.find((e) => e.entityId === added.id)?.summary).toBe("Added St Bénédict’s Catholic College (URN 990101) from GIAS file gias-llr-sample.csv");
    expect(events.map((e) => e.summary)).toContain("Changed number on roll from 367 to 412 (Herondale School, URN 990003) from GIAS file gias-llr-sample.csv");
    expect(events.at(-1)).toMatchObject({ action: "import", entityType: "SchoolImport", actorId: actor.id });

    // The same plan cannot be applied twice.
    expect(await applyImport(actor, importId, diff.fingerprint)).toEqual({ status: "already-applied" });
    expect((await getImportPreview(actor, importId))?.applied).toEqual({ added: 7, updated: 2, unchanged: 1, leftOpen: 0 });

    // The same file again: everything is unchanged and confirming changes nothing.
    const again = await stageFixture();
    const second = (await getImportPreview(actor, again))!.diff!;
    expect([second.add.length, second.update.length, second.unchanged]).toEqual([0, 0, 10]);
    const schoolsBefore = await prisma.school.findMany({ orderBy: { urn: "asc" } });
    expect(await applyImport(actor, again, second.fingerprint)).toEqual({
      status: "applied",
      added: 0,
      updated: 0,
      unchanged: 10,
      leftOpen: 0,
      withdrawn: { bookings: 0, waitingLists: 0, offers: 0, told: [], offered: [] },
    });
    expect(await prisma.school.findMany({ orderBy: { urn: "asc" } })).toEqual(schoolsBefore);
    expect(await prisma.auditEvent.count({ where: { entityType: "School", id: { gt: events.at(-1)!.id } } })).toBe(0);
  });

  it("warns of each name that reads as UTF-8 in a file read as Windows-1252, since its lines mix the two", async () => {
    const header =
      "URN,LA (code),LA (name),PhaseOfEducation (name),TypeOfEstablishment (name),NumberOfPupils,EstablishmentStatus (name),Postcode,DistrictAdministrative (name),AdministrativeWard (name),EstablishmentName";
    const row = (urn: string, name: string) => `${urn},855,Leicestershire,Secondary,Community school,700,Open,LE11 1AA,Charnwood,Loughborough Outwoods,${name}`;
    const mixed = Buffer.concat([
      Buffer.from(`${header}\n${row("970011", "Café Academy")}\n`, "utf8"),
      // Most of the file's accents are Windows-1252's, so it is read as that.
      iconv.encode(`${row("970012", "Bénédict School")}\n${row("970014", "Sœur Thérèse-Éloïse École")}\n`, "win1252"),
      // "Ł" in UTF-8 has a byte Windows-1252 does not define, so no reading of it can be given.
      Buffer.from(`${row("970013", "Łódź Academy")}\n`, "utf8"),
    ]);
    const staged = await stageImport(actor, { fileName: "mixed.csv", bytes: mixed, options: DEFAULTS });
    if (!staged.ok) throw new Error(staged.message);
    const preview = (await getImportPreview(actor, staged.importId))!;
    expect(preview.encoding).toBe("Windows-1252");
    expect(preview.diff!.warnings).toEqual([
      {
        row: 2,
        urn: "970011",
        name: "CafÃ© Academy",
        message:
          'Its name reads as "CafÃ© Academy" in this Windows-1252 file, but as "Café Academy" in UTF-8: the file mixes two encodings. Save it again in one, and upload it again',
      },
      {
        row: 5,
        urn: "970013",
        name: "Å\ufffdÃ³dÅº Academy",
        message:
          'Its name, "Å\ufffdÃ³dÅº Academy", has bytes this Windows-1252 file cannot show (�): the file may mix two encodings. Save it again in one, and upload it again',
      },
    ]);
    // Confirmed with changes other than these (a page sent with a made-up fingerprint), nothing is saved,
    // and the lead is told so without a claim that the schools changed.
    const path = `/schools/import/${staged.importId}`;
    const { action } = await import("~/routes/schools.import.$importId");
    const response = await action({
      request: await signedInPost(path, actor.id, { fingerprint: "0".repeat(64) }),
      context: routeContext(),
      params: { importId: staged.importId },
    });
    expect(await flashOf(response as Response)).toBe(
      "Nothing was saved: the changes you confirmed are not the ones this file would make now (the schools may have changed since the preview was drawn). Check the changes below, then confirm again.",
    );
    expect(await prisma.school.count({ where: { urn: { in: ["970011", "970012", "970013", "970014"] } } })).toBe(0);
    // A file in Windows-1252 alone, with its accents and curly quotes, is warned of nothing.
    const windows = await stageImport(actor, { fileName: "gias-llr-sample.csv", bytes: fixture, options: DEFAULTS });
    if (!windows.ok) throw new Error(windows.message);
    expect((await getImportPreview(actor, windows.importId))!.diff!.warnings.filter((w) => w.message.includes("encodings"))).toEqual([]);
  });

  it("applies nothing if the schools changed after the preview, and a fresh preview can then be applied", async () => {
    const header = Object.values(GIAS_COLUMNS).join(",");
    const row = (pupils: string) =>
      `970001,855,Leicestershire,Secondary,Community school,${pupils},Open,LE11 1AA,Charnwood,Loughborough Outwoods,Quarryfield School`;
    // The columns in another order than GIAS's, to show they are found by name.
    const csvWith = (pupils: string) =>
      `URN,LA (code),LA (name),PhaseOfEducation (name),TypeOfEstablishment (name),NumberOfPupils,EstablishmentStatus (name),Postcode,DistrictAdministrative (name),AdministrativeWard (name),EstablishmentName\n${row(pupils)}\n`;
    expect(header.split(",").sort()).toEqual(csvWith("").split("\n")[0]!.split(",").sort());
    const csv = csvWith("700");
    // A long file name (as downloads are often called) is still the CSV it is, kept short with its ending.
    const longName = `${"edubasealldata-leicestershire-".repeat(8)}one.csv`;
    expect(longName.length).toBeGreaterThan(200);
    const first = await stageImport(actor, { fileName: longName, bytes: Buffer.from(csv), options: DEFAULTS });
    if (!first.ok) throw new Error(first.message);
    const staged = await prisma.schoolImport.findUniqueOrThrow({ where: { id: first.importId } });
    expect(staged.fileName).toHaveLength(200);
    expect(staged.fileName).toMatch(/…e-one\.csv$/);
    await applyImport(actor, first.importId, (await getImportPreview(actor, first.importId))!.diff!.fingerprint);

    const second = await stageImport(actor, { fileName: "two.csv", bytes: Buffer.from(csvWith("750")), options: DEFAULTS });
    if (!second.ok) throw new Error(second.message);
    const shown = (await getImportPreview(actor, second.importId))!.diff!;
    expect(shown.update[0]?.changes.map((c) => c.to)).toEqual(["750"]);

    const school = await prisma.school.findUniqueOrThrow({ where: { urn: "970001" } });
    await updateSchool(actor, school.id, {
      ...school,
      openedOn: undefined,
      closedOn: undefined,
      localityId: school.localityId ?? undefined,
      numberOnRoll: 720,
      postcode: school.postcode ?? undefined,
      type: "SECONDARY",
      status: "OPEN",
    });
    expect(await applyImport(actor, second.importId, shown.fingerprint)).toEqual({ status: "changed" });
    expect(await prisma.schoolImport.findUniqueOrThrow({ where: { id: second.importId } })).toMatchObject({ appliedAt: null });
    expect(await prisma.school.findUniqueOrThrow({ where: { urn: "970001" } })).toMatchObject({ numberOnRoll: 720 });

    const fresh = (await getImportPreview(actor, second.importId))!.diff!;
    expect(fresh.update[0]?.changes.map((c) => `${c.from} → ${c.to}`)).toEqual(["720 → 750"]);
    expect(await applyImport(actor, second.importId, fresh.fingerprint)).toMatchObject({ status: "applied", updated: 1 });

    // A blank NumberOfPupils is "not known", so the figure the forum has is kept.
    const blank = await stageImport(actor, { fileName: "three.csv", bytes: Buffer.from(csvWith("")), options: DEFAULTS });
    if (!blank.ok) throw new Error(blank.message);
    expect((await getImportPreview(actor, blank.importId))!.diff).toMatchObject({ add: [], update: [], unchanged: 1 });
  });

  it("refuses a UTF-8 file with a damaged byte, a column given twice, and warns of 0 pupils rather than keeping quiet", async () => {
    const header = Object.values(GIAS_COLUMNS);
    const line = (values: Record<string, string>) => header.map((column) => values[column] ?? "").join(",");
    const school = {
      URN: "970201",
      "LA (code)": "856",
      "LA (name)": "Leicester",
      EstablishmentName: "Bénédict Academy",
      "TypeOfEstablishment (name)": "Community school",
      "EstablishmentStatus (name)": "Open",
      "PhaseOfEducation (name)": "Secondary",
      NumberOfPupils: "-0",
    };
    const stage = (bytes: Uint8Array) => stageImport(actor, { fileName: "odd.csv", bytes, options: DEFAULTS });

    const utf8 = Buffer.from(`${header.join(",")}\n${line(school)}\n${line({ ...school, URN: "970202", EstablishmentName: "Surrey School" })}\n`, "utf8");
    // One byte of the third line's name made one that UTF-8 does not allow.
    const damaged = Buffer.from(utf8);
    damaged[utf8.indexOf("Surrey")] = 0xff;
    expect(await stage(damaged)).toEqual({
      ok: false,
      message: "The file is in UTF-8 but line 3 has bytes that are not, so its names cannot be read as they were written. Download the file from GIAS again.",
    });

    const twice = Buffer.from(`URN,${header.join(",")}\n970203,${line(school)}\n`, "utf8");
    expect(await stage(twice)).toEqual({
      ok: false,
      message: "The file has the column URN twice, so which to read cannot be told. Download the establishments CSV from GIAS again.",
    });

    const staged = await stage(utf8);
    if (!staged.ok) throw new Error(staged.message);
    const preview = await getImportPreview(actor, staged.importId);
    expect(preview?.diff?.add.map((a) => [a.facts.name, a.facts.numberOnRoll])).toEqual([
      ["Bénédict Academy", null],
      ["Surrey School", null],
    ]);
    expect(preview?.diff?.warnings.map((w) => w.message)).toContain('Number of pupils "-0" is 0, so it was left out: the forum keeps any figure it has');

    // Windows-1252 in which "Ö" and a non-breaking space happen to read as one UTF-8 letter is still read as Windows-1252.
    const windows = iconv.encode(
      `${header.join(",")}\n${line({ ...school, URN: "970204", EstablishmentName: "HÖ\u00a0House – Café", NumberOfPupils: "900" })}\n`,
      "win1252",
    );
    expect(decodeCsv(windows)).toMatchObject({ encoding: "Windows-1252", text: expect.stringContaining("HÖ\u00a0House – Café") });
  });

  it("reads the days a school opened and closed where the file has them, and keeps the ones a school has where it has not", async () => {
    const withDates = [...Object.values(GIAS_COLUMNS), "OpenDate", "CloseDate"];
    const line = (header: string[], values: Record<string, string>) => header.map((column) => `"${values[column] ?? ""}"`).join(",");
    const base = {
      "LA (code)": "856",
      "LA (name)": "Leicester",
      "TypeOfEstablishment (name)": "Academy converter",
      "PhaseOfEducation (name)": "Secondary",
      NumberOfPupils: "900",
    };
    // An academy conversion: the old school closed on 31 August, its successor opened the next day.
    const old = {
      ...base,
      URN: "970301",
      EstablishmentName: "Old Foundation School",
      "EstablishmentStatus (name)": "Closed",
      OpenDate: "01-09-1974",
      CloseDate: "31-08-2025",
    };
    const successor = { ...base, URN: "970302", EstablishmentName: "Foundation Academy", "EstablishmentStatus (name)": "Open", OpenDate: "01-09-2025" };
    // Open, but GIAS gives a day it is proposed to close: an open school has no closing day.
    const proposed = {
      ...base,
      URN: "970303",
      EstablishmentName: "Proposed To Close School",
      "EstablishmentStatus (name)": "Open, but proposed to close",
      CloseDate: "31-08-2027",
    };
    const wrong = {
      ...base,
      URN: "970304",
      EstablishmentName: "Odd Dates School",
      "EstablishmentStatus (name)": "Closed",
      OpenDate: "31-02-2001",
      CloseDate: "01-09-2999",
    };
    const file = [withDates.join(","), ...[old, successor, proposed, wrong].map((school) => line(withDates, school))].join("\r\n");
    const options = { ...DEFAULTS, includeClosed: true };
    const parsed = await parseGiasCsv(file, options);
    const byUrn = Object.fromEntries(parsed.schools.map((school) => [school.urn, [school.openedOn, school.closedOn]]));
    expect(byUrn).toEqual({
      "970301": ["1974-09-01", "2025-08-31"],
      "970302": ["2025-09-01", null],
      "970303": [null, null],
      "970304": [null, null],
    });
    expect(parsed.warnings.map((w) => w.message)).toEqual([
      'OpenDate "31-02-2001": the date the school opened must be a real date, like 26/11/2026, so it was left out',
      'CloseDate "01-09-2999": the date the school closed must be today or in the past, so it was left out',
    ]);

    const staged = await stageImport(actor, { fileName: "dates.csv", bytes: Buffer.from(file), options });
    if (!staged.ok) throw new Error(staged.message);
    const preview = (await getImportPreview(actor, staged.importId))!.diff!;
    expect(await applyImport(actor, staged.importId, preview.fingerprint)).toMatchObject({ status: "applied", added: 4 });
    const days = async (urn: string) => prisma.school.findUniqueOrThrow({ where: { urn }, select: { openedOn: true, closedOn: true } });
    expect(await days("970301")).toEqual({ openedOn: new Date("1974-08-31T23:00:00Z"), closedOn: new Date("2025-08-30T23:00:00Z") });

    // A row saved without its empty last cells ends before an optional column: read as blank, not cut short.
    const short = `${withDates.join(",")}\r\n${line(withDates, { ...successor, URN: "970305", EstablishmentName: "Short Row Academy" }).replace(/,""$/, "")}`;
    expect((await parseGiasCsv(short, options)).schools.map((school) => [school.urn, school.openedOn, school.closedOn])).toEqual([
      ["970305", "2025-09-01", null],
    ]);

    // A file without the columns says nothing about the days, so the school keeps them.
    const without = Object.values(GIAS_COLUMNS);
    const again = await stageImport(actor, {
      fileName: "no-dates.csv",
      bytes: Buffer.from(`${without.join(",")}\n${line(without, { ...old, NumberOfPupils: "880" })}\n`),
      options,
    });
    if (!again.ok) throw new Error(again.message);
    const changes = (await getImportPreview(actor, again.importId))!.diff!;
    expect(changes.update.map((u) => u.changes.map((c) => c.field))).toEqual([["numberOnRoll"]]);
    expect(await applyImport(actor, again.importId, changes.fingerprint)).toMatchObject({ status: "applied", updated: 1 });
    expect(await days("970301")).toEqual({ openedOn: new Date("1974-08-31T23:00:00Z"), closedOn: new Date("2025-08-30T23:00:00Z") });

    // A file's opening day after the closing day kept: that closing day cannot be this school's, and the preview says so.
    const later = { ...old, OpenDate: "01-09-2025", CloseDate: "" };
    const reopened = await stageImport(actor, { fileName: "later.csv", bytes: Buffer.from(`${withDates.join(",")}\n${line(withDates, later)}\n`), options });
    if (!reopened.ok) throw new Error(reopened.message);
    const laterDiff = (await getImportPreview(actor, reopened.importId))!.diff!;
    expect(laterDiff.update[0]?.changes.map((c) => `${c.label}: ${c.from} → ${c.to}`)).toEqual([
      "number on roll: 880 → 900",
      "date it opened: 1 September 1974 → 1 September 2025",
      "date it closed: 31 August 2025 → not known",
    ]);
    expect(laterDiff.warnings.map((w) => w.message)).toContain(
      "The day it opened, 1 September 2025, is after the day it closed, 31 August 2025, so the closing day is left out",
    );

    // A file whose own CloseDate is before its OpenDate: the same warning, and no closing day is saved.
    const backwards = { ...old, URN: "970306", EstablishmentName: "Backwards School", OpenDate: "01-09-2020", CloseDate: "31-08-2019" };
    const staged2 = await stageImport(actor, {
      fileName: "backwards.csv",
      bytes: Buffer.from(`${withDates.join(",")}\n${line(withDates, backwards)}\n`),
      options,
    });
    if (!staged2.ok) throw new Error(staged2.message);
    const backwardsDiff = (await getImportPreview(actor, staged2.importId))!.diff!;
    expect(backwardsDiff.warnings.map((w) => w.message)).toContain(
      "The day it opened, 1 September 2020, is after the day it closed, 31 August 2019, so the closing day is left out",
    );
    expect(await applyImport(actor, staged2.importId, backwardsDiff.fingerprint)).toMatchObject({ status: "applied", added: 1 });
    expect(await days("970306")).toEqual({ openedOn: new Date("2020-08-31T23:00:00Z"), closedOn: null });
  });

  it("refuses uploads that are not usable CSV files, with a message for each", async () => {
    const stage = (fileName: string, bytes: Uint8Array) => stageImport(actor, { fileName, bytes, options: DEFAULTS });
    expect(await stage("schools.xlsx", fixture)).toEqual({ ok: false, message: "The selected file must be a CSV" });
    expect(await stage("empty.csv", new Uint8Array())).toEqual({ ok: false, message: "The selected file is empty" });
    expect(await stage("other.csv", Buffer.from("name,town\nA,B\n"))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^The file is missing these columns/),
    });
    expect(await applyImport(actor, "no-such-import", "")).toBeNull();
    expect(await getImportPreview(actor, "no-such-import")).toBeNull();
  });

  it("refuses a teacher every step with a 403, and stages or applies nothing", async () => {
    const importId = await stageFixture();
    const fingerprint = (await getImportPreview(actor, importId))!.diff!.fingerprint;
    const teacher = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    await expect(stageImport(teacher, { fileName: "gias-llr-sample.csv", bytes: fixture, options: DEFAULTS })).rejects.toMatchObject({ status: 403 });
    await expect(getImportPreview(teacher, importId)).rejects.toMatchObject({ status: 403 });
    await expect(applyImport(teacher, importId, fingerprint)).rejects.toMatchObject({ status: 403 });
    expect(await prisma.schoolImport.count({ where: { createdById: teacher.id } })).toBe(0);
    expect(await prisma.schoolImport.findUniqueOrThrow({ where: { id: importId } })).toMatchObject({ appliedAt: null });
  });
});
