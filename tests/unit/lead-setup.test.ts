import { describe, expect, it, vi } from "vitest";
import { hashToken } from "~/auth/session.server";
import { TWO_STEP_REQUIRED_FOR_LEADS_KEY } from "~/auth/two-step-setting";
import { prisma } from "~/db.server";
import { completeLeadSetup, findLeadSetupLink, hasActiveLead, issueLeadSetupLink, LEAD_SETUP_LIFETIME_MS } from "~/models/lead-setup.server";

const START = new Date("2026-11-29T09:00:00Z");
const PASSWORD = "lantern orchard violin";

// One story in order: the database starts with no users, and the first lead is set up once.
describe("setting up the first VRN lead", () => {
  it("issues links whose token is stored only as a hash; a newer link replaces older unused ones", async () => {
    expect(await prisma.user.count()).toBe(0);
    const first = await issueLeadSetupLink({ now: START });
    const second = await issueLeadSetupLink({ email: "lead@vrn.example.net", now: START });
    expect(first && second).toBeTruthy();
    const stored = await prisma.leadSetupLink.findMany({ orderBy: { createdAt: "asc" } });
    expect(stored.map((link) => link.tokenHash)).toEqual([hashToken(first!.token), hashToken(second!.token)]);
    expect(JSON.stringify(stored)).not.toContain(first!.token);
    expect((await findLeadSetupLink(first!.token, START)).state).toBe("replaced");
    expect(await findLeadSetupLink(second!.token, START)).toMatchObject({ state: "open", email: "lead@vrn.example.net" });
    const audit = await prisma.auditEvent.findMany({ where: { entityType: "LeadSetupLink" }, orderBy: { id: "asc" } });
    expect(audit.map((event) => event.summary)).toEqual([
      "Printed a one-time link to set up the first VRN lead",
      "Printed a one-time link to set up the first VRN lead for lead@vrn.example.net (1 older unused link withdrawn)",
    ]);
  });

  it("refuses an address at the demonstration's domain, and the link still works for a real one", async () => {
    const link = await issueLeadSetupLink({ now: START });
    for (const email of ["lead@example.org", " Lead@EXAMPLE.org "]) {
      expect(await completeLeadSetup(link!.token, { name: "Priya Shah", email, password: PASSWORD }, START)).toEqual({
        ok: false,
        reason: "demo-address",
        message: "Enter your real email address: addresses at example.org are kept for the demonstration's made-up accounts and receive no email",
      });
    }
    expect(await prisma.user.count()).toBe(0);
    expect((await findLeadSetupLink(link!.token, START)).state).toBe("open");
  });

  it("expires a link after 24 hours", async () => {
    const link = await issueLeadSetupLink({ now: START });
    const later = new Date(START.getTime() + LEAD_SETUP_LIFETIME_MS);
    expect((await findLeadSetupLink(link!.token, later)).state).toBe("expired");
    const result = await completeLeadSetup(link!.token, { name: "Late", email: "late@vrn.example.net", password: PASSWORD }, later);
    expect(result).toEqual({ ok: false, reason: "expired" });
    expect(await prisma.user.count()).toBe(0);
  });

  it("creates the lead once, with the link's fixed email, and then refuses the link and any new one", async () => {
    const link = await issueLeadSetupLink({ email: "first.lead@vrn.example.net", now: START });
    expect(await hasActiveLead()).toBe(false);
    const done = await completeLeadSetup(link!.token, { name: " Priya Shah ", email: "other@vrn.example.net", password: PASSWORD }, START);
    expect(done.ok).toBe(true);
    const lead = await prisma.user.findUniqueOrThrow({ where: { email: "first.lead@vrn.example.net" } });
    expect(lead).toMatchObject({ name: "Priya Shah", role: "VRN_LEAD", schoolId: null, active: true });
    expect(lead.passwordHash).not.toContain(PASSWORD);
    expect(await hasActiveLead()).toBe(true);

    expect(await completeLeadSetup(link!.token, { name: "Again", email: "again@vrn.example.net", password: PASSWORD }, START)).toEqual({
      ok: false,
      reason: "used",
    });
    expect(await issueLeadSetupLink({ now: START })).toBeNull();
    expect(await prisma.user.count()).toBe(1);
  });

  it("while two-step sign-in is required for leads, gives a new lead the set-up step, not a session", async () => {
    // Every lead deactivated, with the requirement left on: the operator prints a new link.
    await prisma.user.updateMany({ data: { active: false } });
    await prisma.setting.create({ data: { key: TWO_STEP_REQUIRED_FOR_LEADS_KEY, value: "true" } });
    // A server started afresh: this process has seen a lead, which it remembers (`leadSeen`).
    vi.resetModules();
    const restarted = await import("~/models/lead-setup.server");
    const link = await restarted.issueLeadSetupLink({ now: START });
    const done = await restarted.completeLeadSetup(link!.token, { name: "Sam Patel", email: "second.lead@vrn.example.net", password: PASSWORD }, START);
    expect(done).toMatchObject({ ok: true, session: null });
    if (!done.ok) throw new Error(done.reason);
    expect(await prisma.session.count({ where: { userId: done.user.id } })).toBe(0);
  });
});
