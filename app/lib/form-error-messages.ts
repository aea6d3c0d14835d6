/**
 * Plain words for the schema errors a person only meets by sending what no form of ours offers (a
 * hand-made POST, a tampered field): zod's defaults ("Expected boolean, received string") name its own
 * types. Installed once for the server (entry.server.tsx); each schema's own messages still come first.
 */
import { z } from "zod";
import { ONE_ANSWER } from "./numbers";

/** The error map: replaces zod's type-named defaults, keeps everything else as zod words it. */
export const formErrorMap: z.ZodErrorMap = (issue, context) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === "undefined" || issue.received === "null") return { message: "Answer this question" };
      if (issue.received === "array") return { message: ONE_ANSWER };
      return { message: "This is not an answer the form offers" };
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_literal:
    case z.ZodIssueCode.invalid_union_discriminator:
    case z.ZodIssueCode.invalid_union:
      return { message: "Choose one of the options the form offers" };
    case z.ZodIssueCode.too_small:
      // A value that must not be empty, sent empty or as spaces where the schema gives no words of its own (an
      // id a list or a box sends): "String must contain at least 1 character(s)" was shown by the field.
      if (issue.type === "string" && Number(issue.minimum) === 1) return { message: "Answer this question" };
      // A list of boxes with fewer ticked than it needs, where the schema gives no words of its own.
      if (issue.type === "array") return { message: Number(issue.minimum) === 1 ? "Select at least one" : `Select at least ${issue.minimum}` };
      return { message: context.defaultError };
    case z.ZodIssueCode.too_big:
      // A limit given without words of its own, far past anything the field is for (an id a list sends, a
      // password): "String must contain at most 100 character(s)" was shown by the field.
      if (issue.type === "string") return { message: "This is longer than any answer the form takes" };
      // A list sent longer than the form's choices (a box sent twice over): "Array must contain at most 7 element(s)" was shown.
      if (issue.type === "array") return { message: "More was sent here than the form offers" };
      return { message: context.defaultError };
    default:
      return { message: context.defaultError };
  }
};

z.setErrorMap(formErrorMap);
