import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { formatLabel } from "~/components/delivery-ui";
import { describeYearGroups } from "~/lib/year-groups";
import { listTopics } from "~/models/topics.server";
import { DataTable } from "~/components/data-table";

export const meta: MetaFunction = () => [{ title: "Topics – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "deliveries:manage");
  return { topics: await listTopics(user) };
}

export default function Topics() {
  const { topics } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-4">
        <Link to="/sessions/schedule">Back to the schedule</Link>
      </p>
      <h1>Topics</h1>
      <p className="mb-8">
        <Link to="/sessions/topics/new" className="button">
          Add a topic
        </Link>
      </p>
      <DataTable caption={<>Topics offered to schools</>}>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Year groups</th>
            <th scope="col">Length</th>
            <th scope="col">Formats</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((t) => (
            <tr key={t.id}>
              <td>
                <Link to={`/sessions/topics/${t.id}`}>{t.title}</Link>
              </td>
              <td>{describeYearGroups(t.yearGroupList)}</td>
              <td>{t.durationMinutes} minutes</td>
              <td>{t.formatList.map(formatLabel).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
