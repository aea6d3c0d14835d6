// Prints, as JSON, figures the app's models read from DATABASE_URL: the lead's reach dashboard, survey
// results compared before and after, each session's places left, the guide search and the bookings. Run once per engine by
// move-to-postgresql.test.ts and compared.
import { prisma } from "~/db.server";
import { getDeliveryForLead } from "~/models/deliveries.server";
import { searchGuide } from "~/models/guide-search.server";
import { getReachDashboard, readReachFilters } from "~/models/reach.server";
import { bookingComparison } from "~/models/survey-results.server";

const now = new Date(process.argv[2] ?? Date.now());
const lead = await prisma.user.findFirstOrThrow({ where: { role: "VRN_LEAD" }, orderBy: { email: "asc" } });
const actor = { id: lead.id, email: lead.email, name: lead.name, role: lead.role, schoolId: lead.schoolId };
const dashboard = await getReachDashboard(actor, (await readReachFilters(new URLSearchParams(), now)).filters, now);
const surveyed = await prisma.surveyRun.findMany({ where: { bookingId: { not: null } }, orderBy: { id: "asc" }, select: { bookingId: true } });
const comparisons = [];
for (const { bookingId } of surveyed) comparisons.push(await bookingComparison(actor, bookingId!));
const deliveries = [];
for (const { id } of await prisma.delivery.findMany({ orderBy: { id: "asc" }, select: { id: true } }))
  deliveries.push(await getDeliveryForLead(actor, id, now));
const search = await searchGuide(process.argv[3] ?? "knife");
const bookings = await prisma.booking.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, createdAt: true, deliveryId: true } });
console.log(JSON.stringify({ dashboard, comparisons, deliveries, search, bookings }));
await prisma.$disconnect();
