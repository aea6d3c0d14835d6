import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { enforceDownloadLimit } from "~/lib/limits.server";
import { csvHeaders, csvStream } from "~/lib/csv-export";
import { parseReachFilters } from "~/lib/reach";
import { exportFileName, localitiesCsvRows } from "~/models/reach-export.server";

/** The locality table as CSV, streamed as it is written. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-all");
  enforceDownloadLimit(user.id, "/reach");
  const params = new URL(args.request.url).searchParams;
  const filters = parseReachFilters(params);
  const publication = params.get("publication") === "1";
  return new Response(csvStream(localitiesCsvRows(user, filters, publication)), { headers: csvHeaders(exportFileName("localities", filters, publication)) });
}
