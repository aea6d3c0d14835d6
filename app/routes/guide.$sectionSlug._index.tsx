import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { notFound } from "~/lib/responses.server";
import { sectionExists } from "~/models/guide.server";

// A section has no page of its own: its pages are listed together on the contents page.
export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.sectionSlug ?? "";
  if (!(await sectionExists(slug))) notFound();
  return redirect(`/guide#${slug}`);
}

// Without a component, a thrown 404 would be sent as bare JSON instead of the friendly error page.
export default function SectionRedirect() {
  return null;
}
