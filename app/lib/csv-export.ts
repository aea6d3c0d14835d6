import { stringify, type Options } from "csv-stringify/sync";

/**
 * CSV files people open in Excel, written by csv-stringify: UTF-8 with a byte-order mark (so Excel reads
 * accents correctly), RFC 4180 quoting and CRLF line ends. A text cell that a spreadsheet would run as a
 * formula (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so it is
 * shown, not run. Numbers are written as they are.
 */
export type CsvValue = string | number | null | undefined;

export const CSV_BOM = "\uFEFF";

const OPTIONS: Options = {
  record_delimiter: "windows",
  escape_formulas: true,
  // csv-stringify quotes a cell holding the whole record delimiter; a lone CR or LF needs quotes too.
  quoted_match: /[\r\n]/,
  cast: {
    // A number is a figure, not typed text: -3 stays -3, and NaN or Infinity is left blank. Only a
    // negative number starts with a formula character, and per-cell options are slow, so only it has them.
    number: (value) => {
      if (!Number.isFinite(value)) return "";
      return value < 0 ? { value: String(value), escape_formulas: false } : String(value);
    },
  },
};

/** Rows as CSV text, each line ending in CRLF; `bom` starts the text with the byte-order mark. */
function csvText(rows: Iterable<readonly CsvValue[]>, bom = false): string {
  return stringify(
    Array.from(rows, (row) => [...row]),
    { ...OPTIONS, bom },
  );
}

/** One cell: numbers as they are, text made inert and quoted when it needs to be. */
export function csvCell(value: CsvValue): string {
  return csvLine([value]).slice(0, -2);
}

/** One record, ending in CRLF. */
export function csvLine(cells: readonly CsvValue[]): string {
  return csvText([cells]);
}

/** A whole file as a string: the BOM, then a line per row. For small files; large ones use `csvStream`. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return csvText(rows, true);
}

/**
 * A byte stream of a whole file: the BOM, then a line per row, pulled only as fast as the client
 * reads, so memory stays flat however many rows there are.
 */
export function csvStream(rows: AsyncIterable<readonly CsvValue[]> | Iterable<readonly CsvValue[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const source = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : (rows as Iterable<readonly CsvValue[]>)[Symbol.iterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // A batch of rows per chunk: one network write per row would be slow.
      const batch: (readonly CsvValue[])[] = [];
      let done = false;
      while (batch.length < 200) {
        const next = await source.next();
        if (next.done) {
          done = true;
          break;
        }
        batch.push(next.value);
      }
      const chunk = (started ? "" : CSV_BOM) + csvText(batch);
      started = true;
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
    async cancel() {
      await source.return?.();
    },
  });
}

/** The headers a CSV download is served with. */
export function csvHeaders(fileName: string): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "-")}"`,
    "Cache-Control": "no-store",
  };
}
