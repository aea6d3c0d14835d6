import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { PageStateTag } from "~/components/guide-admin";
import { formatDate } from "~/lib/dates";
import { wholeNumber } from "~/lib/numbers";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm } from "~/lib/submission.server";
import { movePage } from "~/models/guide-editor.server";
import { getEditorOverview, moveSection } from "~/models/guide-sections.server";
import { DataTable } from "~/components/data-table";

export const meta: MetaFunction = () => [{ title: "Guide editor – VRN Schools Forum" }];

const moveSchema = z.object({
  intent: z.enum(["move-section", "move-page"]),
  id: z.string().min(1).max(40),
  direction: z.enum(["up", "down"]),
  // The place the page showed it in: one found elsewhere (the same press sent again) is not moved.
  place: wholeNumber("place", 1, 100_000).optional(),
});

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  return await getEditorOverview(user);
}

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "guide:edit");
  const { intent, id, direction, place } = parseButtonForm(await args.request.formData(), moveSchema);
  const moved = intent === "move-section" ? await moveSection(user, id, direction, place) : await movePage(user, id, direction, place);
  if (!moved.ok) return redirectWithMessage("/admin/guide", moved.message);
  return redirectWithMessage("/admin/guide", `Moved ${intent === "move-section" ? "the section" : "the page"} ${direction}.`);
}

/** Move up and down for the item in `place` (from 1) of a list of `count`. */
function MoveButtons({ intent, id, name, place, count }: { intent: string; id: string; name: string; place: number; count: number }) {
  return (
    <div className="flex gap-2">
      {(["up", "down"] as const).map((direction) =>
        (direction === "up" && place === 1) || (direction === "down" && place === count) ? null : (
          <Form method="post" key={direction}>
            <input type="hidden" name="intent" value={intent} />
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="place" value={place} />
            <button type="submit" name="direction" value={direction} className="button button-secondary text-base">
              {direction === "up" ? "Move up" : "Move down"}
              <span className="sr-only">: {name}</span>
            </button>
          </Form>
        ),
      )}
    </div>
  );
}

export default function GuideEditor() {
  const { sections, overdue } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Guide editor</h1>
      <p className="mb-6 max-w-3xl text-xl">
        Write and publish the Schools Guide to Violence Prevention. Readers see only published versions; every version is kept.
      </p>
      <div className="mb-10 flex flex-wrap items-center gap-4">
        <Link to="/admin/guide/pages/new" className="button">
          Add a page
        </Link>
        <Link to="/admin/guide/sections/new" className="button button-secondary">
          Add a section
        </Link>
        <Link to="/guide">See the guide as readers do</Link>
      </div>

      <section aria-labelledby="reviews-title" className="mb-12">
        <h2 id="reviews-title">Reviews due</h2>
        {overdue.length === 0 ? (
          <p>No published page is past its review date.</p>
        ) : (
          <DataTable caption={<>Pages past their review date</>} className="max-w-4xl" captionClassName="sr-only">
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">Section</th>
                <th scope="col">Review was due</th>
              </tr>
            </thead>
            <tbody>
              {overdue.map((page) => (
                <tr key={page.id}>
                  <td>
                    <Link to={`/admin/guide/pages/${page.id}`}>{page.title}</Link>
                  </td>
                  <td>{page.sectionTitle}</td>
                  <td>
                    <strong className="tag tag-red">Overdue</strong> {page.reviewBy ? formatDate(page.reviewBy) : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      <h2>Sections and pages</h2>
      {sections.length === 0 ? <p>There are no sections yet. Add a section, then add pages to it.</p> : null}
      {sections.map((section, sectionIndex) => (
        <section key={section.id} aria-labelledby={`section-${section.id}`} className="mb-12">
          <div className="mb-2 flex flex-wrap items-center justify-between gap-4 border-t-4 border-brand pt-3">
            <h3 id={`section-${section.id}`} className="mb-0 text-2xl">
              {sectionIndex + 1}. {section.title}
            </h3>
            <div className="flex flex-wrap items-center gap-4">
              <Link to={`/admin/guide/sections/${section.id}`}>
                Change<span className="sr-only"> the section {section.title}</span>
              </Link>
              <MoveButtons intent="move-section" id={section.id} name={section.title} place={sectionIndex + 1} count={sections.length} />
            </div>
          </div>
          {section.pages.length === 0 ? (
            <p>
              No pages yet. <Link to={`/admin/guide/pages/new?section=${section.id}`}>Add a page to this section</Link>.
            </p>
          ) : (
            <DataTable caption={<>Pages in {section.title}</>} captionClassName="sr-only">
              <thead>
                <tr>
                  <th scope="col">Page</th>
                  <th scope="col">State</th>
                  <th scope="col">Review by</th>
                  <th scope="col">Found it useful</th>
                  <th scope="col">Order</th>
                </tr>
              </thead>
              <tbody>
                {section.pages.map((page, pageIndex) => (
                  <tr key={page.id}>
                    <td>
                      <Link to={`/admin/guide/pages/${page.id}`}>{page.title}</Link>
                    </td>
                    <td>
                      <PageStateTag state={page.state} />
                    </td>
                    <td>
                      {page.reviewBy ? formatDate(page.reviewBy) : "–"}
                      {page.overdue ? <strong className="tag tag-red ml-2">Overdue</strong> : null}
                    </td>
                    <td>
                      <Link to={`/admin/guide/pages/${page.id}/feedback`}>
                        {page.helpful} yes, {page.notHelpful} no<span className="sr-only"> for {page.title}</span>
                      </Link>
                    </td>
                    <td>
                      <MoveButtons intent="move-page" id={page.id} name={page.title} place={pageIndex + 1} count={section.pages.length} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </section>
      ))}
    </>
  );
}
