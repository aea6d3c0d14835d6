import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GuideSearchForm } from "~/components/guide-search-form";
import { getContents } from "~/models/guide.server";
import guideStyles from "~/styles/guide.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: guideStyles }];

export const meta: MetaFunction = () => [
  { title: "Schools Guide to Violence Prevention – VRN Schools Forum" },
  { name: "description", content: "Practical guidance for schools in Leicester, Leicestershire and Rutland on preventing violence." },
];

export async function loader() {
  return { sections: await getContents() };
}

export default function GuideContents() {
  const { sections } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Schools Guide to Violence Prevention</h1>
      <p className="mb-8 max-w-3xl text-xl">
        Practical guidance from the Violence Reduction Network for everyone who works in a school in Leicester, Leicestershire and Rutland. Free to read, print
        and share: you do not need an account.
      </p>
      <GuideSearchForm />

      <h2>Contents</h2>
      {sections.length === 0 ? <p>The guide is being written. Please come back soon.</p> : null}
      <ol className="max-w-3xl space-y-10">
        {sections.map((section, index) => (
          <li key={section.slug}>
            <section aria-labelledby={section.slug}>
              <h3 id={section.slug} className="text-2xl">
                {/* Where a link to the section by an address it had before lands (decision 0208): in its heading, read from there. */}
                {section.oldSlugs.map((old) => (
                  <span key={old} id={old} />
                ))}
                <span className="text-muted">{index + 1}.</span> {section.title}
              </h3>
              {section.summary ? <p className="mb-4 text-muted">{section.summary}</p> : null}
              <ul className="space-y-4 border-l-4 border-line pl-4">
                {section.pages.map((page) => (
                  <li key={page.href}>
                    <Link to={page.href} className="font-bold">
                      {page.title}
                    </Link>
                    <p>{page.summary}</p>
                  </li>
                ))}
              </ul>
            </section>
          </li>
        ))}
      </ol>
    </>
  );
}
