import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/roles";
import { Pagination, rangeText } from "~/components/pagination";
import { pageFrom } from "~/lib/pagination";
import { forbidden } from "~/lib/responses.server";
import { LOCAL_AUTHORITY_NAMES, SCHOOL_TYPES, SCHOOL_TYPE_LABELS, schoolTypeLabel } from "~/lib/schools";
import { schoolStatusLabel, SCHOOL_STATUS_LABELS, SCHOOL_STATUSES } from "~/lib/statuses";
import { localityOptions } from "~/models/localities.server";
import { listSchools, readSchoolFilters } from "~/models/schools.server";
import { FilterProblemsSummary, FilterSelect, SchoolSearchField } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { listPageTitle } from "~/lib/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: listPageTitle("Schools", data) }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  // A school user has one school: the list is their school's page.
  if (!can(user, "schools:list-all")) {
    if (!user.schoolId) forbidden();
    throw redirect(`/schools/${user.schoolId}`);
  }
  const { searchParams } = new URL(args.request.url);
  const localities = await localityOptions(user);
  const { filters, problems } = readSchoolFilters(
    searchParams,
    pageFrom(searchParams),
    localities.map((l) => l.id),
  );
  const result = await listSchools(user, filters);
  const filtered = Boolean(filters.q || filters.localAuthority || filters.localityId || filters.type || filters.status);
  // "Try fewer filters" only where one is chosen: a new service has no schools before any filter.
  const empty = filtered
    ? "No schools match your search. Try fewer filters, or part of the name."
    : "There are no schools yet. Add a school, or import them from GIAS.";
  return data({ ...result, filters, filtered, empty, problems, localities }, { status: problems ? 400 : 200 });
}

export default function Schools() {
  const { schools, total, page, pageCount, pageSize, filters, filtered, empty, problems, localities } = useLoaderData<typeof loader>();
  const location = useLocation();

  return (
    <>
      <h1>Schools</h1>
      <p className="mb-4 max-w-3xl">The schools in the forum. Their details come from Get Information About Schools (GIAS).</p>
      <p className="mb-8 flex flex-wrap items-center gap-x-6 gap-y-3">
        <Link to="/schools/new" className="button">
          Add a school
        </Link>
        <Link to="/schools/import">Import from GIAS</Link>
        <Link to="/schools/localities">Localities</Link>
      </p>

      <div role="search" aria-labelledby="find-schools" className="mb-8 border-2 border-line p-4">
        <FilterProblemsSummary id="schools" problems={problems} />
        <Form method="get" key={location.search} className="grid gap-x-6 md:grid-cols-2 lg:grid-cols-4">
          <h2 id="find-schools" className="md:col-span-2 lg:col-span-4">
            Find schools
          </h2>
          <div className="mb-4 md:col-span-2 lg:col-span-4">
            <SchoolSearchField id="schools-q" label="Name or URN" value={filters.q ?? ""} problem={problems?.q} />
          </div>
          <FilterSelect
            idPrefix="schools"
            name="localAuthority"
            error={problems?.localAuthority}
            label="Local authority"
            value={filters.localAuthority}
            options={LOCAL_AUTHORITY_NAMES.map((n) => ({ value: n, label: n }))}
          />
          <FilterSelect
            idPrefix="schools"
            name="localityId"
            error={problems?.localityId}
            label="Locality"
            value={filters.localityId}
            options={localities.map((l) => ({ value: l.id, label: l.name }))}
          />
          <FilterSelect
            idPrefix="schools"
            name="type"
            error={problems?.type}
            label="Type"
            value={filters.type}
            options={SCHOOL_TYPES.map((t) => ({ value: t, label: SCHOOL_TYPE_LABELS[t] }))}
          />
          <FilterSelect
            idPrefix="schools"
            name="status"
            error={problems?.status}
            label="Status"
            value={filters.status}
            options={SCHOOL_STATUSES.map((s) => ({ value: s, label: SCHOOL_STATUS_LABELS[s] }))}
          />
          <p className="flex items-center gap-6 md:col-span-2 lg:col-span-4">
            <button type="submit" className="button button-secondary">
              Search
            </button>
            {filtered ? <Link to="/schools">Clear search and filters</Link> : null}
          </p>
        </Form>
      </div>

      {schools.length === 0 ? (
        <p className="panel" data-page-start={filtered ? "" : undefined}>
          {empty}
        </p>
      ) : (
        <DataTable
          listStart="page"
          caption={
            <>
              <span data-page-start={filtered ? "" : undefined}>
                {filtered ? "Schools matching your search" : "All schools"} <span className="font-normal">({rangeText(page, pageSize, total)})</span>
              </span>
            </>
          }
        >
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">URN</th>
              <th scope="col">Local authority</th>
              <th scope="col">Locality</th>
              <th scope="col">Type</th>
              <th scope="col" className="text-right">
                Number on roll
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {schools.map((school) => (
              <tr key={school.id}>
                <td>
                  <Link to={`/schools/${school.id}`}>{school.name}</Link>
                </td>
                <td>{school.urn}</td>
                <td>{school.localAuthority}</td>
                <td>{school.locality?.name ?? "None"}</td>
                <td>{schoolTypeLabel(school.type)}</td>
                <td className="text-right">{school.numberOnRoll?.toLocaleString("en-GB") ?? "Not known"}</td>
                <td>
                  <span className={`tag ${school.status === "OPEN" ? "tag-green" : "tag-grey"}`}>{schoolStatusLabel(school.status)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <Pagination page={page} pageCount={pageCount} label="Pages of schools" />
    </>
  );
}
