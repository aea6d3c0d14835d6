import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { createUser } from "./factories";

/**
 * Conform reads `__intent__` and `__state__` as its own instructions. Sent in an address or a form, a value
 * it could not read threw: a 500 on every filter page and form, public ones included. No form of the
 * service sends them, so they are refused as a 400 wherever a submission is read.
 */
const context = (): AppLoadContext => ({ cspNonce: "", clientAddress: "192.0.2.91", secureCookies: false, setCookie: () => undefined });
const outcome = (result: unknown) => Promise.resolve(result).catch((thrown: unknown) => thrown);
const statusOf = async (sent: unknown) => (sent instanceof Response ? [sent.status, (await sent.json()).message] : sent);
const refused = [400, "The form sent a field it does not have. Go back, reload the page and try again."];

describe("Conform's reserved names", () => {
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
});
