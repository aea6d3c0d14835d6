/**
 * The key of the lead's "require two-step sign-in for VRN leads" setting (the `Setting` table, value
 * "true" when on). Read when signing in (two-step.server.ts) and with every lead's session
 * (session.server.ts), so a lead who has not set two-step up holds no session while it is required.
 */
export const TWO_STEP_REQUIRED_FOR_LEADS_KEY = "signIn.requireTwoStepForLeads";
