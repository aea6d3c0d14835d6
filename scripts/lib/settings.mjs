// @ts-check
// The start's check of every setting, before it takes the pid file, makes the database or migrates it
// (scripts/start.mjs): a refused start leaves nothing behind. The settings' rules live in app/env.server.ts,
// read here through tsx as the server reads them; TRUST_PROXY is checked by Express, as the server sets it.
import path from "node:path";
import { requireWritableDirectory } from "./directories.mjs";

/**
 * What is wrong with this start's settings, as lines for a person at a terminal, or undefined when they are
 * right. In order, each one stopping the check: NODE_ENV (the built server is production's whatever the
 * environment says: anything but "production" or unset is refused, since the server would otherwise serve
 * Vite's development server, with its looser Content-Security-Policy, and no cluster worker would answer the
 * primary); every setting app/env.server.ts checks (SMTP_URL, APP_URL, PORT, TWO_STEP_KEY…); TRUST_PROXY;
 * then, while the server takes the nightly backups (SCHEDULED_WORK is not "off", and not the demonstration's,
 * which takes none), BACKUP_DIR, made if missing
 * and proved writable: the only check that may make something, a folder, and only once the others passed.
 * @param {{ dev: boolean, demo: boolean, env?: NodeJS.ProcessEnv }} options `dev`: `npm run dev`'s start, which
 *   serves Vite's development server and takes any NODE_ENV; `demo`: `npm run demo`'s
 * @returns {Promise<string | undefined>}
 */
export async function settingsProblem({ dev, demo, env = process.env }) {
  if (!dev && env.NODE_ENV !== "production") {
    return demo
      ? `NODE_ENV is '${env.NODE_ENV}', but npm run demo serves the built app, as the production start does: unset NODE_ENV, or set it to production (npm run dev is the development server).`
      : `NODE_ENV is '${env.NODE_ENV}', but npm start is the production start: unset NODE_ENV, or set it to production.`;
  }
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
  if (env.SCHEDULED_WORK !== "off" && !demo) {
    const folder = path.resolve(env.BACKUP_DIR || "backups");
    try {
      requireWritableDirectory(folder);
    } catch (error) {
      const why = (error instanceof Error ? error.message : String(error)).replace(/^Cannot make the folder /, "cannot make ");
      return (
        `BACKUP_DIR: the nightly backups go to ${folder}, but ${why}. ` +
        "Give the service's user a folder it can write, kept apart from the code, or set SCHEDULED_WORK=off and take backups another way."
      );
    }
  }
  return undefined;
}
