import { beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { env } from "~/env.server";
import { createInvitation } from "~/models/invitations.server";
import { createMailer, getOutboxMessage, listOutboxMessages, OUTBOX_PAGE_SIZE, sendMail } from "~/models/mailer.server";
import { requestPasswordReset, resetPassword } from "~/models/password-resets.server";
import { createSchool, createUser } from "./factories";
import { startSmtpServer } from "./smtp-fixture";

const FROM = "VRN Schools Forum <no-reply@forum.example.test>";

/** The body as a reader sees it: quoted-printable soft breaks joined and escapes decoded. */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  const joined = body.replace(/=\r?\n/g, "");
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

describe("the outbox, when no mail server is configured", () => {
  let lead: Awaited<ReturnType<typeof createUser>>;
  beforeAll(async () => {
    lead = await createUser();
  });

  it("keeps each message as an OutboxMessage row", async () => {
    const mailer = createMailer({ smtpUrl: undefined, from: FROM });
    expect(mailer.transport).toBe("outbox");
    await mailer.sendMail({ to: "someone@school.example.test", subject: "Hello", text: "First line\n\nhttps://example.test/x" });
    const row = await prisma.outboxMessage.findFirstOrThrow({ where: { to: "someone@school.example.test" } });
    expect(row).toMatchObject({ subject: "Hello", text: "First line\n\nhttps://example.test/x" });
    expect(await getOutboxMessage(lead, row.id)).toEqual(row);
    expect(await getOutboxMessage(lead, "no-such-message")).toBeNull();
  });

  it.skipIf(Boolean(env.SMTP_URL))("is what the app's own sendMail uses when SMTP_URL is not set", async () => {
    await sendMail({ to: "default@school.example.test", subject: "Default", text: "Body" });
    expect(await prisma.outboxMessage.count({ where: { to: "default@school.example.test" } })).toBe(1);
  });

  it("lists newest first, a page at a time, and filters by recipient", async () => {
    const base = Date.parse("2026-02-01T09:00:00Z");
    await prisma.outboxMessage.createMany({
      data: Array.from({ length: OUTBOX_PAGE_SIZE + 2 }, (_, i) => ({
        to: `paged${i}@list.example.test`,
        subject: `Message ${i}`,
        text: "x",
        createdAt: new Date(base + i * 60_000),
      })),
    });
    const first = await listOutboxMessages(lead, { page: 1, to: "@list.example.test" });
    expect(first.total).toBe(OUTBOX_PAGE_SIZE + 2);
    expect(first.pageCount).toBe(2);
    expect(first.messages[0]?.subject).toBe(`Message ${OUTBOX_PAGE_SIZE + 1}`);
    const second = await listOutboxMessages(lead, { page: 2, to: "@list.example.test" });
    expect(second.messages.map((m) => m.subject)).toEqual(["Message 1", "Message 0"]);
    expect((await listOutboxMessages(lead, { page: 1, to: "paged3@" })).messages.map((m) => m.to)).toEqual(["paged3@list.example.test"]);
  });

  it("is read by the lead only: a teacher is refused with a 403", async () => {
    const teacher = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    const row = await prisma.outboxMessage.create({ data: { to: "private@school.example.test", subject: "Private", text: "x" } });
    await expect(listOutboxMessages(teacher, { page: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(getOutboxMessage(teacher, row.id)).rejects.toMatchObject({ status: 403 });
  });
});

describe("sending through SMTP, when SMTP_URL is set", () => {
  it("delivers the invitation to a real SMTP server, with the link, and writes nothing to the outbox", async () => {
    const smtp = await startSmtpServer();
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    expect(mailer.transport).toBe("smtp");
    const lead = await createUser({ name: "Sam Okafor" });
    const school = await createSchool({ name: "Heronmere Academy" });
    const email = "new.teacher@heronmere.example.test";

    const result = await createInvitation(lead, { email, role: "TEACHER", schoolId: school.id }, { origin: "https://forum.example.test", mailer });
    expect(result).toMatchObject({ ok: true, emailSent: true });
    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message?.from).toBe("no-reply@forum.example.test");
    expect(message?.to).toEqual([email]);
    expect(message?.raw).toMatch(/^Subject: You are invited to the VRN Schools Forum\r?$/m);
    expect(message?.raw).toMatch(new RegExp(`^To: ${email.replace(/\./g, "\\.")}\\r?$`, "m"));
    const body = bodyOf(message?.raw ?? "");
    expect(body).toMatch(/https:\/\/forum\.example\.test\/invitations\/[a-z2-7]{32}/);
    expect(body).toContain("Sam Okafor");
    expect(body).toContain("Heronmere Academy");
    expect(body).toContain("expires in 7 days");
    expect(await prisma.outboxMessage.count({ where: { to: email } })).toBe(0);
  });

  it("reports a refused message, so the invitation is kept for a resend", async () => {
    const smtp = await startSmtpServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      },
    });
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    await expect(mailer.sendMail({ to: "nobody@example.test", subject: "S", text: "T" })).rejects.toThrow(/Mailbox unavailable/);

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const lead = await createUser();
    const result = await createInvitation(lead, { email: "refused@example.test", role: "VRN_LEAD" }, { origin: "https://forum.example.test", mailer });
    expect(result).toMatchObject({ ok: true, emailSent: false });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});

describe("headers made from stored text", () => {
  const SUBJECT = "Booking confirmed: Knife crime\r\nBcc: everyone@example.test\u0085\u2028Online";

  it("carry no line break or other control character into the outbox", async () => {
    const mailer = createMailer({ smtpUrl: undefined, from: FROM });
    await mailer.sendMail({ to: "headers@school.example.test", subject: SUBJECT, text: "Line one\nLine two" });
    const row = await prisma.outboxMessage.findFirstOrThrow({ where: { to: "headers@school.example.test" } });
    expect(row.subject).toBe("Booking confirmed: Knife crime Bcc: everyone@example.test Online");
    expect(row.text).toBe("Line one\nLine two");
  });

  it("carry none to a real SMTP server either, and an address holding one is refused", async () => {
    const smtp = await startSmtpServer();
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    await mailer.sendMail({ to: "headers@school.example.test", subject: SUBJECT, text: "Body" });
    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message?.to).toEqual(["headers@school.example.test"]);
    const headers = (message?.raw ?? "").split("\r\n\r\n")[0] ?? "";
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).toMatch(/^Subject: Booking confirmed: Knife crime Bcc: everyone@example\.test Online\r?$/m);

    await expect(mailer.sendMail({ to: "a@example.test\r\nBcc: b@example.test", subject: "S", text: "T" })).rejects.toThrow(/control character/);
    await expect(mailer.sendMail({ to: " ", subject: "S", text: "T" })).rejects.toThrow(/control character or none/);
    expect(smtp.received).toHaveLength(1);
  });
});

describe("a forgotten password, through a real SMTP server", () => {
  it("delivers the reset link, which sets a new password once", async () => {
    const smtp = await startSmtpServer();
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM });
    const user = await createUser({ name: "Morgan Reyes" });
    expect(await requestPasswordReset(user.email, { origin: "https://forum.example.test", mailer })).toBe("sent");
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual([user.email]);
    expect(smtp.received[0]?.raw).toMatch(/^Subject: Set a new password for the VRN Schools Forum\r?$/m);
    const token = /https:\/\/forum\.example\.test\/reset-password\/([a-z2-7]{32})/.exec(bodyOf(smtp.received[0]?.raw ?? ""))?.[1] ?? "";
    expect(await resetPassword(token, "harbour velvet thistle")).toEqual({ ok: true, email: user.email });
    expect(await resetPassword(token, "harbour velvet thistle")).toEqual({ ok: false, reason: "used" });
    expect(await prisma.outboxMessage.count({ where: { to: user.email } })).toBe(0);
  });
});
