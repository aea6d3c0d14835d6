import { describe, expect, it } from "vitest";
import { handleError } from "~/entry.server";

describe("errors thrown by loaders and actions", () => {
  const args = (request: Request, logged: [unknown, string][]) => ({
    request,
    params: {},
    context: {
      cspNonce: "",
      clientAddress: "127.0.0.1",
      secureCookies: false,
      setCookie: () => {},
      requestId: "edge-7f3a.2_Q",
      logError: (error: unknown, message: string) => void logged.push([error, message]),
    },
  });

  it("are logged through the request's logger, which adds its id, with the error itself (and so its stack)", () => {
    const logged: [unknown, string][] = [];
    const error = new Error("the database went away");
    handleError(error, args(new Request("http://localhost/reach", { method: "POST" }), logged));
    expect(logged).toEqual([[error, "POST failed"]]);
  });

  it("are not logged when the client abandoned the request", () => {
    const logged: [unknown, string][] = [];
    const controller = new AbortController();
    controller.abort();
    handleError(new Error("aborted"), args(new Request("http://localhost/reach", { signal: controller.signal }), logged));
    expect(logged).toEqual([]);
  });

  it("are not logged as errors when Remix refused the request itself with a 4xx (a POST to a page without a form)", () => {
    const logged: [unknown, string][] = [];
    const refusal = {
      status: 405,
      statusText: "Method Not Allowed",
      internal: true,
      data: 'You made a POST request to "/guide" but did not provide an `action`',
    };
    handleError(refusal, args(new Request("http://localhost/guide", { method: "POST" }), logged));
    expect(logged).toEqual([]);
    const failure = { status: 500, statusText: "Internal Server Error", internal: true, data: "" };
    handleError(failure, args(new Request("http://localhost/guide", { method: "POST" }), logged));
    expect(logged).toHaveLength(1);
  });
});
