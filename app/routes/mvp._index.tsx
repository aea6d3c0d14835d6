import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { AreaOverview } from "~/components/mvp-overview";
import { SchoolMvpPage } from "~/components/mvp-school";
import { onlyValue } from "~/lib/filter-choices";
import { mvpYears, readMvpYear } from "~/lib/mvp";
import { badRequest, forbidden } from "~/lib/responses.server";
import { getAreaOverview } from "~/models/mvp-reach.server";
import { getSchoolMvp } from "~/models/mvp-school.server";

export const meta: MetaFunction = () => [{ title: "Mentors in Violence Prevention – VRN Schools Forum" }];

/** The VRN lead's overview across schools; for school staff, their own school's MVP page. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const { year: academicYear, problem } = readMvpYear(url.searchParams);
  const years = mvpYears();
  const status = problem ? 400 : 200;
  if (can(user, "mvp:read-all")) {
    const show = onlyValue(url.searchParams, "show");
    if (show !== "" && show !== "all") badRequest("That address asks the page to show something it does not offer. Go back to MVP and follow its link again.");
    const showAll = show === "all";
    const overview = await getAreaOverview(user, academicYear, { includeNotStarted: showAll });
    return data({ kind: "area" as const, years, problem, view: { ...overview, academicYear, showAll } }, { status });
  }
  if (!user.schoolId) forbidden();
  return data({ kind: "school" as const, years, problem, view: await getSchoolMvp(user, user.schoolId, academicYear) }, { status });
}

export default function MvpHome() {
  const page = useLoaderData<typeof loader>();
  if (page.kind === "area") return <AreaOverview view={page.view} years={page.years} yearProblem={page.problem} />;
  return <SchoolMvpPage view={page.view} years={page.years} yearProblem={page.problem} />;
}
