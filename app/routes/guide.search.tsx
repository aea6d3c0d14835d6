import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/guide-article";
import { FilterProblemsSummary } from "~/components/forms";
import { GuideSearchForm } from "~/components/guide-search-form";
import { Pagination } from "~/components/pagination";
import { onlyValue } from "~/lib/filter-choices";
import { searchSchema } from "~/lib/guide-forms";
import { pageCountOf, pageFrom } from "~/lib/pagination";
import { SEARCH_PAGE_SIZE, searchGuide, type SearchResult } from "~/models/guide-search.server";
import guideStyles from "~/styles/guide.css?url";
import { counted } from "~/lib/numbers";
import { listPageTitle } from "~/lib/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: guideStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: listPageTitle(`${data?.query ? `“${data.query}” – ` : ""}Search the Schools Guide`, data) },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const given = onlyValue(params, "q");
  const parsed = given === null ? null : searchSchema.safeParse({ q: given || undefined });
  if (!parsed?.success) {
    const error = parsed ? (parsed.error.issues[0]?.message ?? "Check what you searched for") : "Enter one search, not two";
    const none: SearchResult[] = [];
    // What was typed goes back into the box, to be shortened rather than typed again.
    return data({ query: "", typed: given ?? "", error, results: none, total: 0, page: 1, pageCount: 1 }, { status: 400 });
  }
  const query = parsed.data.q ?? "";
  const { results, total, page } = query ? await searchGuide(query, pageFrom(params)) : { results: [] as SearchResult[], total: 0, page: 1 };
  return { query, typed: query, error: null, results, total, page, pageCount: pageCountOf(total, SEARCH_PAGE_SIZE) };
}

export default function GuideSearch() {
  const { query, typed, error, results, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ href: "/guide", label: "Schools Guide to Violence Prevention" }]} />
      <h1>Search the guide</h1>
      <FilterProblemsSummary id="guide-search" problems={error ? { q: error } : null} />
      <GuideSearchForm defaultValue={typed} error={error} />
      {query ? (
        <section aria-labelledby="results-title" className="guide-search-results max-w-3xl">
          {/* Where focus goes once a search made in the page shows, or its pages are turned: what it found is what
              the reader wants to hear. */}
          <h2 id="results-title" data-page-start data-list-start="page">
            {total === 0 ? `No pages match “${query}”` : `${counted(total, "page matches", "pages match")} “${query}”`}
          </h2>
          {total === 0 ? (
            <>
              <p>Try fewer or different words, or check the spelling.</p>
              <p>
                You can also <Link to="/guide">browse the contents of the guide</Link>.
              </p>
            </>
          ) : (
            <ol className="space-y-6">
              {results.map((result) => (
                <li key={result.href} className="border-b border-line pb-6">
                  {/* Highlighting comes from the server already escaped, with only <mark> added. */}
                  <Link to={result.href} className="text-xl font-bold" dangerouslySetInnerHTML={{ __html: result.titleHtml }} />
                  <p className="text-base text-muted">{result.sectionTitle}</p>
                  <p dangerouslySetInnerHTML={{ __html: result.excerptHtml }} />
                </li>
              ))}
            </ol>
          )}
          <Pagination page={page} pageCount={pageCount} label="Pages of search results" />
        </section>
      ) : error ? null : (
        // Nothing asked yet (or an empty search): what to do, rather than a page with only the box on it.
        <p className="max-w-3xl">
          Type a word or two from what you are looking for, such as &ldquo;knife&rdquo; or &ldquo;getting help&rdquo;, or{" "}
          <Link to="/guide">browse the contents of the guide</Link>.
        </p>
      )}
    </>
  );
}
