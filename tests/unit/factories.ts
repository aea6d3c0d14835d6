import type { Role } from "~/lib/statuses";
import { hashPassword } from "~/auth/password.server";
import { prisma } from "~/db.server";

let counter = 0;
const next = () => ++counter;

export async function createSchool(overrides: Partial<{ name: string; urn: string; localAuthority: string; type: string; numberOnRoll: number }> = {}) {
  const n = next();
  return prisma.school.create({
    data: {
      urn: String(800000 + n),
      name: `Test School ${n}`,
      localAuthority: "Leicester",
      type: "SECONDARY",
      numberOnRoll: 900,
      ...overrides,
    },
  });
}

// Hashing is slow on purpose; tests share one hash of the same password.
let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct-horse-battery";

export async function createUser(overrides: Partial<{ email: string; role: Role; schoolId: string | null; active: boolean; name: string }> = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const n = next();
  return prisma.user.create({
    data: {
      email: `user${n}@example.test`,
      name: `User ${n}`,
      role: "VRN_LEAD",
      schoolId: null,
      passwordHash: await cachedHash,
      ...overrides,
    },
  });
}
