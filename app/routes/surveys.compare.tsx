import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ComparisonResults } from "~/components/survey-comparison";
import { academicYearOf, formatAcademicYear, parseAcademicYear } from "~/lib/academic-year";
import { comparisonChoices, topicComparison } from "~/models/survey-results.server";
import { counted, formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Compare before and after by topic – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:read-all");
  const params = new URL(args.request.url).searchParams;
  const { topics, years } = await comparisonChoices();
  const year = parseAcademicYear(params.get("year")) ?? academicYearOf(new Date());
  const topic = topics.find((t) => t.id === params.get("topic")) ?? topics.find((t) => t.title === "Knife-crime awareness") ?? topics[0];
  const result = topic ? await topicComparison(user, topic.id, year) : null;
  const yearChoices = [...new Set([year, ...years])].sort((a, b) => b - a);
  return { topics, years: yearChoices, year, topic: topic ?? null, result };
}

export default function CompareByTopic() {
  const { topics, years, year, topic, result } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-4">
        <Link to="/surveys">Back to surveys</Link>
      </p>
      <h1>Compare before and after by topic</h1>
      <form method="get" className="mb-8 flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor="topic" className="label">
            Topic
          </label>
          <select id="topic" name="topic" defaultValue={topic?.id} className="input">
            {topics.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="year" className="label">
            Academic year
          </label>
          <select id="year" name="year" defaultValue={formatAcademicYear(year)} className="input">
            {years.map((y) => (
              <option key={y} value={formatAcademicYear(y)}>
                {formatAcademicYear(y)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Show
        </button>
      </form>
      {topic && result ? (
        <>
          <h2>
            {topic.title}, {formatAcademicYear(year)}
          </h2>
          <p className="mb-4 max-w-3xl" id="bookings-compared">
            {result.bookings === 0 ? (
              `No booking of this topic has surveys in ${formatAcademicYear(year)}.`
            ) : (
              <>
                {counted(result.bookings, "booking")} with surveys. Only bookings surveyed both before and after their session are compared, so that both
                columns are the same sessions&apos; pupils:{" "}
                {result.paired === 0 ? "none is yet" : result.paired === 1 ? "1 booking is" : `${formatCount(result.paired)} bookings are`}.
                {result.oneSided > 0
                  ? ` ${result.oneSided === 1 ? "1 booking has" : `${formatCount(result.oneSided)} bookings have`} results on one side only and ${result.oneSided === 1 ? "is" : "are"} left out; each booking's own page shows its results.`
                  : ""}
              </>
            )}
          </p>
          <ComparisonResults
            pairedBookings={result.paired}
            comparison={result.comparison}
            caption={`Core statements before and after ${topic.title} sessions, ${formatAcademicYear(year)}`}
          />
        </>
      ) : (
        <p>There are no topics yet.</p>
      )}
    </>
  );
}
