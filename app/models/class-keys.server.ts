/**
 * Each mentor-led lesson keeps its class name's key (`MentorLesson.classKey`, classNameKey in
 * app/models/mvp-reach-rules.ts), so reach adds up each school's classes in SQL (decision 0206). The
 * migration that added the key worked it out in SQL for names all in ASCII; a name with any other
 * character kept '' there, as SQL's UPPER does not capitalise such letters alike on both engines.
 */
import { prisma } from "~/db.server";
import { classNameKey } from "~/models/mvp-reach-rules";

/** How many times the fill is tried before the start fails: a lesson left without its key would be miscounted. */
const FILL_TRIES = 3;

/**
 * Writes the key of every lesson whose key is still '' (those the migration left), from its class name: one
 * statement per distinct name. Run by each worker as the server starts, before it serves: idempotent, so
 * workers starting at once write the same keys, and tried again should one of them be refused (a conflict
 * under stricter isolation, a moment's outage). Throws after FILL_TRIES, which stops the start. Every lesson
 * written since carries its key, so after the first start this finds none. A name whose key is itself ''
 * (no character but spaces, which the form refuses) is left as it is.
 * @returns how many lessons' keys it wrote.
 */
export async function fillClassKeysLeftEmpty(): Promise<number> {
  for (let tried = 1; ; tried++) {
    try {
      return await fillOnce();
    } catch (error) {
      if (tried >= FILL_TRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * tried));
    }
  }
}

async function fillOnce(): Promise<number> {
  const names = await prisma.mentorLesson.findMany({ where: { classKey: "" }, distinct: ["className"], select: { className: true } });
  let written = 0;
  for (const { className } of names) {
    const classKey = classNameKey(className);
    if (classKey === "") continue;
    written += (await prisma.mentorLesson.updateMany({ where: { className, classKey: "" }, data: { classKey } })).count;
  }
  return written;
}
