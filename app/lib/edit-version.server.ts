import type { SubmissionResult } from "@conform-to/react";
import { changedMeanwhileMessage } from "./edit-version";
import { badRequest } from "./responses.server";

/**
 * What a route answers, with status 409, to a save refused because its page was stale (decision 0148):
 * the form's `reply`, with the message above the form and the person's values kept in it, and `version`,
 * the fingerprint of what is saved now, for the form's hidden field (versionToSend). `what` names the
 * record as the page does ("this school"), `wording.plural` when it is plural ("the term dates for 2026/27").
 * A form that sent no version at all (no field differs: VERSION_NOT_SENT) is not drawn again: its values,
 * with the fingerprint of what is saved, would save over another's change at the next press. It throws a
 * 400 page with the message instead (badRequest).
 */
export function changedMeanwhileReply(
  submission: { reply: (options: { formErrors: string[] }) => SubmissionResult<string[]> },
  what: string,
  refused: { changedMeanwhile: { differs: string[]; version: string } },
  wording: { plural?: boolean } = {},
): { reply: SubmissionResult<string[]>; version: string } {
  const message = changedMeanwhileMessage(what, refused.changedMeanwhile.differs, wording);
  if (refused.changedMeanwhile.differs.length === 0) badRequest(message);
  return { reply: submission.reply({ formErrors: [message] }), version: refused.changedMeanwhile.version };
}
