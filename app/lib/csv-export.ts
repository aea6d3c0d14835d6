/**
 * CSV files people open in Excel: UTF-8 with a byte-order mark (so Excel reads accents correctly),
 * RFC 4180 quoting and CRLF line ends. A text cell that a spreadsheet would run as a formula (starting
 * with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so it is shown, not run.
 * Rows become lines one at a time, so a large export streams with flat memory.
 */
export type CsvValue = string | number | null | undefined;

export const CSV_BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: numbers as they are, text made inert and quoted when it needs to be. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ending in CRLF. */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
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
      // A batch of lines per chunk: one network write per row would be slow.
      let chunk = started ? "" : CSV_BOM;
      started = true;
      for (let i = 0; i < 200; i++) {
        const next = await source.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += csvLine(next.value);
      }
      controller.enqueue(encoder.encode(chunk));
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
