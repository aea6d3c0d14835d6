/**
 * Reading a Get Information About Schools (GIAS) establishments CSV: decoding, checking each row and
 * turning it into a school the forum would hold. Pure (no database), so every rule is unit-tested;
 * app/models/gias-import.server.ts compares the result with the database and applies it.
 */
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { areaKindFor, type AreaKind } from "./localities";
import { DATE_WINDOWS, dateProblem, isoDateFrom, type DateWindow } from "./date-fields";
import { characterCount, cutToCharacters, moreCharactersThan } from "./characters";
import { formatCount, parseWholeNumber } from "./numbers";
import { normalisePostcode } from "./postcodes";
import { withoutHiddenCharacters } from "./text-fields";
import { withoutFormatCharacters } from "./fixed-form";
import { MAX_NUMBER_ON_ROLL, schoolName } from "./school-form";
import { LOCAL_AUTHORITIES, URN_PATTERN, type SchoolType } from "./schools";
import type { SchoolStatus } from "./statuses";

export const GIAS_COLUMNS = {
  urn: "URN",
  name: "EstablishmentName",
  laCode: "LA (code)",
  laName: "LA (name)",
  phase: "PhaseOfEducation (name)",
  type: "TypeOfEstablishment (name)",
  pupils: "NumberOfPupils",
  status: "EstablishmentStatus (name)",
  postcode: "Postcode",
  district: "DistrictAdministrative (name)",
  ward: "AdministrativeWard (name)",
} as const;
/**
 * Columns read when the file has them: GIAS's full extract does, a download of chosen fields may not.
 * Without them an import keeps the days a school already has.
 */
const GIAS_DATE_COLUMNS = {
  openedOn: "OpenDate",
  closedOn: "CloseDate",
} as const;
const READ_COLUMNS = { ...GIAS_COLUMNS, ...GIAS_DATE_COLUMNS };
type Column = keyof typeof READ_COLUMNS;

export type GiasOptions = { includeClosed: boolean; includeOtherPhases: boolean };

export type GiasSchool = {
  row: number;
  urn: string;
  name: string;
  localAuthority: string;
  type: SchoolType;
  status: SchoolStatus;
  /** null when GIAS has no figure: an existing school keeps the one it has. */
  numberOnRoll: number | null;
  postcode: string | null;
  /** The London day it opened, "YYYY-MM-DD", from OpenDate; null when the file does not give it. */
  openedOn: string | null;
  /**
   * The London day it closed, "YYYY-MM-DD", from CloseDate; null when the file does not give it or the
   * school is open. It may be before `openedOn`: the import drops it then (datesFrom).
   */
  closedOn: string | null;
  /** The ward (Leicester) or district (county, Rutland) that places the school in a locality. */
  area: { kind: AreaKind; name: string | null };
};

/** "problem": the row is wrong and someone may want to fix it; "excluded": left out by the import's rules. */
export type GiasSkip = { row: number; urn: string | null; name: string | null; reason: string; kind: "problem" | "excluded" };

const CLOSED_ESTABLISHMENT = "Closed establishment";

/**
 * Whether a row was left out only for being closed in GIAS ("Closed establishments" not ticked). Read from
 * the reason, so an import stored before this was asked is read the same.
 */
export function leftOutAsClosed(skip: GiasSkip): boolean {
  return skip.kind === "excluded" && skip.reason === CLOSED_ESTABLISHMENT;
}
export type GiasWarning = { row: number; urn: string; name: string; message: string };
export type GiasParseResult = { schools: GiasSchool[]; skipped: GiasSkip[]; warnings: GiasWarning[]; totalRows: number };

/** A file that cannot be imported at all; the message is shown to the lead as it is. */
export class GiasFileError extends Error {}

/**
 * The most establishment rows one file may hold. Leicester, Leicestershire and Rutland have about
 * 1,000 establishments of every phase, open and closed, so this is generous; a file of all England
 * (about 65,000) is refused at once, before the rows are read, instead of tying the server up for
 * seconds (docs/decisions/0031-gias-upload-limits.md).
 */
export const MAX_GIAS_ROWS = 5_000;

export type CsvEncoding = "UTF-8" | "Windows-1252" | "UTF-16";

/**
 * GIAS downloads are often Windows-1252. A file in UTF-16, as some programs on Windows save a
 * CSV, is read as such (`utf16ByteOrder`). A file that is valid UTF-8 (with or without a BOM)
 * is read as UTF-8; one that is not is read as Windows-1252.
 * @throws GiasFileError when the file is UTF-8 or UTF-16 with bytes that are not (a damaged download).
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const utf16 = utf16ByteOrder(bytes);
  if (utf16) {
    try {
      // The byte order mark, when there is one, is read as that and not kept.
      return { text: new TextDecoder(utf16, { fatal: true }).decode(bytes), encoding: "UTF-16" };
    } catch {
      throw new GiasFileError(
        "The file is in UTF-16 but has bytes that are not, so its names cannot be read as they were written. Download the file from GIAS again.",
      );
    }
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" };
  } catch {
    // Windows-1252 text has no run of bytes that reads as a UTF-8 letter (é is one byte there, two in
    // UTF-8). A file with such runs and a byte that is not UTF-8 is UTF-8 damaged: read as Windows-1252,
    // every accented name in it would be imported garbled ("BÃ©nÃ©dict"), so it is refused.
    const damaged = damagedUtf8Line(bytes);
    if (damaged !== null) {
      throw new GiasFileError(
        `The file is in UTF-8 but line ${damaged} has bytes that are not, so its names cannot be read as they were written. Download the file from GIAS again.`,
      );
    }
    // A UTF-8 byte-order mark before Windows-1252 text (added by a program that saved it again) carries no
    // text: read as Windows-1252 it would become "ï»¿" stuck to the first column's name.
    const utf8Mark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { text: iconv.decode(Buffer.from(utf8Mark ? bytes.subarray(3) : bytes), "win1252"), encoding: "Windows-1252" };
  }
}

/**
 * The byte order of a file in UTF-16, or null for a file in a one-byte encoding (UTF-8, Windows-1252). Told
 * by its byte order mark (FF FE or FE FF), or without one by its first character: a CSV's first is a
 * printable one (GIAS's header starts "URN"), which UTF-16 writes as a NUL byte beside another, and no CSV
 * in a one-byte encoding has a NUL in its first two bytes.
 */
function utf16ByteOrder(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const [first, second] = [bytes[0], bytes[1]];
  if ((first === 0xff && second === 0xfe) || (first !== 0 && second === 0)) return "utf-16le";
  if ((first === 0xfe && second === 0xff) || (first === 0 && second !== 0 && second !== undefined)) return "utf-16be";
  return null;
}

/**
 * For text read from a Windows-1252 file: how it reads as UTF-8 when its bytes are UTF-8 letters
 * ("CafÃ©" is "Café"), else null. A file whose lines mix the two encodings is read as Windows-1252 as a
 * whole (decodeCsv), so its UTF-8 lines come out garbled; the import warns of each such name.
 */
function readsAsUtf8(text: string): string | null {
  const bytes = iconv.encode(text, "win1252");
  if (!bytes.toString("latin1").match(UTF8_SEQUENCES)) return null;
  try {
    const read = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return read === text ? null : read;
  } catch {
    return null;
  }
}

/**
 * Warnings for the schools of a file read as Windows-1252 whose names read as UTF-8 (readsAsUtf8): the
 * name as it would be saved, garbled, and as it was likely written.
 */
export function mixedEncodingWarnings(schools: readonly GiasSchool[]): GiasWarning[] {
  return schools.flatMap((school) => {
    // Bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) come out as U+FFFD, which cannot
    // be turned back into them: what the name was meant to read is not known, only that it is garbled.
    const undefinedBytes = school.name.includes("\ufffd");
    const meant = undefinedBytes ? null : readsAsUtf8(school.name);
    if (!undefinedBytes && !meant) return [];
    const message = meant
      ? `Its name reads as "${shownValue(school.name)}" in this Windows-1252 file, but as "${shownValue(meant)}" in UTF-8: the file mixes two encodings. Save it again in one, and upload it again`
      : `Its name, "${shownValue(school.name)}", has bytes this Windows-1252 file cannot show (�): the file may mix two encodings. Save it again in one, and upload it again`;
    return [{ row: school.row, urn: school.urn, name: school.name, message }];
  });
}

/** A UTF-8 letter of two to four bytes: a lead byte and its continuation bytes. */
const UTF8_SEQUENCES = /[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}/g;

/**
 * For bytes that are not all UTF-8: the line (from 1) of the first byte that is not, when the file was
 * meant as UTF-8: more of its bytes above 127 make UTF-8 letters than do not. A Windows-1252 file, in
 * which a pair such as "Ö" and a non-breaking space happens to read as one, has far more that do not
 * (every accented letter, dash and curly quote), so it is null and read as Windows-1252.
 */
function damagedUtf8Line(bytes: Uint8Array): number | null {
  const latin1 = Buffer.from(bytes).toString("latin1");
  const letters = latin1.match(UTF8_SEQUENCES)?.length ?? 0;
  // eslint-disable-next-line no-control-regex -- what is left above 127 once the UTF-8 letters are taken out
  const strays = latin1.replace(UTF8_SEQUENCES, "").replace(/[\x00-\x7f]/g, "").length;
  if (letters <= strays) return null;
  const read = new TextDecoder("utf-8").decode(bytes);
  const bad = read.indexOf("\ufffd");
  return bad === -1 ? null : read.slice(0, bad).split(/\r\n|\r|\n/).length;
}

const SECONDARY_AGE_PHASES = new Set(["secondary", "middle deemed secondary", "all-through"]);
// Establishments in GIAS that are not schools the forum works with, whatever their phase.
const NOT_SCHOOLS =
  /children's centre|further education|higher education|welsh establishment|british schools overseas|offshore school|online provider|miscellaneous/i;

/** The forum's type for a GIAS establishment type and phase, or why it is left out. */
export function classifyEstablishment(typeName: string, phase: string, includeOtherPhases: boolean): { type: SchoolType } | { excluded: string } {
  if (NOT_SCHOOLS.test(typeName)) return { excluded: `${shownValue(typeName)} is not a type of school the forum includes` };
  const type: SchoolType =
    /special/i.test(typeName) && !/post 16/i.test(typeName)
      ? "SPECIAL"
      : /pupil referral|alternative provision/i.test(typeName)
        ? "PRU_AP"
        : /independent/i.test(typeName)
          ? "INDEPENDENT"
          : phase.toLowerCase() === "all-through"
            ? "ALL_THROUGH"
            : "SECONDARY";
  const phaseIsSecondaryAge =
    SECONDARY_AGE_PHASES.has(phase.toLowerCase()) ||
    // Special schools, PRUs, AP and independent schools have no phase in GIAS but teach secondary ages.
    ((phase === "" || phase.toLowerCase() === "not applicable") && type !== "SECONDARY");
  if (!phaseIsSecondaryAge && !includeOtherPhases) {
    return { excluded: `${phase ? `${shownValue(phase)} phase` : "No phase"}: only secondary-age schools are imported` };
  }
  return { type };
}

/** How much of the file is read between pauses: about a millisecond or two of parsing. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * The longest line a file may have, in characters. A row of GIAS's full extract (about 130 columns) is
 * about 1,200. A line with no end (a file of one row, commas only) would otherwise become one record of
 * millions of fields, more than the server's heap holds.
 */
const MAX_LINE_CHARACTERS = 100_000;

const COLUMN_KEYS = Object.keys(READ_COLUMNS) as Column[];
/** Where each column read is in a row as `readRecords` keeps it. */
const KEPT_POSITION = Object.fromEntries(COLUMN_KEYS.map((key, position) => [key, position])) as Record<Column, number>;

/**
 * A row as `readRecords` keeps it: its number as a spreadsheet shows it (the header is row 1); the columns
 * this service reads, in COLUMN_KEYS order; how many columns it had; whether it is wider than the header
 * (`wider`); and which of the columns this service reads it ends before (`missing`, by their GIAS names in
 * the header's order).
 */
type KeptRow = { row: number; cells: string[]; columns: number; wider: boolean; missing: string[] };

/**
 * What `readRecords` keeps of each row after `header`: the columns this service reads, in COLUMN_KEYS
 * order ("" for one the header lacks; `checkColumns` then says which). A file may have thousands of
 * columns, and 5,000 rows of them kept whole would not fit in the server's heap. A row with more cells
 * than the header line has (`width`, its unnamed trailing cells counted) has had its values shifted, by a
 * comma in a value that lost its quotes, even when its last cell is empty; text past the header's last
 * named column belongs to no column. Either way the row is noted as wider rather than read shifted or
 * cut short unseen; empty cells under the header's own trailing commas hold nothing to lose. A row may end early: spreadsheet programs save a
 * row without its trailing empty cells, and GIAS's last columns are often empty. It is read if it has
 * every column this service needs (GIAS_COLUMNS); one it ends before is noted as missing, rather than
 * read as a blank, as the row may have been cut short. An empty line (one empty cell) is no row, and is
 * left for the caller to pass over.
 */
function keptColumns(header: string[], width: number): (record: string[], row: number) => KeptRow {
  const positions = new Map(header.map((name, index) => [name.trim(), index]));
  const at = COLUMN_KEYS.map((key) => positions.get(READ_COLUMNS[key]));
  // Only the columns every file has make a row that ends before them cut short: a date column a row ends
  // before reads as blank, which keeps the days a school has.
  const required = new Set<string>(Object.values(GIAS_COLUMNS));
  const read = COLUMN_KEYS.flatMap((key, i) =>
    at[i] === undefined || !required.has(READ_COLUMNS[key]) ? [] : [{ name: READ_COLUMNS[key], index: at[i] }],
  ).sort((a, b) => a.index - b.index);
  const hasText = (cells: string[]) => cells.some((cell) => cell.trim() !== "");
  return (record, row) => ({
    row,
    cells: at.map((index) => (index === undefined ? "" : (record[index] ?? ""))),
    columns: record.length,
    wider: record.length > width || hasText(record.slice(header.length)),
    missing: hasText(record) ? read.filter(({ index }) => index >= record.length).map(({ name }) => name) : [],
  });
}

/**
 * The length of the longest line in `chunk`, counting `carried` characters of a line begun in the chunks
 * before, and the length carried on. A line ends at a line feed or a carriage return: csv-parse takes
 * either, and a spreadsheet on a Mac may save a CSV with carriage returns alone.
 */
function longestLine(chunk: string, carried: number): { longest: number; carried: number } {
  let longest = 0;
  let lineStart = -carried;
  for (const { index: end } of chunk.matchAll(/[\r\n]/g)) {
    longest = Math.max(longest, end - lineStart);
    lineStart = end + 1;
  }
  const open = chunk.length - lineStart;
  return { longest: Math.max(longest, open), carried: open };
}

const otherWorkFirst = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The file's header and rows, read a chunk at a time with a pause between chunks in which the server
 * answers other requests, so a large upload never holds up a pupil's page (docs/decisions/0031). Reads
 * the header, the most rows allowed and one more (to tell a file that is too long), and no further. The
 * header is kept whole; each row after it only as `keptColumns` says. Lines may end in CRLF, LF or CR,
 * mixed in one file (a file edited in more than one program); line breaks inside quotes stay as they are.
 * @throws GiasFileError when the file is not a CSV or has a line over MAX_LINE_CHARACTERS.
 */
async function readRecords(text: string): Promise<{ header: string[] | undefined; width: number; rows: KeptRow[] }> {
  if (text.includes("\u0000")) {
    throw new GiasFileError("The file is not a CSV. If it is a spreadsheet, save it as CSV (comma delimited) and upload that.");
  }
  const wantedRows = MAX_GIAS_ROWS + 1;
  // Empty lines are read as records, so each row keeps the number a spreadsheet gives it, and are not kept:
  // a file padded with empty rows is not the longer for them. csv-parse would otherwise take the first line's ending as the only one, and read a later line with
  // another ending as part of the row before it. CRLF is listed first so it is read as one line end.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ["\r\n", "\n", "\r"] });
  let header: string[] | undefined;
  let width = 0;
  const rows: KeptRow[] = [];
  let keep: ((record: string[], row: number) => KeptRow) | undefined;
  let row = 1;
  let failure: (Error & { lines?: number }) | null = null;
  let ended = false;
  parser.on("readable", () => {
    for (let record: string[] | null; (record = parser.read() as string[] | null) !== null;) {
      if (keep) {
        row++;
        if (record.some((cell) => cell.trim() !== "")) rows.push(keep(record, row));
      } else {
        header = withoutEmptyLastNames(record);
        width = record.length;
        keep = keptColumns(header, width);
      }
    }
  });
  parser.on("error", (error) => (failure = error));
  parser.on("end", () => (ended = true));

  let line = { longest: 0, carried: 0 };
  for (let start = 0; start < text.length && !failure && rows.length < wantedRows; start += CHUNK_CHARACTERS) {
    const chunk = text.slice(start, start + CHUNK_CHARACTERS);
    line = longestLine(chunk, line.carried);
    if (line.longest > MAX_LINE_CHARACTERS) {
      parser.destroy();
      throw new GiasFileError(
        `The file has a line longer than ${MAX_LINE_CHARACTERS.toLocaleString("en-GB")} characters, which no GIAS file has. Upload the file as GIAS gives it.`,
      );
    }
    parser.write(chunk);
    await otherWorkFirst();
  }
  if (!failure && rows.length < wantedRows) {
    parser.end();
    while (!ended && !failure) await otherWorkFirst();
  } else {
    parser.destroy();
  }
  if (failure) {
    const { code, lines } = failure as { code?: string; lines?: number };
    // csv-parse gives the line it stopped at, the file's end, for a quote never closed: say where it opened.
    const line = code === "CSV_QUOTE_NOT_CLOSED" ? (unclosedQuoteLine(text) ?? lines) : lines;
    throw new GiasFileError(`The file could not be read as a CSV${line ? ` (the problem is near line ${line})` : ""}. Upload the file as GIAS gives it.`);
  }
  return { header, width, rows: rows.slice(0, wantedRows) };
}

/**
 * The line (from 1) on which a quote opens that is never closed, or null when every quote closes. Lines end
 * at CRLF, LF or CR, as the import reads them; a doubled quote inside quotes is a quote mark, not a close.
 */
function unclosedQuoteLine(text: string): number | null {
  let line = 1;
  let openedOn: number | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && openedOn !== null && text[i + 1] === '"') i++;
    else if (c === '"') openedOn = openedOn === null ? line : null;
    else if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
  }
  return openedOn;
}

/** A header without the empty names at its end: a trailing comma names no column. */
function withoutEmptyLastNames(header: string[]): string[] {
  let end = header.length;
  while (end > 0 && header[end - 1]!.trim() === "") end--;
  return header.slice(0, end);
}

const inWords = new Intl.ListFormat("en-GB", { type: "conjunction" });

/** "The date…" as it reads after a colon: "the date…". */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** @throws GiasFileError naming each of GIAS_COLUMNS that `header` lacks, or any column read that it has twice. */
function checkColumns(header: string[]): void {
  const trimmed = header.map((name) => name.trim());
  const twice = Object.values(READ_COLUMNS).filter((name) => trimmed.indexOf(name) !== trimmed.lastIndexOf(name));
  if (twice.length > 0) {
    throw new GiasFileError(
      `The file has ${twice.length === 1 ? "the column" : "these columns"} ${twice.join(", ")} twice, so which to read cannot be told. Download the establishments CSV from GIAS again.`,
    );
  }
  const names = new Set(trimmed);
  const missing = Object.values(GIAS_COLUMNS).filter((name) => !names.has(name));
  if (missing.length > 0) {
    throw new GiasFileError(
      `The file is missing ${missing.length === 1 ? "the column" : "these columns"}: ${missing.join(", ")}. Download the establishments CSV from GIAS with all its columns.`,
    );
  }
}

/** The most characters of a value from the file that a message or the list of skipped rows shows. */
const SHOWN_CHARACTERS = 200;

/**
 * `value`, from a cell of the file, as a message or the list of skipped rows shows it: its first `most`
 * characters, and "…" for any more. Every value of the file that a message quotes goes through this, so no
 * message (nor the stored import that keeps them) holds more of a cell than that, however long the cell.
 */
export function shownValue(value: string, most = SHOWN_CHARACTERS): string {
  return moreCharactersThan(value, most) ? `${cutToCharacters(value, most)}…` : value;
}

/**
 * The most characters a value of each column read may have: several times any GIAS gives (a URN has 6, a
 * postcode 8, a date 10, the longest type of establishment about 50, a ward's or district's name under
 * 60), far fewer than a damaged or made-up file may hold (up to MAX_LINE_CHARACTERS). A row with a longer
 * value is a problem, not read, so what the import stores of each row stays small. The name has the
 * school form's own most instead (`schoolName`).
 */
const LONGEST_VALUE: Record<Exclude<Column, "name">, number> = {
  urn: 20,
  laCode: 20,
  laName: 200,
  phase: 200,
  type: 200,
  pupils: 20,
  status: 200,
  postcode: 20,
  district: 200,
  ward: 200,
  openedOn: 40,
  closedOn: 40,
};
const LIMITED_COLUMNS = Object.keys(LONGEST_VALUE) as (keyof typeof LONGEST_VALUE)[];

const LA_BY_CODE = new Map<string, string>(LOCAL_AUTHORITIES.map((la) => [la.code, la.name]));

/**
 * Reads a GIAS establishments CSV (already decoded to text) into the schools the forum would hold, with
 * every row left out and why. Yields to other requests while it reads (see `readRecords`).
 * @throws GiasFileError when the file is not a GIAS CSV, is empty, or has more than MAX_GIAS_ROWS rows.
 */
export async function parseGiasCsv(text: string, options: GiasOptions): Promise<GiasParseResult> {
  const { header, width, rows } = await readRecords(text);
  if (!header || header.every((cell) => cell.trim() === "")) throw new GiasFileError("The file is empty.");
  if (rows.length > MAX_GIAS_ROWS) {
    throw new GiasFileError(
      `The file has more than ${MAX_GIAS_ROWS.toLocaleString("en-GB")} rows. Download only the establishments of Leicester, Leicestershire and Rutland from GIAS and upload that.`,
    );
  }
  checkColumns(header);

  const result: GiasParseResult = { schools: [], skipped: [], warnings: [], totalRows: 0 };
  const firstRowOfUrn = new Map<string, number>();
  rows.forEach(({ row, cells: record, columns, wider, missing }) => {
    result.totalRows++;
    const get = (column: Column) => (record[KEPT_POSITION[column]] ?? "").trim();
    // A URN is digits: a zero-width space carried in with it is no part of it.
    const urn = withoutFormatCharacters(get("urn"));
    const typedName = get("name");
    // A refused name or URN may be any length: the list of skipped rows shows its start.
    const skip = (kind: GiasSkip["kind"], reason: string) =>
      result.skipped.push({ row, urn: shownValue(urn) || null, name: shownValue(typedName) || null, reason, kind });
    if (wider) {
      return skip(
        "problem",
        `The row has ${formatCount(columns)} columns but the header has ${formatCount(Math.max(width, header.length))}, so its values cannot be matched to columns. Two rows may have run together, or a value with a comma may be missing its quotes.`,
      );
    }
    if (missing.length > 0) {
      return skip(
        "problem",
        `The row ends after ${formatCount(columns)} columns, before ${missing.length === 1 ? "the column" : "the columns"} ${inWords.format(missing)}. The row may have been cut short, or a value with a line break may be missing its quotes.`,
      );
    }

    const overlong = LIMITED_COLUMNS.find((column) => moreCharactersThan(get(column), LONGEST_VALUE[column]));
    if (overlong) {
      const value = get(overlong);
      return skip(
        "problem",
        `${READ_COLUMNS[overlong]} "${shownValue(value, LONGEST_VALUE[overlong])}" has ${formatCount(characterCount(value))} characters: no GIAS value there has more than ${LONGEST_VALUE[overlong]}, so the file may be damaged`,
      );
    }

    const laCode = get("laCode");
    const localAuthority = LA_BY_CODE.get(laCode);
    if (!laCode) return skip("problem", "No local authority code");
    if (!localAuthority) {
      const named = [laCode, get("laName")].filter(Boolean).map((value) => shownValue(value));
      return skip("excluded", `Local authority ${named.join(" ")} is not Leicester, Leicestershire or Rutland`);
    }
    if (!urn) return skip("problem", "No URN");
    if (!URN_PATTERN.test(urn)) return skip("problem", `URN "${shownValue(urn)}" is not 6 digits`);
    // Only a row that is imported holds its URN: a first row refused for a problem leaves the next one free.
    const firstRow = firstRowOfUrn.get(urn);
    if (firstRow) return skip("problem", `URN ${shownValue(urn)} is also on row ${firstRow}, which is imported; a URN is imported once`);
    // An invisible character (a zero-width space) is left out, with a warning: no one can type a file's
    // name again, and the school's name is the one GIAS shows.
    const visibleName = withoutHiddenCharacters(typedName);
    if (!visibleName) return skip("problem", "No establishment name");
    // The school form's own rule for a name (length, control and direction characters), so an import
    // stores no name the form would refuse, in the form the form stores it (spaces as one, composed).
    const checkedName = schoolName.safeParse(visibleName);
    if (!checkedName.success) return skip("problem", checkedName.error.issues[0]?.message ?? "The establishment name is not plain text");
    const name = checkedName.data;

    const status = get("status").toLowerCase() === "closed" ? "CLOSED" : "OPEN";
    if (status === "CLOSED" && !options.includeClosed) return skip("excluded", CLOSED_ESTABLISHMENT);
    const classified = classifyEstablishment(get("type"), get("phase"), options.includeOtherPhases);
    if ("excluded" in classified) return skip("excluded", classified.excluded);

    // Messages quote the figure as the file has it: a long one read as a number is rounded.
    const pupilsText = get("pupils");
    const quotedPupils = `Number of pupils "${shownValue(pupilsText)}"`;
    const pupils = pupilsText ? parseWholeNumber(pupilsText, { grouping: true }) : null;
    if (pupilsText && pupils === null) return skip("problem", `${quotedPupils} is not a whole number`);
    if (pupils !== null && pupils < 0) return skip("problem", `${quotedPupils} is less than 0`);
    if (pupils !== null && pupils > MAX_NUMBER_ON_ROLL) {
      return skip("problem", `${quotedPupils} is more than ${MAX_NUMBER_ON_ROLL.toLocaleString("en-GB")}`);
    }
    if (visibleName !== typedName) {
      result.warnings.push({
        row,
        urn,
        name,
        message: "The establishment name has an invisible character in it, such as a zero-width space: the character was left out",
      });
    }
    // No school is on roll with no pupils (the school form asks for 1 or more): 0 is "not known", and said.
    if (pupils === 0) {
      result.warnings.push({ row, urn, name, message: `${quotedPupils} is 0, so it was left out: the forum keeps any figure it has` });
    }
    const numberOnRoll = pupils || null;

    const postcode = get("postcode") ? normalisePostcode(get("postcode")) : null;
    if (get("postcode") && !postcode) {
      result.warnings.push({ row, urn, name, message: `Postcode "${shownValue(get("postcode"))}" is not a UK postcode, so it was left out` });
    }
    const day = (column: keyof typeof GIAS_DATE_COLUMNS, what: string, window: DateWindow) => {
      const text = get(column);
      if (!text) return null;
      const problem = dateProblem(what, text, window);
      if (!problem) return isoDateFrom(text);
      result.warnings.push({ row, urn, name, message: `${GIAS_DATE_COLUMNS[column]} "${shownValue(text)}": ${lowerFirst(problem)}, so it was left out` });
      return null;
    };
    const now = new Date();
    const openedOn = day("openedOn", "date the school opened", DATE_WINDOWS.schoolOpened(now));
    // Only a closed school has a closing day: GIAS gives one too for a school proposed to close. One before
    // the opening day is dropped, with a warning, when the import sets the file against the school (datesFrom).
    const closedOn = status === "CLOSED" ? day("closedOn", "date the school closed", DATE_WINDOWS.schoolClosed(now)) : null;

    const kind = areaKindFor(localAuthority);
    const areaName = get(kind === "WARD" ? "ward" : "district");
    firstRowOfUrn.set(urn, row);
    result.schools.push({
      row,
      urn,
      name,
      localAuthority,
      type: classified.type,
      status,
      numberOnRoll,
      postcode,
      openedOn,
      closedOn,
      area: { kind, name: areaName || null },
    });
  });
  if (result.totalRows === 0) throw new GiasFileError("The file has a header row but no establishments.");
  return result;
}
