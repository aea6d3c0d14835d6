import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

/** Loads app/env.server.ts in a process of its own with exactly these settings; its error output, or "" when it loads. */
async function loadWith(settings: Record<string, string>): Promise<string> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...settings };
  try {
    await run(process.execPath, ["--import", "tsx", "-e", 'await import("./app/env.server.ts")'], { env });
    return "";
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

describe("the settings checked at start-up", () => {
  it("refuse a production server that sends real mail without APP_URL, whose emailed links would point at this machine", async () => {
    const production = { NODE_ENV: "production", DATABASE_URL: "file:./tests/.data/env-check.db" };
    expect(await loadWith({ ...production, SMTP_URL: "smtp://mail.example.org:587" })).toContain("APP_URL must be set when SMTP_URL is");
    expect(await loadWith({ ...production, SMTP_URL: "smtp://mail.example.org:587", APP_URL: "https://forum.example.org" })).toBe("");
    // Without a mail server, mail stays in the outbox; the demo's made-up data sends nothing real.
    expect(await loadWith(production)).toBe("");
    expect(await loadWith({ ...production, SMTP_URL: "smtp://mail.example.org:587", DEMO_MODE: "1" })).toBe("");
    // An empty PORT is no port, as `npm start` reads it: the default.
    expect(await loadWith({ ...production, PORT: "" })).toBe("");
  });

  it("take REACH_QUERY_THREADS as a whole number from 0 to 8, and stop the start on anything else", async () => {
    for (const threads of ["0", "2", "8", ""]) expect(await loadWith({ REACH_QUERY_THREADS: threads })).toBe("");
    for (const threads of ["-1", "9", "two", "1.5"]) expect(await loadWith({ REACH_QUERY_THREADS: threads })).toContain("REACH_QUERY_THREADS");
  });
});
