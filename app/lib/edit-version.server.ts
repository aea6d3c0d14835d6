import type { SubmissionResult } from "@conform-to/react";
import { changedMeanwhileMessage } from "./edit-version";

/**
 * What a route answers to a save refused because its page was stale (decision 0148), with `status` 409,
 * or 400 when the form sent no version at all (no field differs: a form not sent by its page): the form's
 * `reply`, with the message above the form and the person's values kept in it, and `version`, the
 * fingerprint of what is saved now, for the form's hidden field (versionToSend). `what` names the record as
 * the page does ("this school"), `wording.plural` when it is plural ("the term dates for 2026/27").
 */
export function changedMeanwhileReply(
  submission: { reply: (options: { formErrors: string[] }) => SubmissionResult<string[]> },
  what: string,
  refused: { changedMeanwhile: { differs: string[]; version: string } },
  wording: { plural?: boolean } = {},
): { reply: SubmissionResult<string[]>; version: string; status: 400 | 409 } {
  return {
    reply: submission.reply({ formErrors: [changedMeanwhileMessage(what, refused.changedMeanwhile.differs, wording)] }),
    version: refused.changedMeanwhile.version,
    status: refused.changedMeanwhile.differs.length === 0 ? 400 : 409,
  };
}
