// @ts-check
// The start's check of every setting, before it takes the pid file, makes the database or migrates it
// (scripts/start.mjs): a refused start leaves nothing behind. The settings' rules live in app/env.server.ts,
// read here through tsx as the server reads them; TRUST_PROXY is checked by Express, as the server sets it.

/**
 * What is wrong with this start's settings, as lines for a person at a terminal, or undefined when they are
 * right. In order, each one stopping the check: every setting app/env.server.ts checks (SMTP_URL, APP_URL,
 * PORT, TWO_STEP_KEY…), then TRUST_PROXY.
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<string | undefined>}
 */
export async function settingsProblem({ env = process.env } = {}) {
  try {
    const { tsImport } = await import("tsx/esm/api");
    /** @type {{ readSettings: (source: NodeJS.ProcessEnv) => unknown }} */
    const settings = await tsImport("../../app/env.server.ts", import.meta.url);
    settings.readSettings(env);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (env.TRUST_PROXY) {
    const [{ default: express }, { trustProxy }] = await Promise.all([import("express"), import("../server.mjs")]);
    try {
      trustProxy(express(), env.TRUST_PROXY);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return undefined;
}
