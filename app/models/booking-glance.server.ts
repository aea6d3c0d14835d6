/**
 * The lead's home page lists the first few bookings of a kind (requests waiting for a decision, overdue
 * attendance returns) and how many there are. Each list and its count come from one statement: the
 * bookings joined to their school, session and topic, with the count as a column, where Prisma would
 * send one statement per relation and another for the count (docs/performance.md, queries per request).
 */
import { assertCan, type Actor } from "~/auth/actor";
import { selectRows } from "./raw-sql.server";

/** A condition on the booking `b` and its session `d`, standard SQL for both engines, with its parameters. */
export type BookingCondition = { sql: string; params: unknown[] };

/** A booking as the lead's home page lists it. */
type GlancedBooking = { id: string; school: { name: string }; delivery: { startsAt: Date; endsAt: Date; topic: { title: string } } };

type Row = { id: string; schoolName: string; startsAt: string | Date; endsAt: string | Date; title: string; total: number };

/**
 * The first `shown` bookings meeting `where` (at least 1), earliest session first (ties by booking id, as
 * the full lists order them), and how many meet it, counted up to `countUpTo` (the most the full list
 * shows), with `more` when there are more than that, so no page gives the cap as the total. For the VRN
 * lead (403 otherwise).
 */
export async function glanceAtBookings(
  actor: Actor,
  where: BookingCondition,
  shown: number,
  countUpTo: number,
): Promise<{ first: GlancedBooking[]; count: number; more: boolean }> {
  assertCan(actor, "deliveries:manage");
  const rows = await selectRows<Row>(
    `SELECT b."id", s."name" AS "schoolName", d."startsAt", d."endsAt", t."title",
       (SELECT COUNT(*) FROM (SELECT 1 FROM "Booking" b JOIN "Delivery" d ON d."id" = b."deliveryId" WHERE ${where.sql} LIMIT ?) AS "capped") AS "total"
     FROM "Booking" b
     JOIN "Delivery" d ON d."id" = b."deliveryId"
     JOIN "School" s ON s."id" = b."schoolId"
     JOIN "Topic" t ON t."id" = d."topicId"
     WHERE ${where.sql}
     ORDER BY d."startsAt", b."id"
     LIMIT ?`,
    ...where.params,
    countUpTo + 1,
    ...where.params,
    Math.max(1, shown),
  );
  // No row means none to count either.
  const total = Number(rows[0]?.total ?? 0);
  return {
    count: Math.min(total, countUpTo),
    more: total > countUpTo,
    first: rows.slice(0, shown).map((row) => ({
      id: row.id,
      school: { name: row.schoolName },
      delivery: { startsAt: new Date(row.startsAt), endsAt: new Date(row.endsAt), topic: { title: row.title } },
    })),
  };
}
