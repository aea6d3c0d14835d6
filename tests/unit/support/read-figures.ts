// Prints, as JSON, figures the app's models read from DATABASE_URL: the lead's reach dashboard, the
// guide search and a school's bookings. Run once per engine by move-to-postgresql.test.ts and compared.
import { prisma } from "~/db.server";
import { searchGuide } from "~/models/guide-search.server";
import { getReachDashboard } from "~/models/reach.server";
import { parseReachFilters } from "~/models/reach-rules";

const now = new Date(process.argv[2] ?? Date.now());
const lead = await prisma.user.findFirstOrThrow({ where: { role: "VRN_LEAD" }, orderBy: { email: "asc" } });
const actor = { id: lead.id, email: lead.email, name: lead.name, role: lead.role, schoolId: lead.schoolId };
const dashboard = await getReachDashboard(actor, parseReachFilters(new URLSearchParams(), now), now);
const search = await searchGuide(process.argv[3] ?? "knife");
const bookings = await prisma.booking.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, createdAt: true, deliveryId: true } });
console.log(JSON.stringify({ dashboard, search, bookings }));
await prisma.$disconnect();
