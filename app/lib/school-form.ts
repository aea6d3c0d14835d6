import { z } from "zod";
import { wholeNumber } from "./numbers";
import { normalisePostcode } from "./postcodes";
import { LOCAL_AUTHORITY_NAMES, SCHOOL_TYPES, URN_PATTERN } from "./schools";
import { SCHOOL_STATUSES } from "./statuses";
import { editVersionField } from "./edit-version";
import { formTokenField } from "./form-token";
import { DATE_WINDOWS, dateField } from "./date-fields";
import { formatDate } from "./dates";
import { inFixedForm, plainText } from "./text-fields";

export const MAX_NUMBER_ON_ROLL = 5000;

const wholeNumberMessage = "Number on roll must be a whole number, like 950";
const rangeMessage = `Number on roll must be between 1 and ${MAX_NUMBER_ON_ROLL.toLocaleString("en-GB")}`;

// "1,200" and "1 200" are how people write numbers, so thousands groups are not errors (stray commas are). The form sends a string, a
// caller in code a number.
const numberOnRoll = wholeNumber(
  "number on roll",
  1,
  MAX_NUMBER_ON_ROLL,
  { invalid: wholeNumberMessage, tooSmall: rangeMessage, tooBig: rangeMessage },
  { grouping: true },
).optional();

/** A school's name, as the school form and a GIAS import accept it. */
export const schoolName = plainText(
  z.string({ required_error: "Enter the school's name" }).trim().min(1, "Enter the school's name").max(200, "School name must be 200 characters or fewer"),
  "school's name",
  {
    empty: "Enter the school's name",
  },
);

const OPENED = "date the school opened";
const CLOSED = "date the school closed";

const schoolFields = z.object({
  urn: inFixedForm(z.string({ required_error: "Enter the URN" }).trim().regex(URN_PATTERN, "URN must be 6 digits, like 123456")),
  name: schoolName,
  localAuthority: z.enum(LOCAL_AUTHORITY_NAMES as [string, ...string[]], {
    errorMap: () => ({ message: "Choose the school's local authority" }),
  }),
  localityId: z.string().trim().max(100).optional(),
  type: z.enum(SCHOOL_TYPES, { errorMap: () => ({ message: "Choose the type of school" }) }),
  numberOnRoll,
  postcode: z
    .string()
    .max(20, "Enter a real postcode, like LE1 6ZG")
    .optional()
    .transform((value, ctx) => {
      if (!value?.trim()) return undefined;
      const postcode = normalisePostcode(value);
      if (!postcode) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter a real postcode, like LE1 6ZG" });
        return z.NEVER;
      }
      return postcode;
    }),
  status: z.enum(SCHOOL_STATUSES, { errorMap: () => ({ message: "Choose whether the school is open or closed" }) }),
  /** "YYYY-MM-DD", London time; left out when not known. */
  openedOn: dateField(OPENED, DATE_WINDOWS.schoolOpened).optional(),
  /** "YYYY-MM-DD", London time; only a closed school has one, and it may be left out when not known. */
  closedOn: dateField(CLOSED, DATE_WINDOWS.schoolClosed).optional(),
  version: editVersionField,
  // A new school's page's token: the same form sent twice adds one school (decision 0147).
  formToken: formTokenField,
});

/**
 * The school form's one schema, used by the browser, the route and the model. It accepts the form's
 * strings and its own output alike (parsing twice gives the same result), so the model can check
 * values that did not come from a form. The dates say in which periods the school counts among the
 * open schools (reach's coverage, decision 0158): an open school has no closing date, and a school
 * closes on or after the day it opened.
 */
export const schoolSchema = schoolFields.superRefine((school, ctx) => {
  if (school.closedOn && school.status !== "CLOSED") {
    ctx.addIssue({ code: "custom", path: ["closedOn"], message: `Only a closed school has a ${CLOSED}. Choose Closed as its status, or leave the date empty` });
  } else if (school.openedOn && school.closedOn && school.closedOn < school.openedOn) {
    ctx.addIssue({ code: "custom", path: ["closedOn"], message: `The ${CLOSED} must be on or after the day it opened, ${formatDate(school.openedOn)}` });
  }
});

export type SchoolInput = z.output<typeof schoolSchema>;
