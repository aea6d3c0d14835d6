import { engine } from "~/db.server";

type TextFilter = { contains?: string; startsWith?: string };

/**
 * A Prisma filter for text a person typed to search by, matching whatever the case (of ASCII letters), on
 * both engines: SQLite's LIKE ignores ASCII case already (and Prisma offers it no `mode`), PostgreSQL's
 * does not, so there it asks for `mode: "insensitive"`. Use this, not `contains` on its own, for searches.
 */
function anyCase(filter: TextFilter): TextFilter {
  // The cast: the models see the SQLite client's types, which have no `mode`; the PostgreSQL client takes it.
  return engine === "postgresql" ? ({ ...filter, mode: "insensitive" } as TextFilter) : filter;
}

/** Text containing `text`, whatever the case. */
export const containsAnyCase = (text: string) => anyCase({ contains: text });

/** Text starting with `text`, whatever the case. */
export const startsWithAnyCase = (text: string) => anyCase({ startsWith: text });
