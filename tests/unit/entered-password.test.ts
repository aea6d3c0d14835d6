/**
 * A password typed to show who someone is (app/auth/entered-password.ts): one longer than any password can
 * be is refused by its field, with that reason, on every form that asks for one, not "Enter your password".
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { enteredPasswordSchema } from "~/auth/entered-password";
import { twoStepChangeSchema } from "~/lib/two-step-forms";
import { parseSubmission } from "~/lib/submission.server";
import { createUser } from "./factories";
import { routeContext } from "./support/route";

const TOO_LONG = /^That is longer than any password here can be: check what you entered$/;

/** The field errors a form's schema gives for these fields. */
function errorsFor(schema: z.ZodTypeAny, fields: [string, string][]) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const submission = parseSubmission(form, { schema });
  return submission.status === "success" ? {} : (submission.error ?? {});
}

describe("a password typed to show who someone is", () => {
  it("signing in with 100,000 characters is a 400 saying the password is too long, by its field", async () => {
    const user = await createUser({ role: "TEACHER" });
    const { action } = await import("~/routes/sign-in");
    const body = new URLSearchParams([
      ["email", user.email],
      ["password", "a".repeat(100_000)],
    ]);
    const answered = await action({ request: new Request("http://localhost/sign-in", { method: "POST", body }), context: routeContext(), params: {} });
    const { init, data } = answered as unknown as { init: { status: number }; data: { error: Record<string, string[]> } };
    expect(init.status).toBe(400);
    expect(data.error.password).toEqual([expect.stringMatching(TOO_LONG)]);
  });

  it("confirming a change to two-step sign-in says the same, and an empty one is still asked for", () => {
    expect(
      errorsFor(twoStepChangeSchema, [
        ["password", "x".repeat(1001)],
        ["code", "123456"],
      ]).password,
    ).toEqual([expect.stringMatching(TOO_LONG)]);
    expect(errorsFor(twoStepChangeSchema, [["code", "123456"]]).password).toEqual(["Enter your password"]);
  });

  it("takes any password up to 1,000 characters, to be checked against the account", () => {
    const schema = z.object({ currentPassword: enteredPasswordSchema("Enter your current password") });
    expect(errorsFor(schema, [["currentPassword", "x".repeat(1000)]])).toEqual({});
    expect(errorsFor(schema, [["currentPassword", "x".repeat(1001)]]).currentPassword).toEqual([expect.stringMatching(TOO_LONG)]);
    expect(errorsFor(schema, [["currentPassword", ""]]).currentPassword).toEqual(["Enter your current password"]);
  });
});
