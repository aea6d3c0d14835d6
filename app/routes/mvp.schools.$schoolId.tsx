import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireSchoolAccess } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { SchoolMvpPage } from "~/components/mvp-school";
import { mvpYears, pickAcademicYear } from "~/lib/mvp";
import { getSchoolMvp } from "~/models/mvp-school.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.view.school.name ?? "School"}: Mentors in Violence Prevention – VRN Schools Forum` },
];

/** Any school's MVP page for the VRN lead; school staff may open only their own (others get 403). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireSchoolAccess(args, args.params.schoolId ?? "");
  const academicYear = pickAcademicYear(new URL(args.request.url).searchParams.get("year"));
  return {
    years: mvpYears(),
    fromOverview: can(user, "mvp:read-all"),
    view: await getSchoolMvp(user, args.params.schoolId ?? "", academicYear),
  };
}

export default function SchoolMvp() {
  const { view, years, fromOverview } = useLoaderData<typeof loader>();
  return <SchoolMvpPage view={view} years={years} backToOverview={fromOverview} />;
}
