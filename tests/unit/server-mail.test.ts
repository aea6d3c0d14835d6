import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { jobsMailProblem, noteServerMail, type MailSettings } from "~/models/server-mail.server";

/** The server's settings in these tests: a mail server, and links to the service's public address. */
const SERVER: MailSettings = { transport: "smtp", mailServer: "smtp.vrn.example.org:587", from: "forum@vrn.example.org", origin: "https://vrn.example.org" };
const OUTBOX: MailSettings = { transport: "outbox", mailServer: null, from: "forum@vrn.example.org", origin: "https://vrn.example.org" };

afterEach(async () => {
  await prisma.setting.deleteMany({ where: { key: "server-mail" } });
});

describe("npm run jobs and the server's email", () => {
  it("runs when it would send email as the server does, or before any server has said how it does", async () => {
    expect(await jobsMailProblem({ ...OUTBOX, origin: "http://localhost:3000" })).toBeNull();
    await noteServerMail(SERVER);
    expect(await jobsMailProblem(SERVER)).toBeNull();
    await noteServerMail(OUTBOX);
    expect(await jobsMailProblem(OUTBOX)).toBeNull();
  });

  it("runs nothing when it would keep in the outbox what the server sends, send what it keeps, or send otherwise", async () => {
    await noteServerMail(SERVER);
    expect(await jobsMailProblem(OUTBOX)).toMatch(/^No job was run: the server sends email through a mail server, but this command has no SMTP_URL/);
    expect(await jobsMailProblem({ ...SERVER, mailServer: "localhost:25" })).toMatch(
      /^No job was run: the server sends email through smtp\.vrn\.example\.org:587, but this command would send it through localhost:25\./,
    );
    expect(await jobsMailProblem({ ...SERVER, from: "noreply@localhost" })).toMatch(/^No job was run: the server sends email from forum@vrn\.example\.org/);
    expect(await jobsMailProblem({ ...SERVER, origin: "http://localhost:3000" })).toMatch(
      /^No job was run: the server's links point at https:\/\/vrn\.example\.org, but this command's would point at http:\/\/localhost:3000\./,
    );
    await noteServerMail(OUTBOX);
    expect(await jobsMailProblem(SERVER)).toMatch(/^No job was run: the server keeps email in the outbox/);
  });

  it("as a command without the server's SMTP_URL, says so, fails and records no run", async () => {
    await noteServerMail(SERVER);
    const runsBefore = await prisma.jobRun.count();
    const env: NodeJS.ProcessEnv = { ...process.env, APP_URL: SERVER.origin, MAIL_FROM: SERVER.from, NODE_ENV: "production" };
    delete env.SMTP_URL;
    const outcome = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/run-jobs.ts"], { env, timeout: 60_000 }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("No job was run: the server sends email through a mail server, but this command has no SMTP_URL");
    expect(await prisma.jobRun.count()).toBe(runsBefore);
  });
});
