import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { refusalOf } from "~/lib/refusals";
import { HelpPanel } from "./survey-help";
import { retryAfterOf, TooManyRequests } from "./too-many-requests";

/**
 * Errors on pupils' pages keep the pupil layout and the help panel; too many requests says when to try
 * again. Only a failure of the service is logged: a request the service refused (a 4xx, such as a form
 * sent to the wrong address) is the sender's, as the server's own error handling treats it.
 */
export function PupilErrorBoundary() {
  const error = useRouteError();
  const tooMany = isRouteErrorResponse(error) && error.status === 429;
  const refusal = refusalOf(error);
  const refused = isRouteErrorResponse(error) && error.status < 500;
  if (!refused && !refusal) console.error(error);
  return (
    <>
      {tooMany ? (
        <TooManyRequests retryAfterSeconds={retryAfterOf(error.data)} />
      ) : refusal ? (
        <>
          <h1>{refusal.title}</h1>
          <p>{refusal.message}</p>
        </>
      ) : refused ? (
        <>
          <h1>{error.status === 404 ? "That page is not here" : "That did not work"}</h1>
          <p>Go back to your survey, or type its code again below.</p>
        </>
      ) : (
        <>
          <h1>Sorry, something went wrong</h1>
          <p>Try again in a moment. If it keeps happening, tell your teacher.</p>
        </>
      )}
      <p className="mt-6">
        <Link to="/s">Enter a survey code</Link>
      </p>
      <HelpPanel />
    </>
  );
}
