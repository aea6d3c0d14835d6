import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { Pagination, rangeText } from "~/components/pagination";
import { AREA_KIND_LABELS, areaKindFor } from "~/lib/localities";
import { pageFrom } from "~/lib/pagination";
import { capitalise } from "~/lib/school-changes";
import { listLocalities } from "~/models/localities.server";
import { TableHead } from "~/components/table-head";
import { DataTable } from "~/components/data-table";
import { listPageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: listPageTitle("Localities", data) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "localities:manage");
  return await listLocalities(user, pageFrom(new URL(args.request.url).searchParams));
}

export default function Localities() {
  const { localities, total, page, pageCount, pageSize } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-4">
        <Link to="/schools">Back to all schools</Link>
      </p>
      <h1>Localities</h1>
      <p className="mb-4 max-w-3xl">
        The VRN&apos;s localities. In the county and Rutland they follow the districts; in Leicester they group the city&apos;s wards. The GIAS import places
        each school by the district or ward mapped here.
      </p>
      <p className="mb-8">
        <Link to="/schools/localities/new" className="button">
          Add a locality
        </Link>
      </p>
      <DataTable
        listStart="page"
        caption={
          <>
            Localities <span className="font-normal">({rangeText(page, pageSize, total)})</span>
          </>
        }
      >
        <TableHead columns={["Locality", "Local authority", "Districts or wards mapped to it", { label: "Schools", numeric: true }]} />
        <tbody>
          {localities.map((locality) => (
            <tr key={locality.id}>
              <td>
                <Link to={`/schools/localities/${locality.id}`}>{locality.name}</Link>
              </td>
              <td>{locality.localAuthority}</td>
              <td>
                {locality.areas.length > 0 ? (
                  locality.areas.map((area) => area.name).join(", ")
                ) : (
                  <span className="tag tag-red">No {AREA_KIND_LABELS[areaKindFor(locality.localAuthority)]}s yet</span>
                )}
              </td>
              <td className="text-right">{locality.schoolCount}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <Pagination page={page} pageCount={pageCount} label="Pages of localities" />
      <p className="mt-8 max-w-3xl text-muted">
        {capitalise(AREA_KIND_LABELS.WARD)}s are used for schools in Leicester, {AREA_KIND_LABELS.DISTRICT}s for schools in Leicestershire and Rutland.
      </p>
    </>
  );
}
