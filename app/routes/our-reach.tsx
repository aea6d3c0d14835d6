import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { StageTag } from "~/components/mvp-figures";
import { formatCount } from "~/lib/numbers";
import { formatAverage } from "~/lib/rounding";
import { formatShare, MIN_OTHER_SCHOOLS_FOR_LOCALITY_AVERAGE, MIN_SCHOOLS_BEHIND_AN_AVERAGE, SHARED_SESSIONS } from "~/models/reach-rules";
import { getOwnSchoolReach, type ReachAverages } from "~/models/reach-schools.server";
import { DataTable } from "~/components/data-table";
import { SharedSessionsNote } from "~/components/reach";

export const meta: MetaFunction = () => [{ title: "Your school's reach – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-own");
  return { view: await getOwnSchoolReach(user) };
}

type Figure = { label: string; own: (o: OwnFigures) => string; average: (a: ReachAverages) => string };

/** Why the model withheld an average (ReachAverages' `withheld`), in words for the cell. */
const WITHHELD = {
  small: "Not shown: a school here has fewer than 5",
  few: `Not shown: fewer than ${MIN_SCHOOLS_BEHIND_AN_AVERAGE} schools here have any`,
  "few rolls": `Not shown: fewer than ${MIN_SCHOOLS_BEHIND_AN_AVERAGE} schools here with pupils have a known number on roll`,
  "with pupils": "Not shown, as the average of pupils is not: it could give that figure away",
} as const;
type Averaged = "pupils" | "deliveries" | "mentorsTrained" | "mvpPupils" | "surveyResponses";
/** An average as the page shows it, or why it is not shown. */
const averageOf = (a: ReachAverages, figure: Averaged, of: "people" | "events") => {
  const value = a[figure];
  return value === null ? WITHHELD[a.withheld[figure] ?? "small"] : formatAverage(value, of);
};
type OwnFigures = { pupils: number; deliveries: number; share: number | null; mentorsTrained: number; mvpPupils: number; surveyResponses: number };

const FIGURES: Figure[] = [
  { label: "Pupils reached by sessions", own: (o) => formatCount(o.pupils), average: (a) => averageOf(a, "pupils", "people") },
  {
    label: "Attendances as a share of the roll",
    own: (o) => formatShare(o.share),
    average: (a) => (a.pupils === null ? averageOf(a, "pupils", "people") : a.withheld.share ? WITHHELD[a.withheld.share] : formatShare(a.share)),
  },
  { label: SHARED_SESSIONS.schoolColumn, own: (o) => formatCount(o.deliveries), average: (a) => averageOf(a, "deliveries", "events") },
  { label: "MVP mentors trained", own: (o) => formatCount(o.mentorsTrained), average: (a) => averageOf(a, "mentorsTrained", "people") },
  { label: "Pupils reached by mentor-led lessons", own: (o) => formatCount(o.mvpPupils), average: (a) => averageOf(a, "mvpPupils", "people") },
  { label: "Survey responses", own: (o) => formatCount(o.surveyResponses), average: (a) => averageOf(a, "surveyResponses", "people") },
];

/** School staff: their own school each year beside averages, never another school's figures. */
export default function OurReach() {
  const { view } = useLoaderData<typeof loader>();
  const locality = view.school.locality;
  return (
    <>
      <h1>Your school&apos;s reach</h1>
      <p className="mb-6 max-w-3xl text-xl">
        How many pupils at {view.school.name} the sessions and MVP reached each year, beside the average of the other schools
        {locality ? ` in ${locality} and` : ""} across the area.
      </p>
      <p className="mb-8 max-w-3xl">
        Averages are over the other schools open that year, including those not reached: never your own, and never naming or showing another school. An average
        of pupils, mentors or survey responses is not shown where a school in the group has 1 to 4 of them (nor, where pupils are not shown, of sessions, each
        of which reached at least one pupil), and no average is shown where only one or two schools in the group have the figure at all, as either could give a
        school&apos;s figure away. &ldquo;Attendances as a share of the roll&rdquo; beside yours is the average of the other schools&apos; own shares, each
        school counting once whatever its size, so it can differ from the share of all their attendances over all their rolls.
        {view.localityTooSmall
          ? ` ${locality} has fewer than ${MIN_OTHER_SCHOOLS_FOR_LOCALITY_AVERAGE} other open schools, so its average is not shown: it could give away a neighbouring school's figures.`
          : ""}{" "}
        <Link to={`/reach/schools/${view.school.id}`}>Your school&apos;s sessions, year by year</Link>
      </p>
      <SharedSessionsNote id="sessions-note" of="schoolAverages" />
      {view.years.map((year) => (
        <section key={year.year} aria-labelledby={`year-${year.year}`} className="mb-10">
          <h2 id={`year-${year.year}`}>{year.label}</h2>
          <p className="mb-2">
            MVP: <StageTag stage={year.own.mvpStage} />
            {year.own.topics.length ? <> · Topics: {year.own.topics.join(", ")}</> : null}
          </p>
          <DataTable caption={<>Your school beside the average of the other schools, {year.label}</>} className="text-base" describedBy="sessions-note">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Your school</th>
                {locality ? <th scope="col">Other schools in {locality}</th> : null}
                <th scope="col">Other schools across the area</th>
              </tr>
            </thead>
            <tbody>
              {FIGURES.map((f) => (
                <tr key={f.label}>
                  <th scope="row">{f.label}</th>
                  <td>{f.own(year.own)}</td>
                  {locality ? <td>{year.locality ? f.average(year.locality) : "Not shown"}</td> : null}
                  <td>{year.area ? f.average(year.area) : "–"}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </section>
      ))}
    </>
  );
}
