/**
 * Run in a process of its own, with the server's heap limit, by tests/unit/gias-import.test.ts: reads
 * files at the upload's 20 MB limit that are wide rather than long, and prints what became of each as
 * JSON ({ name: rows read | the refusal's message }). A process that runs out of heap prints nothing.
 */
import fs from "node:fs";
import { GiasFileError, parseGiasCsv } from "~/lib/gias";

const [header, row] = fs.readFileSync("tests/fixtures/gias-llr-sample.csv", "utf8").split(/\r?\n/) as [string, string];
const wide = ",x".repeat(1_900);
// Made one at a time, each as one flat string, as the server has the text of one upload.
const files = {
  // 4,999 rows of about 1,900 columns each: 19 MB.
  "thousands of columns": () => Buffer.from(`${header}${wide}\r\n${`${row}${wide}\r\n`.repeat(4_999)}`).toString(),
  // One line of 20 million commas: as many empty fields.
  "one endless line": () => Buffer.from(`${header}\r\n${",".repeat(20_000_000)}\r\n`).toString(),
};

const outcomes: Record<string, number | string> = {};
for (const [name, file] of Object.entries(files)) {
  outcomes[name] = await parseGiasCsv(file(), { includeClosed: false, includeOtherPhases: false }).then(
    (result) => result.totalRows,
    (error: unknown) => (error instanceof GiasFileError ? error.message : `unexpected: ${String(error)}`),
  );
}
console.log(JSON.stringify(outcomes));
