/**
 * Pupils reached by mentor-led lessons, counted by class. Pupils are never recorded one by one, so a
 * class stands for its pupils: each class counts once, at the largest number present at any of its
 * lessons, and it has been reached "five times" once it has had five lessons. A class is a school's class
 * name in one year group, within one academic year: "A" of Year 7 and "A" of Year 9 are two classes.
 */
export const LESSONS_FOR_FULL_REACH = 5;

/** A lesson; or, from an aggregate query, `lessons` lessons of one class with the largest `pupilsPresent`. */
export type LessonForReach = {
  schoolId: string;
  className: string;
  yearGroup: number;
  pupilsPresent: number;
  deliveredOn?: Date | string;
  lessons?: number;
};

export type ClassReach = { key: string; className: string; yearGroup: number; lessons: number; largestClass: number };

/** "8b", " 8 B " and "8B" are one class name. */
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
      known.reach.lessons += lesson.lessons ?? 1;
      known.reach.largestClass = Math.max(known.reach.largestClass, lesson.pupilsPresent);
    } else {
      const reach = { key, className: lesson.className.trim(), yearGroup: lesson.yearGroup, lessons: lesson.lessons ?? 1, largestClass: lesson.pupilsPresent };
      classes.set(key, { reach, name: classNameKey(lesson.className) });
    }
  }
  return [...classes.values()].sort((a, b) => a.reach.yearGroup - b.reach.yearGroup || CLASS_ORDER.compare(a.name, b.name)).map((c) => c.reach);
}

/**
 * The sum over classes (classKey) of each class's largest `pupilsOf` any of its `items` gives: the one class
 * rule without listing or ordering the classes. A school with no item, or one, as most of a national 3,500
 * are on a page, costs no map; an item giving 0 (or less) changes no class's largest, so it is passed over.
 */
function largestByClassAddedUp<T extends Pick<LessonForReach, "schoolId" | "className" | "yearGroup">>(
  items: readonly T[],
  pupilsOf: (item: T) => number,
): number {
  if (items.length === 0) return 0;
  if (items.length === 1) return Math.max(0, pupilsOf(items[0]!));
  const largest = new Map<string, number>();
  for (const item of items) {
    const pupils = pupilsOf(item);
    if (pupils <= 0) continue;
    const key = classKey(item);
    largest.set(key, Math.max(largest.get(key) ?? 0, pupils));
  }
  let pupils = 0;
  for (const count of largest.values()) pupils += count;
  return pupils;
}

/**
 * Pupils of the classes reached by at least one lesson, as `pupilsReached(reachByClass(lessons)).atLeastOne`
 * gives them, without listing or ordering the classes: reach works this out for each of a national 3,500
 * schools several times a page, where putting each school's classes in order cost more than the sum.
 */
export function pupilsReachedOnce(lessons: readonly LessonForReach[]): number {
  return largestByClassAddedUp(lessons, (lesson) => lesson.pupilsPresent);
}

/** A class's lessons read as one group: `lessons` of them in a period, the largest with `largestClass` pupils present. */
export type ClassGroup = Pick<LessonForReach, "schoolId" | "className" | "yearGroup"> & { lessons: number; largestClass: number };

/**
 * Pupils reached by mentor-led lessons, as `pupilsReachedOnce` counts them, from classes read as groups
 * (one row per school, class name and year group): a group with no lesson in the period reaches no one,
 * and groups whose names differ only by case or spaces are one class, counted at the larger.
 */
export function pupilsReachedByGroups(groups: readonly ClassGroup[]): number {
  return largestByClassAddedUp(groups, (group) => (group.lessons > 0 ? group.largestClass : 0));
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
