import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readSettings } from "~/env.server";

const run = promisify(execFile);

/** The message reading exactly these settings gives, or "" when they are good. */
function problemWith(settings: Record<string, string>): string {
  try {
    readSettings({ NODE_ENV: "test", ...settings });
    return "";
  } catch (error) {
    return String(error);
  }
}

describe("the settings checked at start-up", () => {
  it("stop the server's start, saying which setting is wrong", async () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", NODE_ENV: "test", REACH_QUERY_THREADS: "two" };
    const started = run(process.execPath, ["--import", "tsx", "-e", 'await import("./app/env.server.ts")'], { env });
    await expect(started).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("REACH_QUERY_THREADS") });
  });

  it("refuse a production server that sends real mail without APP_URL, whose emailed links would point at this machine", () => {
    const production = { NODE_ENV: "production", DATABASE_URL: "file:./tests/.data/env-check.db" };
    expect(problemWith({ ...production, SMTP_URL: "smtp://mail.example.org:587" })).toContain("APP_URL must be set when SMTP_URL is");
    expect(problemWith({ ...production, SMTP_URL: "smtp://mail.example.org:587", APP_URL: "https://forum.example.org" })).toBe("");
    // Without a mail server, mail stays in the outbox; the demo's made-up data sends nothing real.
    expect(problemWith(production)).toBe("");
    expect(problemWith({ ...production, SMTP_URL: "smtp://mail.example.org:587", DEMO_MODE: "1" })).toBe("");
    // An empty PORT is no port, as `npm start` reads it: the default.
    expect(problemWith({ ...production, PORT: "" })).toBe("");
    expect(readSettings({ ...production, PORT: "" }).PORT).toBe(3000);
  });

  it("say what is wrong in a line for each setting, not as the checker's own JSON", () => {
    const problem = problemWith({ PORT: "abc", APP_URL: "https://forum.example.org/forum" });
    expect(problem).toMatch(/^Error: Settings are not right:\n {2}PORT: /);
    expect(problem).toContain("\n  APP_URL must be the service's public address alone, such as https://schools.example.org: no path, query or #");
    expect(problem).not.toMatch(/"code"|\[\s*\{/);
    expect(problemWith({ BACKUP_KEEP: "0" })).toMatch(/^Error: A setting is not right:\n {2}BACKUP_KEEP: /);
  });

  it("take APP_URL with or without a slash at its end, as the same address, and nothing but an address", () => {
    expect(problemWith({ APP_URL: "https://forum.example.org/" })).toBe("");
    expect(problemWith({ APP_URL: "https://forum.example.org" })).toBe("");
    for (const url of ["forum.example.org", "ftp://forum.example.org", "https://forum.example.org/?x=1", "https://forum.example.org/#top"]) {
      expect(problemWith({ APP_URL: url })).toContain("APP_URL");
    }
  });

  it("take REACH_QUERY_THREADS as a whole number from 0 to 8, and stop the start on anything else", () => {
    for (const threads of ["0", "2", "8", ""]) expect(problemWith({ REACH_QUERY_THREADS: threads })).toBe("");
    for (const threads of ["-1", "9", "two", "1.5"]) expect(problemWith({ REACH_QUERY_THREADS: threads })).toContain("REACH_QUERY_THREADS");
  });

  it("take SMTP_URL only as a mail server's address, so that a # or / in a password cannot send mail to a made-up host", () => {
    const withAppUrl = { NODE_ENV: "production", APP_URL: "https://forum.example.org" };
    for (const good of [
      "smtp://mail.example.org",
      "smtps://forum%40example.org:p%23ss%2Fword@mail.example.org:465",
      "smtp://u:p@mail.example.org:587/?pool=true",
    ]) {
      expect(problemWith({ ...withAppUrl, SMTP_URL: good }), good).toBe("");
    }
    // "smtp://u:123#x@host" is the host "u" on port 123, the rest a fragment; "u:p/ss@host" is no address at all.
    for (const bad of ["smtp://u:123#x@mail.example.org:587", "smtp://u:p/ss@mail.example.org", "https://mail.example.org", "smtp:mail.example.org"]) {
      expect(problemWith({ ...withAppUrl, SMTP_URL: bad }), bad).toMatch(/\n {2}SMTP_URL/);
    }
    expect(problemWith({ ...withAppUrl, SMTP_URL: "smtp://u:123#x@mail.example.org:587" })).toContain("write a # / ? or @ in the user name or password as %23");
    // A "#" after letters leaves no address at all ("pa" is no port): the same message, not "Invalid url".
    const unencoded = problemWith({ ...withAppUrl, SMTP_URL: "smtp://forum:pa#ss@mail.example.org:587" });
    expect(unencoded).toContain("write a # / ? or @ in the user name or password as %23");
    expect(unencoded).not.toContain("Invalid url");
  });
});
