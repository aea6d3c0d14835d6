import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// A navigation started while another is still loading aborts the first one's data request, on purpose.
// Remix's data loading can leave that abort's rejection unhandled when it lands at the wrong moment (a
// link in the error summary followed just after a form was refused), and the browser then reports an
// error nobody made. Only that rejection, the `AbortError` an aborted `AbortController` gives, is kept
// from the console; every other one still shows (decision 0157).
window.addEventListener("unhandledrejection", (event) => {
  if (event.reason instanceof DOMException && event.reason.name === "AbortError") event.preventDefault();
});

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
