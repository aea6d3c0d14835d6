import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { HelpPanel } from "./survey-help";
import { retryAfterOf, TooManyRequests } from "./too-many-requests";

/** Errors on pupils' pages keep the pupil layout and the help panel; too many requests says when to try again. */
export function PupilErrorBoundary() {
  const error = useRouteError();
  const tooMany = isRouteErrorResponse(error) && error.status === 429;
  if (!tooMany) console.error(error);
  return (
    <>
      {tooMany ? (
        <TooManyRequests retryAfterSeconds={retryAfterOf(error.data)} />
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
