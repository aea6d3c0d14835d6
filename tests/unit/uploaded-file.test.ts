import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseSubmission } from "~/lib/submission.server";
import { FILE_NAME_REFUSED, ONE_FILE, tooBigMessage, uploadedFile } from "~/lib/uploads";

/** The schools import's field, with a small limit so a file over it is cheap to make. */
const schema = z.object({ file: uploadedFile({ missing: "Select a CSV file", maxBytes: 16 }) });
const csv = (text: string, name = "schools.csv") => new File([text], name, { type: "text/csv" });

function fileErrors(...files: File[]) {
  const form = new FormData();
  for (const file of files) form.append("file", file);
  const submission = parseSubmission(form, { schema });
  return submission.status === "success" ? null : submission.error?.file;
}

describe("a form's file field", () => {
  it("takes one file within the limit", () => {
    expect(fileErrors(csv("URN,Name\n1,A\n"))).toBeNull();
  });

  it("asks for a file when none was chosen", () => {
    expect(fileErrors()).toEqual(["Select a CSV file"]);
  });

  it("says the file is too big, by the limit", () => {
    expect(fileErrors(csv("URN,EstablishmentName\n"))).toEqual([tooBigMessage(16)]);
  });

  it("says to choose one file when the field brings two, rather than asking for a file", () => {
    expect(fileErrors(csv("URN\n1\n"), csv("URN\n2\n"))).toEqual([ONE_FILE]);
  });

  // The name is shown on the import's page and kept in the audit log: a direction control there makes it
  // read as another name ("schools\u202Evsc.exe" shows as "schoolsexe.csv"), and a line break splits the
  // log's line. Such names were kept as sent.
  it("refuses a file whose name holds a control character or one that changes the direction of text, and takes other names", () => {
    for (const name of ["schools\u202Evsc.exe", "a\u2066b.csv", "a\u0000b.csv", "a\nb.csv", "a\tb.csv", "a\u001B[31mb.csv", "a\u0085b.csv"]) {
      expect(fileErrors(csv("URN\n1\n", name)), JSON.stringify(name)).toEqual([FILE_NAME_REFUSED]);
    }
    for (const name of ["edubase 2026 (1).csv", "établissements.csv", "学校.csv", "😀.csv", "a\u200Bb.csv"]) {
      expect(fileErrors(csv("URN\n1\n", name)), JSON.stringify(name)).toBeNull();
    }
  });
});
