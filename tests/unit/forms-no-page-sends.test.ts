import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { createUser } from "./factories";
import { replyOf } from "./support/reply";

/**
 * Conform reads `__intent__` and `__state__` as its own instructions. Sent in an address or a form, a value
 * it could not read threw: a 500 on every filter page and form, public ones included. No form of the
 * service sends them, so they are refused as a 400 wherever a submission is read. So are names with a
 * list index, which Conform made into arrays as long as the index, and more fields than any form has: a
 * few bytes, or a form with one field repeated 40,000 times, kept a server busy for seconds to minutes.
 */
const context = (): AppLoadContext => ({ cspNonce: "", clientAddress: "192.0.2.91", secureCookies: false, setCookie: () => undefined });
const outcome = (result: unknown) => Promise.resolve(result).catch((thrown: unknown) => thrown);
const statusOf = async (sent: unknown) => (sent instanceof Response ? [sent.status, (await sent.json()).message] : sent);
const refused = [400, "The form sent a field it does not have. Go back, reload the page and try again."];

describe("fields no form of the service sends", () => {
  it("in a public form's body are a 400, not a 500", async () => {
    const { action } = await import("~/routes/forgotten-password");
    const sent: [string, string][] = [
      ["__state__", "x"],
      ["__intent__", "1"],
      ["__intent__", "null"],
    ];
    for (const [name, value] of sent) {
      const body = new URLSearchParams({ email: "someone@example.test", [name]: value });
      const request = new Request("http://localhost/forgotten-password", { method: "POST", body });
      expect(await statusOf(await outcome(action({ request, context: context(), params: {} }))), `${name}=${value}`).toEqual(refused);
    }
  });

  it("in a filter page's address are a 400, and a well-formed intent cannot drop the filters quietly", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const { loader } = await import("~/routes/admin.users._index");
    const { token } = await createSession(lead.id);
    const headers = { Cookie: `vrn_session=${token}` };
    const intent = encodeURIComponent(JSON.stringify({ type: "validate", payload: {} }));
    for (const query of ["__state__=x", "__intent__=1", `__intent__=${intent}&role=BOGUS`]) {
      const request = new Request(`http://localhost/admin/users?${query}`, { headers });
      expect(await statusOf(await outcome(loader({ request, context: context(), params: {} }))), query).toEqual(refused);
    }
  });

  it("with a list index in a name, or more fields than any form has, are a 400 before Conform reads them", async () => {
    const { action } = await import("~/routes/forgotten-password");
    const send = (body: string) =>
      action({
        request: new Request("http://localhost/forgotten-password", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body,
        }),
        context: context(),
        params: {},
      });
    const deep = Array.from({ length: 3_000 }, () => "a").join(".");
    for (const body of [
      "email[99999999]=a",
      "email%5B4294967294%5D=a",
      "email=a&x]=1",
      "email[]=a",
      `email=bad&${deep}=1`,
      `email=bad&a.b.c.d=1`,
      `email=bad&${"n".repeat(101)}=1`,
    ]) {
      expect(await statusOf(await outcome(send(body))), body).toEqual(refused);
    }
    expect(await statusOf(await outcome(send(Array.from({ length: 40_000 }, () => "email=a").join("&"))))).toEqual([
      400,
      "The form sent more fields than any page of this service has. Go back, reload the page and try again.",
    ]);
    // A form's own field, repeated or not, still reaches the form's schema, whose message is by the field.
    for (const body of ["email=not-an-address", Array.from({ length: 3_000 }, () => "email=a").join("&")]) {
      const reply = await replyOf(await send(body));
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ result: { error: { email: [expect.any(String)] } } });
    }
  });

  it("are listed by a Conform patched to add each repeated value in place (patches/@conform-to+dom+1.21.1.patch)", () => {
    // Unpatched, Conform copied a field's list for every value it added: n values cost n squared, and a
    // form of one field sent 40,000 times took 25 s to read. A speed is not timed here; the code is read.
    const dist = path.dirname(createRequire(import.meta.url).resolve("@conform-to/dom"));
    for (const file of ["submission.js", "submission.mjs"]) {
      const code = fs.readFileSync(path.join(dist, file), "utf8");
      expect(code, file).toContain("prev.push(next);");
      expect(code, file).not.toContain("prev.concat(next)");
    }
  });
});
