import { Link } from "@remix-run/react";
import { useSyncExternalStore, type ReactNode } from "react";
import { formatDate } from "~/lib/dates";
import { Separator } from "./separators";
import { SummaryList, SummaryRow } from "./summary-list";

/** What the server sends for one page of the guide (see app/models/guide.server.ts). */
export type ArticleData = {
  sectionTitle: string;
  sectionHref: string;
  title: string;
  summary: string;
  audience: string;
  html: string;
  headings: { id: string; text: string }[];
  lastUpdated: string | null;
  previous: { href: string; title: string } | null;
  next: { href: string; title: string } | null;
};

export function Breadcrumbs({ items }: { items: { href: string; label: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="no-print mb-6 text-base">
      <ol className="flex flex-wrap gap-x-2">
        {items.map((item, index) => (
          <li key={item.href} className="flex gap-x-2">
            {index > 0 ? <span aria-hidden="true">›</span> : null}
            <Link to={item.href}>{item.label}</Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

const subscribeToNothing = () => () => {};

/** Printing needs JavaScript to start from a button; without it, the browser's own Print works the same. */
function PrintButton() {
  // False in the server's HTML and while hydrating, true once React runs in the browser: no effect, no second render pass.
  const hydrated = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  if (!hydrated) return null;
  return (
    <button type="button" className="button button-secondary no-print" onClick={() => window.print()}>
      Print this page
    </button>
  );
}

/**
 * One guide page as readers see it. The lead's preview and earlier versions use this same component,
 * so what is checked is exactly what is published. `aside` goes between the words and the page links.
 */
export function GuideArticleView({ article, aside }: { article: ArticleData; aside?: ReactNode }) {
  return (
    <>
      <Breadcrumbs
        items={[
          { href: "/guide", label: "Schools Guide to Violence Prevention" },
          { href: article.sectionHref, label: article.sectionTitle },
        ]}
      />
      <p className="guide-print-only mb-2 text-base">Schools Guide to Violence Prevention · {article.sectionTitle}</p>
      <h1>{article.title}</h1>
      <p className="mb-6 max-w-3xl text-xl">{article.summary}</p>
      <SummaryList className="mb-8 max-w-3xl text-base">
        <SummaryRow term="Who this is for">{article.audience}</SummaryRow>
        <SummaryRow term="Last updated">{article.lastUpdated ? formatDate(article.lastUpdated) : "Not published yet"}</SummaryRow>
      </SummaryList>

      {article.headings.length > 0 ? (
        <nav aria-labelledby="on-this-page" className="no-print mb-10 max-w-3xl border-l-4 border-brand pl-4">
          <h2 id="on-this-page" className="text-xl">
            On this page
          </h2>
          <ul className="space-y-1">
            {article.headings.map((heading) => (
              <li key={heading.id}>
                <a href={`#${heading.id}`}>{heading.text}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}

      {/* The HTML was rendered from Markdown and sanitised on the server (app/lib/markdown.server.ts). */}
      <div id="guide-content" className="guide-body" dangerouslySetInnerHTML={{ __html: article.html }} />

      <div className="mt-10">
        <PrintButton />
      </div>

      {aside}

      {article.previous || article.next ? (
        <nav aria-label="Previous and next pages" className="no-print mt-12 max-w-3xl border-t-2 border-line pt-6">
          <ul className="flex flex-col gap-4 sm:flex-row sm:justify-between">
            {article.previous ? (
              <li>
                <Link to={article.previous.href} rel="prev" className="block">
                  <span className="block font-bold">
                    Previous page
                    <Separator text=": " />
                  </span>
                  {article.previous.title}
                </Link>
              </li>
            ) : null}
            {article.next ? (
              <li className="sm:ml-auto sm:text-right">
                <Link to={article.next.href} rel="next" className="block">
                  <span className="block font-bold">
                    Next page
                    <Separator text=": " />
                  </span>
                  {article.next.title}
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
