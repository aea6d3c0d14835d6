/**
 * Pupils reached by mentor-led lessons, counted by class. Pupils are never recorded one by one, so a
 * class stands for its pupils: each class counts once, at the largest number present at any of its
 * lessons, and it has been reached "five times" once it has had five lessons.
 */
export const LESSONS_FOR_FULL_REACH = 5;

/** A lesson; or, from an aggregate query, `lessons` lessons of one class with the largest `pupilsPresent`. */
export type LessonForReach = { className: string; yearGroup: number; pupilsPresent: number; deliveredOn?: Date | string; lessons?: number };

export type ClassReach = { key: string; className: string; yearGroup: number; lessons: number; largestClass: number };

/** "8b", " 8 B " and "8B" are one class. */
export function classKey(className: string): string {
  return className.replace(/\s+/g, "").toUpperCase();
}

/** Class names in reading order ("8B" before "10A"), made once: a collator per comparison dominated reach's time. */
const CLASS_ORDER = new Intl.Collator("en-GB", { numeric: true });

/** Lessons of one school in one academic year, grouped into classes. */
export function reachByClass(lessons: readonly LessonForReach[]): ClassReach[] {
  const classes = new Map<string, ClassReach>();
  for (const lesson of lessons) {
    const key = classKey(lesson.className);
    const known = classes.get(key);
    if (known) {
      known.lessons += lesson.lessons ?? 1;
      known.largestClass = Math.max(known.largestClass, lesson.pupilsPresent);
    } else {
      classes.set(key, {
        key,
        className: lesson.className.trim(),
        yearGroup: lesson.yearGroup,
        lessons: lesson.lessons ?? 1,
        largestClass: lesson.pupilsPresent,
      });
    }
  }
  return [...classes.values()].sort((a, b) => a.yearGroup - b.yearGroup || CLASS_ORDER.compare(a.key, b.key));
}

export type PupilsReached = { atLeastOne: number; atLeastFive: number };

export function pupilsReached(classes: readonly ClassReach[]): PupilsReached {
  let atLeastOne = 0;
  let atLeastFive = 0;
  for (const c of classes) {
    atLeastOne += c.largestClass;
    if (c.lessons >= LESSONS_FOR_FULL_REACH) atLeastFive += c.largestClass;
  }
  return { atLeastOne, atLeastFive };
}
