import { z } from "zod";
import { editVersionField } from "./edit-version";
import { formTokenField } from "./form-token";
import { isRole, isSchoolRole, ROLE_LABELS, ROLES, type Role } from "~/auth/roles";
import { inFixedForm, plainText } from "./text-fields";

/**
 * The rule that ties a role to a school, written once for the forms (on the server and in the browser)
 * and for the models, which check it again whoever calls them.
 */
export function schoolProblem(role: Role, schoolId: string | null | undefined): string | null {
  if (isSchoolRole(role) && !schoolId) return "Select the school this person works at";
  if (!isSchoolRole(role) && schoolId) return "A VRN schools lead does not belong to a school. Choose “No school”";
  return null;
}

const roleSchema = z.enum(ROLES, { errorMap: () => ({ message: "Select a role" }) });

export const emailSchema = inFixedForm(
  z
    .string({ required_error: "Enter an email address" })
    .trim()
    .toLowerCase()
    .max(254, "Email address must be 254 characters or fewer")
    .regex(/^[^\s\p{C}]*$/u, "Enter an email address in the correct format, like name@school.org.uk")
    .email("Enter an email address in the correct format, like name@school.org.uk"),
);

/**
 * The domain of the demonstration's made-up accounts (prisma/seed). An account there is how the start, the
 * demo start and the restore tell a demo database from a real one (scripts/start.mjs, scripts/prepare-db.mjs,
 * scripts/lib/backup-*.mjs), so a real account may not have one (`demoAddressProblem`).
 */
const DEMO_EMAIL_DOMAIN = "example.org";

/**
 * Why `email` (as emailSchema gives it) cannot be a real account's, or null: an address at
 * DEMO_EMAIL_DOMAIN, which RFC 2606 keeps for examples, so it receives no mail, and which would make the
 * database's backups look like the demonstration's, refused by the restore (decision 0172). `whose` words
 * it for the person typing: "your" for their own, else "the person's".
 */
export function demoAddressProblem(email: string, whose: "your" | "the person's" = "the person's"): string | null {
  if (!email.trim().toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`)) return null;
  return `Enter ${whose} real email address: addresses at ${DEMO_EMAIL_DOMAIN} are kept for the demonstration's made-up accounts and receive no email`;
}

/** The email a person types about themselves (signing in, asking for a password link): the same rules, in the second person. */
export const ownEmailSchema = inFixedForm(
  z
    .string({ required_error: "Enter your email address" })
    .trim()
    .max(254, "Enter a shorter email address")
    .email("Enter an email address in the correct format, like name@school.org.uk"),
);

export const personNameSchema = plainText(
  z.string({ required_error: "Enter your name" }).trim().min(1, "Enter your name").max(100, "Name must be 100 characters or fewer"),
  "name",
  {
    empty: "Enter your name",
  },
);

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

const schoolIdSchema = z.string().trim().max(100).optional();

type AccessFields = { role: Role; schoolId?: string };

function checkSchool(value: AccessFields, ctx: z.RefinementCtx) {
  const problem = schoolProblem(value.role, value.schoolId);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["schoolId"], message: problem });
}

export const inviteSchema = z
  .object({
    email: emailSchema,
    name: plainText(z.string().trim().max(100, "Name must be 100 characters or fewer"), "name").optional(),
    role: roleSchema,
    schoolId: schoolIdSchema,
    // The page's token: the same invitation sent twice invites once (decision 0147).
    formToken: formTokenField,
  })
  .superRefine(checkSchool);

export const changeAccessSchema = z
  .object({
    intent: z.literal("change-access"),
    role: roleSchema,
    schoolId: schoolIdSchema,
    // The page's fingerprint of the person's role and school: a save after another changed them is refused (decision 0148).
    version: editVersionField,
  })
  .superRefine(checkSchool);

const USER_STATUSES = ["active", "inactive"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The filters of the users list; anything else in the query string is refused with a message. */
export const userFiltersSchema = z.object({
  q: plainText(z.string().trim().max(100, "Search must be 100 characters or fewer"), "search").optional(),
  role: z.enum(ROLES, { errorMap: () => ({ message: "Choose a role from the list" }) }).optional(),
  status: z.enum(USER_STATUSES, { errorMap: () => ({ message: "Choose a status from the list" }) }).optional(),
});

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}
