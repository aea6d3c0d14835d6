// With v3_singleFetch (remix.config.js), loader data reaches components as turbo-stream
// serialises it (Dates stay Dates), not as JSON; this makes useLoaderData's types say so.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
