import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSchoolAccess } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { SchoolMvpPage } from "~/components/mvp-school";
import { mvpYears, readMvpYear } from "~/lib/mvp";
import { getSchoolMvp } from "~/models/mvp-school.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.view.school.name ?? "School"}: Mentors in Violence Prevention – VRN Schools Forum` },
];

/** Any school's MVP page for the VRN lead; school staff may open only their own (others get 403). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireSchoolAccess(args, args.params.schoolId ?? "");
  const { year: academicYear, problem } = readMvpYear(new URL(args.request.url).searchParams);
  return data(
    {
      years: mvpYears(),
      problem,
      fromOverview: can(user, "mvp:read-all"),
      view: await getSchoolMvp(user, args.params.schoolId ?? "", academicYear),
    },
    { status: problem ? 400 : 200 },
  );
}

export default function SchoolMvp() {
  const { view, years, problem, fromOverview } = useLoaderData<typeof loader>();
  return <SchoolMvpPage view={view} years={years} yearProblem={problem} backToOverview={fromOverview} />;
}
