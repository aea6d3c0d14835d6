import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { getUser } from "~/auth/guards.server";
import { GuideArticleView } from "~/components/guide-article";
import { FeedbackForm } from "~/components/guide-feedback";
import { redirectWithMessage } from "~/lib/flash.server";
import { feedbackSchema } from "~/lib/guide-forms";
import { notFound } from "~/lib/responses.server";
import { passOnHeaders } from "~/lib/route-headers.server";
import { sentAlready } from "~/lib/sent-once";
import { ANSWER_RECEIVED, giveFeedback } from "~/models/guide-feedback.server";
import { getPublishedArticle } from "~/models/guide.server";
import { newFormToken } from "~/models/sent-forms.server";
import guideStyles from "~/styles/guide.css?url";
import { parseSubmission, refusalErrors } from "~/lib/submission.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: guideStyles }];

export const headers = passOnHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.article.title} – Schools Guide to Violence Prevention` }, { name: "description", content: data.article.summary }]
    : [{ title: "Page not found – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const article = await getPublishedArticle(args.params.sectionSlug ?? "", args.params.pageSlug ?? "");
  if (!article) notFound();
  const user = await getUser(args);
  // The page carries its reader's own form token: no shared cache may hand it to another reader, and the
  // browser asks again before showing it anew (a signed-in reader's page is not kept at all: setPageHeaders).
  return data({ article, signedIn: user !== null, formToken: newFormToken() }, { headers: { "Cache-Control": "private, no-cache" } });
}

export async function action(args: ActionFunctionArgs) {
  const user = await getUser(args);
  const article = await getPublishedArticle(args.params.sectionSlug ?? "", args.params.pageSlug ?? "");
  if (!article) notFound();
  const submission = parseSubmission(await args.request.formData(), { schema: feedbackSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await giveFeedback(user, article.pageId, submission.value, args.context.clientAddress);
  if (!result.ok) return data(submission.reply(refusalErrors(result)), { status: 400 });
  const here = new URL(args.request.url).pathname;
  if (result.repeat) return redirectWithMessage(here, sentAlready(ANSWER_RECEIVED));
  return redirectWithMessage(here, "Thank you. Your feedback has gone to the VRN team.");
}

export default function GuidePage() {
  const { article, signedIn, formToken } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { pathname } = useLocation();
  return (
    <GuideArticleView
      article={article}
      aside={<FeedbackForm key={pathname} lastResult={lastResult} action={pathname} signedIn={signedIn} formToken={formToken} />}
    />
  );
}
