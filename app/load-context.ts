import type { SessionUser } from "~/auth/session.server";

/** What the server (scripts/server.mjs) gives every loader and action of one request. */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's Content-Security-Policy nonce: only inline scripts carrying it may run. */
    cspNonce: string;
    /**
     * The client's address as limits count it (an IPv6 client by its /64 network: scripts/lib/client-address.mjs),
     * used only in memory or as a hash: sign-in throttling and rate limits; never stored with survey answers.
     */
    clientAddress: string;
    /** Whether cookies carry `Secure`: in production, except plain HTTP to a loopback address. */
    secureCookies: boolean;
    /** This request's id, in its X-Request-Id response header, its log line and the error page. */
    requestId?: string;
    /** Logs an error with its stack and this request's id (scripts/request-log.mjs); absent in unit tests. */
    logError?: (error: unknown, message: string) => void;
    /** Adds a Set-Cookie header to this request's response, whatever the response turns out to be. */
    setCookie: (cookie: string) => void;
    /** The signed-in user, looked up once per request however many loaders ask. */
    currentUser?: Promise<SessionUser | null>;
  }
}

export {};
