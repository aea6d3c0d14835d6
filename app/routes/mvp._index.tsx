import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { AreaOverview } from "~/components/mvp-overview";
import { SchoolMvpPage } from "~/components/mvp-school";
import { mvpYears, pickAcademicYear } from "~/lib/mvp";
import { forbidden } from "~/lib/responses.server";
import { getAreaOverview } from "~/models/mvp-reach.server";
import { getSchoolMvp } from "~/models/mvp-school.server";

export const meta: MetaFunction = () => [{ title: "Mentors in Violence Prevention – VRN Schools Forum" }];

/** The VRN lead's overview across schools; for school staff, their own school's MVP page. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const url = new URL(args.request.url);
  const academicYear = pickAcademicYear(url.searchParams.get("year"));
  const years = mvpYears();
  if (can(user, "mvp:read-all")) {
    const showAll = url.searchParams.get("show") === "all";
    const overview = await getAreaOverview(user, academicYear, { includeNotStarted: showAll });
    return { kind: "area" as const, years, view: { ...overview, academicYear, showAll } };
  }
  if (!user.schoolId) forbidden();
  return { kind: "school" as const, years, view: await getSchoolMvp(user, user.schoolId, academicYear) };
}

export default function MvpHome() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "area") return <AreaOverview view={data.view} years={data.years} />;
  return <SchoolMvpPage view={data.view} years={data.years} />;
}
