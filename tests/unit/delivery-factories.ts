import { prisma } from "~/db.server";
import { createSchool, createUser } from "./factories";
import type { DeliveryStatus } from "~/lib/statuses";
import type { DELIVERY_FORMATS } from "~/lib/delivery-schemas";

type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];

const DAY = 24 * 60 * 60 * 1000;
let topicCounter = 0;

export async function createTopic() {
  topicCounter += 1;
  return prisma.topic.create({
    data: { title: `Topic ${topicCounter}-${Math.random()}`, yearGroups: "7,8,9,10,11", durationMinutes: 60, formats: "IN_SCHOOL,ONLINE" },
  });
}

export async function createDelivery(
  overrides: Partial<{
    capacity: number;
    needsConfirmation: boolean;
    startsAt: Date;
    bookingClosesAt: Date;
    status: DeliveryStatus;
    topicId: string;
    format: string;
  }> = {},
) {
  const topicId = overrides.topicId ?? (await createTopic()).id;
  const startsAt = overrides.startsAt ?? new Date(Date.now() + 14 * DAY);
  return prisma.delivery.create({
    data: {
      topicId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60 * 60 * 1000),
      format: overrides.format ?? "ONLINE",
      facilitatorName: "PC Jo Test",
      facilitatorOrg: "Leicestershire Police",
      capacity: overrides.capacity ?? 3,
      needsConfirmation: overrides.needsConfirmation ?? false,
      bookingClosesAt: overrides.bookingClosesAt ?? new Date(startsAt.getTime() - 2 * DAY),
      status: overrides.status ?? "SCHEDULED",
    },
  });
}

export async function createSchoolTeacher(roll = 900) {
  const school = await createSchool({ numberOnRoll: roll });
  const user = await createUser({ role: "TEACHER", schoolId: school.id });
  return { school, user };
}

export const lead = () => createUser({ role: "VRN_LEAD" });

export const bookingInput = (overrides: Partial<{ expectedPupils: number; yearGroups: number[] }> = {}) => ({
  yearGroups: [8, 9],
  expectedPupils: 60,
  contactName: "Ms A Teacher",
  contactPhone: "0116 496 0000",
  accessNeeds: "",
  ...overrides,
});

/**
 * What the lead's schedule form gives for an existing delivery, as the schema parses it: the delivery's
 * own details, at a new `date` (yyyy-mm-dd) and London wall-clock `time` (hh:mm).
 */
export const deliveryInput = (
  delivery: {
    topicId: string;
    format: string;
    facilitatorName: string;
    facilitatorOrg: string;
    capacity: number;
    needsConfirmation: boolean;
    joiningLink?: string;
  },
  date: string,
  time: string,
) => ({
  topicId: delivery.topicId,
  date,
  time,
  format: delivery.format as DeliveryFormat,
  facilitatorName: delivery.facilitatorName,
  facilitatorOrg: delivery.facilitatorOrg,
  capacity: delivery.capacity,
  needsConfirmation: delivery.needsConfirmation,
  closesDaysBefore: 2,
  campaign: "",
  notes: "",
  joiningLink: delivery.joiningLink ?? "",
  moreDates: [],
});

export { DAY };
