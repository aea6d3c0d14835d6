/**
 * How a page's title starts while it says what was wrong with what was sent (GOV.UK's error pattern):
 * the title is the first thing a screen reader says of a page, so it says there is a problem before the
 * page's name. Pages sent whole with their errors get it on the server (entry.server.tsx); pages whose
 * scripts run get it from their error summary (`ErrorSummary` in app/components/forms.tsx).
 */
export const ERROR_TITLE_PREFIX = "Error: ";
