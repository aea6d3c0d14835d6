import { z } from "zod";
import { hasControlOrDirectionCharacter } from "./text-fields";

/** The largest file a form takes, in bytes (20 MiB): the server keeps no more of one (uploads.server.ts). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** What a person is told about a file over `maxBytes`, e.g. "The file must be 20 MB or smaller" (a file of exactly `maxBytes` is taken). */
export function tooBigMessage(maxBytes = MAX_UPLOAD_BYTES): string {
  const size = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return `The file must be ${size} or smaller`;
}

/** What a person is told when a form's one file field brings several files (a hand-made request: the field takes one). */
export const ONE_FILE = "Choose one file, not several";

/**
 * What a person is told about a file whose name holds a control character or one that changes the direction
 * of text: the name is shown on pages and kept in the audit log, where such a character makes it read as
 * another name or splits its line, and no one chooses such a name on purpose.
 */
export const FILE_NAME_REFUSED =
  "The file's name has a hidden control character, or one that changes the direction of text: rename the file and choose it again";

/**
 * A form's file field: one chosen file (else `missing`, or ONE_FILE for several) of at most `maxBytes`
 * (else `tooBigMessage`), whose name holds no control or direction character (else FILE_NAME_REFUSED).
 * The same schema runs in the browser before anything is sent, so with JavaScript a file of any size over
 * the limit gets its message by the field at once, instead of an upload the server cuts off; the server
 * checks it again.
 */
export function uploadedFile({ missing, maxBytes = MAX_UPLOAD_BYTES }: { missing: string; maxBytes?: number }) {
  return z.custom<File>().superRefine((value: unknown, context) => {
    const problem = Array.isArray(value)
      ? ONE_FILE
      : !(value instanceof File)
        ? missing
        : value.size > maxBytes
          ? tooBigMessage(maxBytes)
          : hasControlOrDirectionCharacter(value.name)
            ? FILE_NAME_REFUSED
            : null;
    if (problem) context.addIssue({ code: z.ZodIssueCode.custom, message: problem, fatal: true });
  });
}
