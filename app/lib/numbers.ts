// One formatter each, made once: `n.toLocaleString("en-GB")` builds a new one on every call, and the
// reach tables format thousands of figures per page.
const whole = new Intl.NumberFormat("en-GB");
const oneDecimal = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** "12,345" */
export const formatCount = (n: number): string => whole.format(n);

/** "12.3", or "12" when it is whole. */
export const formatAverage = (n: number): string => oneDecimal.format(n);
