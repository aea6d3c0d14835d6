import { formatDateTime } from "~/lib/dates";
import type { MailMessage } from "./mailer.server";

// How the role reads in a sentence: "has invited you to join ... as a teacher".
const ROLE_IN_SENTENCE: Record<string, string> = {
  VRN_LEAD: "a VRN schools lead",
  TEACHER: "a teacher",
  MVP_LEAD: "the Mentors in Violence Prevention (MVP) lead",
};

export type InvitationEmailDetails = {
  to: string;
  inviteeName: string | null;
  inviterName: string;
  inviterEmail: string;
  role: string;
  schoolName: string | null;
  link: string;
  expiresAt: Date;
};

/** The invitation, in plain English: who invited them, to what, the link, and when it stops working. */
export function invitationEmail(details: InvitationEmailDetails): MailMessage {
  const role = ROLE_IN_SENTENCE[details.role] ?? details.role;
  const place = details.schoolName ? ` for ${details.schoolName}` : "";
  const text = [
    details.inviteeName ? `Hello ${details.inviteeName},` : "Hello,",
    `${details.inviterName} (${details.inviterEmail}) has invited you to join the VRN Schools Forum as ${role}${place}.`,
    "The Schools Forum is where secondary schools in Leicester, Leicestershire and Rutland work with the Violence Reduction Network: booking knife-crime awareness sessions, recording how many pupils attended, and running the Mentors in Violence Prevention programme.",
    "To accept, open this link and choose a password:",
    details.link,
    `The link works once and expires in 7 days, on ${formatDateTime(details.expiresAt)} (UK time). If it has expired, ask ${details.inviterName} to send you a new invitation.`,
    "If you were not expecting this email, you can ignore it. No account is created unless you accept.",
    "VRN Schools Forum",
  ].join("\n\n");
  return { to: details.to, subject: "You are invited to the VRN Schools Forum", text };
}
