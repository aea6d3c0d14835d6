import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { statementsSentBy } from "~/lib/statements-sent.server";
import { loader as rootLoader } from "~/root";
import { loader as homeLoader } from "~/routes/_index";
import { loader as mvpLoader } from "~/routes/mvp._index";
import { loader as reachLoader } from "~/routes/reach._index";
import { loader as deliveriesLoader } from "~/routes/sessions._index";
import { loader as bookingLoader } from "~/routes/sessions.deliveries.$deliveryId.book";

const run = promisify(execFile);
type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

/**
 * The statements one signed-in page sends, as `npm run bench` requests it on the demo data: the root
 * loader and the page's loader of one request, sharing its context (so the session is checked once),
 * run together as Remix runs them.
 */
async function statementsFor(email: string, path: string, loader: Loader, params: Record<string, string> = {}) {
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  const { token } = await createSession(user.id);
  const request = () => new Request(`http://localhost${path}`, { headers: { Cookie: `vrn_session=${token}` } });
  const send = () => {
    const context: AppLoadContext = { cspNonce: "", clientAddress: "192.0.2.1", secureCookies: false, setCookie: () => {} };
    const args = (r: Request) => ({ request: r, params, context });
    return Promise.all([rootLoader(args(request())), loader(args(request()))]);
  };
  // The first request of a process reads what each process keeps (signing keys, the curriculum): the
  // bench measures the requests after it.
  await send();
  const { result, statements } = await statementsSentBy(send);
  for (const response of result) expect(response).toBeInstanceOf(Response);
  expect((result[1] as Response).status).toBe(200);
  return statements;
}

describe("queries per signed-in page, demo data", () => {
  beforeAll(async () => {
    await run(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { env: { ...process.env }, maxBuffer: 16 * 1024 * 1024 });
  }, 240_000);

  it("counts", async () => {
    const delivery = await prisma.delivery.findFirstOrThrow({
      where: { status: "SCHEDULED", bookingClosesAt: { gt: new Date() }, bookings: { none: { school: { users: { some: { email: "teacher@example.org" } } } } } },
      orderBy: { startsAt: "asc" },
    });
    const pages: [string, string[]][] = [
      ["teacher home", await statementsFor("teacher@example.org", "/", homeLoader)],
      ["deliveries", await statementsFor("teacher@example.org", "/sessions", deliveriesLoader)],
      ["booking", await statementsFor("teacher@example.org", `/sessions/deliveries/${delivery.id}/book`, bookingLoader, { deliveryId: delivery.id })],
      ["lead home", await statementsFor("lead@example.org", "/", homeLoader)],
      ["mvp", await statementsFor("mvp@example.org", "/mvp", mvpLoader)],
      ["reach", await statementsFor("lead@example.org", "/reach", reachLoader)],
    ];
    for (const [name, statements] of pages) console.log(`\n### ${name}: ${statements.length}\n${statements.map((s) => s.replace(/\s+/g, " ").slice(0, 400)).join("\n")}`);
  }, 120_000);
});
