import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { notFound } from "~/lib/responses.server";
import { sectionSlugNow } from "~/models/guide.server";

// A section has no page of its own: its pages are listed together on the contents page, under the
// section's address now, also when the link used one it had before (decision 0208).
export async function loader({ params }: LoaderFunctionArgs) {
  const slug = await sectionSlugNow(params.sectionSlug ?? "");
  if (!slug) notFound();
  return redirect(`/guide#${slug}`);
}

// Without a component, a thrown 404 would be sent as bare JSON instead of the friendly error page.
export default function SectionRedirect() {
  return null;
}
