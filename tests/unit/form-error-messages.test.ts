import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formErrorMap } from "~/lib/form-error-messages";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("schema errors from values no form offers", () => {
  const schema = z.object({
    sharedDevices: z.boolean().optional(),
    templateId: z.string({ required_error: "Choose a survey" }),
    format: z.enum(["IN_PERSON", "ONLINE"]),
  });

  it("are in plain words, not zod's names for its types", () => {
    const submission = parseWithZod(
      form([
        ["sharedDevices", "yes"],
        ["templateId", "a"],
        ["templateId", "b"],
        ["format", "CARRIER_PIGEON"],
      ]),
      { schema },
    );
    expect(submission.status).toBe("error");
    const errors = submission.status === "error" ? submission.error : {};
    expect(errors).toEqual({
      sharedDevices: ["This is not an answer the form offers"],
      templateId: ["Give one answer here, not several"],
      format: ["Choose one of the options the form offers"],
    });
    expect(JSON.stringify(errors)).not.toMatch(/Expected|received|Invalid enum/);
  });

  it("leave a schema's own messages as they are", () => {
    const submission = parseWithZod(form([["format", "ONLINE"]]), { schema });
    expect(submission.status === "error" ? submission.error : {}).toEqual({ templateId: ["Choose a survey"] });
    expect(
      formErrorMap({ code: z.ZodIssueCode.too_small, minimum: 1, inclusive: true, type: "string", path: [] }, { defaultError: "Too short", data: "" }),
    ).toEqual({
      message: "Too short",
    });
  });
});
