/**
 * Pupils reached by mentor-led lessons, counted by class. Pupils are never recorded one by one, so a
 * class stands for its pupils: each class counts once, at the largest number present at any of its
 * lessons, and it has been reached "five times" once it has had five lessons. A class is a school's class
 * name in one year group, within one academic year: "A" of Year 7 and "A" of Year 9 are two classes.
 */
export const LESSONS_FOR_FULL_REACH = 5;

/** A lesson, as reach counts it. */
export type LessonForReach = {
  schoolId: string;
  className: string;
  yearGroup: number;
  pupilsPresent: number;
  deliveredOn?: Date | string;
};

export type ClassReach = { key: string; className: string; yearGroup: number; lessons: number; largestClass: number };

/**
 * The class name as reach matches classes: "8b", " 8 B " and "8B" are one class name, "8B". Capitals by
 * JavaScript's Unicode rules ("7é" and "7É" are one too). Stored beside each lesson's name as
 * `MentorLesson.classKey`, written with it (decision 0206): change this rule and those keys must be
 * worked out again.
 */
export function classNameKey(className: string): string {
  return className.replace(/\s+/g, "").toUpperCase();
}

/** Which class a lesson was given to: its school, year group and class name (see classNameKey). */
export function classKey(lesson: Pick<LessonForReach, "schoolId" | "className" | "yearGroup">): string {
  return `${lesson.schoolId}|${lesson.yearGroup}|${classNameKey(lesson.className)}`;
}

/** Class names in reading order ("8B" before "10A"), made once: a collator per comparison dominated reach's time. */
const CLASS_ORDER = new Intl.Collator("en-GB", { numeric: true });

/**
 * Lessons of one academic year grouped into classes (classKey), listed by year group and then class name.
 * The callers read one academic year at a time; the school is part of the key, so a list of several
 * schools' lessons never joins their classes.
 */
export function reachByClass(lessons: readonly LessonForReach[]): ClassReach[] {
  const classes = new Map<string, { reach: ClassReach; name: string }>();
  for (const lesson of lessons) {
    const key = classKey(lesson);
    const known = classes.get(key);
    if (known) {
      known.reach.lessons += 1;
      known.reach.largestClass = Math.max(known.reach.largestClass, lesson.pupilsPresent);
    } else {
      const reach = { key, className: lesson.className.trim(), yearGroup: lesson.yearGroup, lessons: 1, largestClass: lesson.pupilsPresent };
      classes.set(key, { reach, name: classNameKey(lesson.className) });
    }
  }
  return [...classes.values()].sort((a, b) => a.reach.yearGroup - b.reach.yearGroup || CLASS_ORDER.compare(a.name, b.name)).map((c) => c.reach);
}

export type PupilsReached = { atLeastOne: number; atLeastFive: number };

/** Pupils of the classes reached by at least one lesson, and of those reached by LESSONS_FOR_FULL_REACH or more. */
export function pupilsReached(classes: readonly ClassReach[]): PupilsReached {
  let atLeastOne = 0;
  let atLeastFive = 0;
  for (const c of classes) {
    atLeastOne += c.largestClass;
    if (c.lessons >= LESSONS_FOR_FULL_REACH) atLeastFive += c.largestClass;
  }
  return { atLeastOne, atLeastFive };
}
