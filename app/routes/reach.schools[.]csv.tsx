import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { enforceDownloadLimit } from "~/models/limits.server";
import { reachCsvResponse } from "~/models/reach-export.server";

/** The school table as CSV, streamed as it is written. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "reach:read-all");
  await enforceDownloadLimit(user.id, "/reach");
  return reachCsvResponse(user, new URL(args.request.url), "schools");
}
