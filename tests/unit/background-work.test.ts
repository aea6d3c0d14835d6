import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { backgroundWorkEnded, inBackground } from "~/lib/background-work.server";
import { createSchool, createUser } from "./factories";
import { gate } from "./support/gate";
import { replyOf } from "./support/reply";
import { routeContext } from "./support/route";

describe("work a request leaves running", () => {
  it("is waited for, with any work it begins meanwhile, and its failure goes to its own handler alone", async () => {
    const done: string[] = [];
    const failures: string[] = [];
    const first = gate();
    inBackground(
      (async () => {
        await first.opened;
        done.push("first");
        inBackground(
          (async () => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            done.push("begun meanwhile");
          })(),
          () => undefined,
        );
        throw new Error("the mail server refused it");
      })(),
      (error) => failures.push((error as Error).message),
    );
    let ended = false;
    const ending = backgroundWorkEnded().then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toBe(false);
    first.open();
    await ending;
    expect(done).toEqual(["first", "begun meanwhile"]);
    expect(failures).toEqual(["the mail server refused it"]);
    // Nothing left: resolves at once.
    await backgroundWorkEnded();
  });

  it("makes and keeps a password reset link asked for just before the server shuts down", async () => {
    const { action } = await import("~/routes/forgotten-password");
    const { closeDatabase } = await import("~/entry.server");
    const user = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    const request = new Request("http://localhost/forgotten-password", { method: "POST", body: new URLSearchParams({ email: user.email }) });
    expect((await replyOf(await action({ request, context: routeContext(), params: {} }))).status).toBe(200);
    // The page has answered, and the server shuts down at once, as it does after its last request. (On SQLite
    // the link is made before the disconnect even without the wait; PostgreSQL's round trips are where it was lost.)
    await closeDatabase();
    // The client connects again to read what was saved.
    expect(await prisma.passwordReset.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.outboxMessage.count({ where: { to: user.email } })).toBe(1);
  });
});
