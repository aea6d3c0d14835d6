/** Where the browser tests reach the server (playwright.config.ts starts it there). */
export const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://localhost:${port}`;

/**
 * What a browser sends with a form posted from one of the service's own pages. The server refuses a
 * POST that shows neither Origin nor Sec-Fetch-Site (scripts/lib/request-guards.mjs), so every
 * request a test makes by hand carries this.
 */
export const FROM_OWN_PAGE = { Origin: baseURL };
