import type { LoaderFunctionArgs } from "@remix-run/node";
import QRCode from "qrcode";
import { requirePermission } from "~/auth/guards.server";
import { getRun, surveyAddress } from "~/models/survey-runs.server";

/** The survey's address as a QR code, drawn on the server as SVG (for the run page and the poster). */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:run");
  const run = await getRun(user, args.params.runId ?? "");
  const svg = await QRCode.toString(surveyAddress(args.request, run.code), { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return new Response(svg, { headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "private, max-age=3600" } });
}
