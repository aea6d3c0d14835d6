import { prisma } from "~/db.server";

export async function getSchoolName(schoolId: string): Promise<string | null> {
  const school = await prisma.school.findUnique({ where: { id: schoolId }, select: { name: true } });
  return school?.name ?? null;
}
