import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { getUser } from "~/auth/guards.server";
import { GuideArticleView } from "~/components/guide-article";
import { FeedbackForm } from "~/components/guide-feedback";
import { redirectWithMessage } from "~/lib/flash.server";
import { feedbackSchema } from "~/lib/guide-forms";
import { notFound } from "~/lib/responses.server";
import { passOnHeaders } from "~/lib/route-headers.server";
import { sentAlready } from "~/lib/sent-once";
import { ANSWER_RECEIVED, giveFeedback } from "~/models/guide-feedback.server";
import { findGuidePage } from "~/models/guide.server";
import { newFormToken } from "~/models/sent-forms.server";
import guideStyles from "~/styles/guide.css?url";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: guideStyles }];

export const headers = passOnHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data && "article" in data
    ? [{ title: `${data.article.title} – Schools Guide to Violence Prevention` }, { name: "description", content: data.article.summary }]
    : data && "withdrawn" in data
      ? [{ title: `Withdrawn: ${data.withdrawn.title} – Schools Guide to Violence Prevention` }]
      : [{ title: "Page not found – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const found = await findGuidePage(args.params.sectionSlug ?? "", args.params.pageSlug ?? "");
  // A link made before the section's address changed (decision 0208). Not a permanent redirect: browsers
  // keep those for good, and the section may take its old address back.
  if (found.kind === "moved") return redirect(`${found.href}${new URL(args.request.url).search}`);
  // Gone, and said so: a link to it (in another page, a bookmark) tells the reader it was taken away.
  if (found.kind === "withdrawn") return data({ withdrawn: { title: found.title } }, { status: 410, headers: { "Cache-Control": "private, no-cache" } });
  if (found.kind === "none") notFound();
  const user = await getUser(args);
  // The page carries its reader's own form token: no shared cache may hand it to another reader, and the
  // browser asks again before showing it anew (a signed-in reader's page is not kept at all: setPageHeaders).
  return data({ article: found.article, signedIn: user !== null, formToken: newFormToken() }, { headers: { "Cache-Control": "private, no-cache" } });
}

export async function action(args: ActionFunctionArgs) {
  const user = await getUser(args);
  const pageSlug = args.params.pageSlug ?? "";
  let here = new URL(args.request.url).pathname;
  let found = await findGuidePage(args.params.sectionSlug ?? "", pageSlug);
  // Sent from a page read before its section's address changed: the feedback is for the same page, and the
  // reader is thanked at its address now (a redirect on from the old one would lose the message).
  if (found.kind === "moved") [here, found] = [found.href, await findGuidePage(found.sectionSlug, pageSlug)];
  if (found.kind === "withdrawn") return redirectWithMessage(here, "Your feedback was not sent: the page has been withdrawn from the guide.");
  if (found.kind !== "article") notFound();
  const submission = parseSubmission(await args.request.formData(), { schema: feedbackSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await giveFeedback(user, found.article.pageId, submission.value, args.context.clientAddress);
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  if (result.repeat) return redirectWithMessage(here, sentAlready(ANSWER_RECEIVED));
  return redirectWithMessage(here, "Thank you. Your feedback has gone to the VRN team.");
}

export default function GuidePage() {
  const loaded = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { pathname } = useLocation();
  if ("withdrawn" in loaded) return <WithdrawnPage title={loaded.withdrawn.title} />;
  const { article, signedIn, formToken } = loaded;
  return (
    <GuideArticleView
      article={article}
      aside={<FeedbackForm key={pathname} lastResult={lastResult} action={pathname} signedIn={signedIn} formToken={formToken} />}
    />
  );
}

/** What a link to a withdrawn page leads to: that it was taken out of the guide, and where the guide is now. */
function WithdrawnPage({ title }: { title: string }) {
  return (
    <>
      <h1>This page has been withdrawn</h1>
      <p className="max-w-3xl">The VRN team has taken “{title}” out of the Schools Guide to Violence Prevention, so its advice is no longer given here.</p>
      <p className="mt-6">
        <Link to="/guide">Go to the guide's contents</Link> to find what it gives now.
      </p>
    </>
  );
}
