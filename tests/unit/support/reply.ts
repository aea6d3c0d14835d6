/** What a route's loader or action answered, called directly: its status, headers and data. */
export type Reply = { status: number; headers: Headers; body: unknown };

/**
 * Reads `result`, whatever form the loader or action gave it in: a Response (its body read as JSON), a
 * `data(value, init)` reply (its value as it is, its status 200 unless `init` gives one), or a plain value
 * (status 200, no headers).
 */
export async function replyOf(result: unknown): Promise<Reply> {
  if (result instanceof Response) return { status: result.status, headers: result.headers, body: await result.json() };
  if (typeof result === "object" && result !== null && "type" in result && result.type === "DataWithResponseInit" && "data" in result && "init" in result) {
    const init = result.init as ResponseInit | null;
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), body: result.data };
  }
  return { status: 200, headers: new Headers(), body: result };
}
