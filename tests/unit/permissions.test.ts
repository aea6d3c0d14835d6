import { describe, expect, it } from "vitest";
import { canSeeSchool } from "~/auth/actor";
import { can, isSchoolRole, type Permission } from "~/auth/roles";
import { prisma } from "~/db.server";
import { listAuditEvents } from "~/models/audit.server";
import { getLeadOverview } from "~/models/home.server";
import { getTopic, listTopics, saveTopic } from "~/models/topics.server";
import { createSchool, createUser } from "./factories";
import { createTopic } from "./delivery-factories";

const lead = { role: "VRN_LEAD", schoolId: null };
const teacherA = { role: "TEACHER", schoolId: "school-a" };
const mvpA = { role: "MVP_LEAD", schoolId: "school-a" };

const ADMIN_PERMISSIONS: Permission[] = [
  "schools:manage",
  "schools:list-all",
  "localities:manage",
  "users:manage",
  "audit:read",
  "outbox:read",
  "guide:edit",
  "mvp:read-all",
  "mvp:manage-modules",
  "mvp:manage-retention",
];

describe("what each role may do", () => {
  it("lets the VRN lead manage everything", () => {
    for (const permission of ADMIN_PERMISSIONS) expect(can(lead, permission)).toBe(true);
  });

  it("gives teachers and MVP leads none of the lead's powers", () => {
    for (const permission of ADMIN_PERMISSIONS) {
      expect(can(teacherA, permission)).toBe(false);
      expect(can(mvpA, permission)).toBe(false);
    }
  });

  it("lets only the MVP lead record MVP work, and hides mentors' names from teachers", () => {
    expect(can(mvpA, "mvp:record")).toBe(true);
    expect(can(teacherA, "mvp:record")).toBe(false);
    expect(can(lead, "mvp:record")).toBe(false);
    expect(can(mvpA, "mvp:see-mentors")).toBe(true);
    expect(can(lead, "mvp:see-mentors")).toBe(true);
    expect(can(teacherA, "mvp:see-mentors")).toBe(false);
  });

  it("gives an unknown role nothing", () => {
    expect(can({ role: "ADMIN", schoolId: null }, "users:manage")).toBe(false);
    expect(canSeeSchool({ role: "ADMIN", schoolId: null }, "school-a")).toBe(false);
  });
});

describe("school scoping", () => {
  it("lets a school user see only their own school", () => {
    expect(canSeeSchool(teacherA, "school-a")).toBe(true);
    expect(canSeeSchool(teacherA, "school-b")).toBe(false);
    expect(canSeeSchool(mvpA, "school-b")).toBe(false);
  });

  it("never matches a school user without a school", () => {
    expect(canSeeSchool({ role: "TEACHER", schoolId: null }, "")).toBe(false);
  });

  it("lets the VRN lead see every school", () => {
    expect(canSeeSchool(lead, "school-b")).toBe(true);
  });

  it("knows which roles belong to a school", () => {
    expect(isSchoolRole("TEACHER")).toBe(true);
    expect(isSchoolRole("MVP_LEAD")).toBe(true);
    expect(isSchoolRole("VRN_LEAD")).toBe(false);
  });
});

describe("the models check for themselves, whatever the route", () => {
  it("refuses a teacher the lead's audit log and home page overview with a 403", async () => {
    const teacher = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    await expect(listAuditEvents(teacher, { page: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(getLeadOverview(teacher)).rejects.toMatchObject({ status: 403 });
    await expect(getLeadOverview(await createUser())).resolves.toMatchObject({ openSchools: expect.any(Number) });
  });

  it("counts on the lead's home only the invitations that can still be taken up: not those to a school since closed", async () => {
    const theLead = await createUser();
    const [open, closing] = [await createSchool(), await createSchool()];
    const invite = (schoolId: string) =>
      prisma.invitation.create({
        data: {
          email: `${Math.random()}@school.example.net`,
          role: "TEACHER",
          schoolId,
          tokenHash: String(Math.random()),
          expiresAt: new Date(Date.now() + 86_400_000),
          invitedById: theLead.id,
        },
      });
    const before = (await getLeadOverview(theLead)).pendingInvitations;
    await invite(open.id);
    await invite(closing.id);
    expect((await getLeadOverview(theLead)).pendingInvitations).toBe(before + 2);
    await prisma.school.update({ where: { id: closing.id }, data: { status: "CLOSED" } });
    expect((await getLeadOverview(theLead)).pendingInvitations).toBe(before + 1);
  });

  it("lets school staff read the session topics but only the lead change them", async () => {
    const teacher = await createUser({ role: "TEACHER", schoolId: (await createSchool()).id });
    const topic = await createTopic();
    expect((await listTopics(teacher)).map((t) => t.id)).toContain(topic.id);
    expect(await getTopic(teacher, topic.id)).toMatchObject({ id: topic.id, title: topic.title });
    const input = { title: "Renamed by a teacher", description: "", yearGroups: [7], durationMinutes: 60, formats: ["ONLINE" as const] };
    await expect(saveTopic(teacher, input, topic.id)).rejects.toMatchObject({ status: 403 });
    await expect(saveTopic(teacher, input)).rejects.toMatchObject({ status: 403 });
    expect(await prisma.topic.findUniqueOrThrow({ where: { id: topic.id } })).toMatchObject({ title: topic.title });
    const stranger = { id: "x", email: "x@example.test", name: "X", role: "ADMIN", schoolId: null };
    await expect(listTopics(stranger)).rejects.toMatchObject({ status: 403 });
  });
});
