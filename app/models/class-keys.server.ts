/**
 * Each mentor-led lesson keeps its class name's key (`MentorLesson.classKey`, classNameKey in
 * app/models/mvp-reach-rules.ts), so reach adds up each school's classes in SQL (decision 0206). The
 * migration that added the key worked it out in SQL for names all in ASCII; a name with any other
 * character kept '' there, as SQL's UPPER does not capitalise such letters alike on both engines.
 */
import { prisma } from "~/db.server";
import { classNameKey } from "~/models/mvp-reach-rules";

/**
 * Writes the key of every lesson whose key is still '' (those the migration left), from its class name.
 * Run when the server starts; idempotent, so two workers starting at once write the same keys. Every lesson
 * written since carries its key, so after the first start this finds none.
 * @returns how many lessons' keys it wrote.
 */
export async function fillClassKeysLeftEmpty(): Promise<number> {
  const lessons = await prisma.mentorLesson.findMany({ where: { classKey: "" }, select: { id: true, className: true } });
  let written = 0;
  for (const lesson of lessons) {
    const { count } = await prisma.mentorLesson.updateMany({ where: { id: lesson.id, classKey: "" }, data: { classKey: classNameKey(lesson.className) } });
    written += count;
  }
  return written;
}
