import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseSubmission } from "~/lib/submission.server";
import { ONE_FILE, tooBigMessage, uploadedFile } from "~/lib/uploads";

/** The schools import's field, with a small limit so a file over it is cheap to make. */
const schema = z.object({ file: uploadedFile({ missing: "Select a CSV file", maxBytes: 16 }) });
const csv = (text: string) => new File([text], "schools.csv", { type: "text/csv" });

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
});
