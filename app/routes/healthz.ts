import { json } from "@remix-run/node";
import { checkHealth } from "~/models/health.server";

/**
 * GET /healthz for monitors and load balancers: 200 with a small JSON body while the database answers
 * and its disk has room to write, 503 when either fails (app/models/health.server.ts). A resource route: no layout, no session, no cookie, never cached.
 */
export async function loader() {
  const health = await checkHealth();
  return json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
