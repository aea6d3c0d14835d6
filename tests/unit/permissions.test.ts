import { describe, expect, it } from "vitest";
import { canSeeSchool } from "~/auth/actor";
import { can, isSchoolRole, type Permission } from "~/auth/roles";

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
