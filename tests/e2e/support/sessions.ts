import { randomBytes } from "node:crypto";
import type { Browser } from "@playwright/test";
import { openDatabase, signInAs } from "./auth";
import { expect, preloadAxe } from "./fixtures";

const DAY = 24 * 60 * 60 * 1000;
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * A delivery of its own for one test, written straight to the database, so tests running side by side
 * never compete for the same places. Returns its id, a campaign name unique to the test and when it starts.
 */
export function createTestDelivery({
  capacity = 5,
  needsConfirmation = false,
  daysAhead = 30,
  daysLong = 0,
  topicTitle = "Online harms",
}: { capacity?: number; needsConfirmation?: boolean; daysAhead?: number; daysLong?: number; topicTitle?: string } = {}) {
  const db = openDatabase();
  try {
    const topic = db.prepare("SELECT id FROM Topic WHERE title = ?").get(topicTitle) as { id: string };
    const id = `e2e${randomBytes(8).toString("hex")}`;
    const campaign = `E2E ${randomBytes(3).toString("hex")}`;
    // Now's time of day, that many days on; moved 4 hours earlier late in the evening, so a session never
    // runs past midnight in London (the pages then show two dates) when the tests run at night.
    const later = new Date(Date.now() + daysAhead * DAY);
    const startsAt = later.getUTCHours() >= 21 ? new Date(later.getTime() - 4 * 60 * 60 * 1000) : later;
    const endsAt = new Date(startsAt.getTime() + (45 * 60 * 1000 + daysLong * DAY));
    const now = iso(new Date());
    db.prepare(
      `INSERT INTO Delivery (id, topicId, startsAt, endsAt, format, facilitatorName, facilitatorOrg, capacity, needsConfirmation, bookingClosesAt, campaign, notes, status, statusReason, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 'ONLINE', 'PC Test', 'Leicestershire Police', ?, ?, ?, ?, '', 'SCHEDULED', '', ?, ?)`,
    ).run(id, topic.id, iso(startsAt), iso(endsAt), capacity, needsConfirmation ? 1 : 0, iso(new Date(startsAt.getTime() - 2 * DAY)), campaign, now, now);
    return { id, campaign, startsAt };
  } finally {
    db.close();
  }
}

/** A topic of its own for one test (online, Years 7 to 9), so that a list filtered by it holds only that test's sessions. */
export function createTestTopic(label = "E2E topic") {
  const db = openDatabase();
  try {
    const topic = { id: `e2e${randomBytes(8).toString("hex")}`, title: `${label} ${randomBytes(3).toString("hex")}` };
    const now = iso(new Date());
    db.prepare(
      "INSERT INTO Topic (id, title, description, yearGroups, durationMinutes, formats, createdAt, updatedAt) VALUES (?, ?, '', '7,8,9', 45, 'ONLINE', ?, ?)",
    ).run(topic.id, topic.title, now, now);
    return topic;
  } finally {
    db.close();
  }
}

/** Moves a delivery into the past (as if its day had come and gone), keeping its bookings. */
export function moveDeliveryToPast(id: string, daysAgo = 1) {
  const db = openDatabase();
  try {
    const startsAt = new Date(Date.now() - daysAgo * DAY);
    db.prepare("UPDATE Delivery SET startsAt = ?, endsAt = ?, bookingClosesAt = ? WHERE id = ?").run(
      iso(startsAt),
      iso(new Date(startsAt.getTime() + 45 * 60 * 1000)),
      iso(new Date(startsAt.getTime() - 2 * DAY)),
      id,
    );
  } finally {
    db.close();
  }
}

/** A second person at their own browser, signed in, with the console watched as the main page is. */
export async function personAt(browser: Browser, baseURL: string | undefined, email: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  await preloadAxe(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await signInAs(page, email);
  return {
    page,
    close: async () => {
      await context.close();
      expect(errors, `errors in ${email}'s browser console`).toEqual([]);
    },
  };
}

/**
 * A six-digit URN that no school in `db` has yet: test schools from earlier tests stay in the database, so
 * a random URN alone can repeat one and break the School.urn unique index.
 */
export function unusedUrn(db: ReturnType<typeof openDatabase>): string {
  const taken = db.prepare("SELECT 1 FROM School WHERE urn = ?");
  let urn: string;
  // An 8 and five digits from 0 to 8: the demo's schools and the tests' fixtures have URNs from 900000, and a
  // journey searching for its own ("9901" finds 990101 to 990107) would also find a made school with a 9901 in it.
  do urn = `8${Array.from({ length: 5 }, () => Math.floor(Math.random() * 9)).join("")}`;
  while (taken.get(urn));
  return urn;
}

/** An open school of its own with nobody's account at it, written straight to the database. */
export function createTestSchool(label = "Nobody Here Academy") {
  const db = openDatabase();
  try {
    const suffix = randomBytes(4).toString("hex");
    const school = { id: `e2e${suffix}`, name: `${label} ${suffix}` };
    const now = iso(new Date());
    const urn = unusedUrn(db);
    db.prepare(
      "INSERT INTO School (id, urn, name, localAuthority, type, numberOnRoll, status, createdAt, updatedAt) VALUES (?, ?, ?, 'Leicester', 'SECONDARY', 800, 'OPEN', ?, ?)",
    ).run(school.id, urn, school.name, now, now);
    return school;
  } finally {
    db.close();
  }
}

/** A booking written straight to the database (made by the lead on the phone, say), by nobody at the school. */
export function createTestBooking(deliveryId: string, schoolId: string, status: "REQUESTED" | "CONFIRMED" = "CONFIRMED") {
  const db = openDatabase();
  try {
    const id = `e2e${randomBytes(8).toString("hex")}`;
    const now = iso(new Date());
    db.prepare(
      "INSERT INTO Booking (id, deliveryId, schoolId, status, yearGroups, expectedPupils, contactName, contactPhone, createdAt, updatedAt) VALUES (?, ?, ?, ?, '8', 40, 'Office', '0116 496 0100', ?, ?)",
    ).run(id, deliveryId, schoolId, status, now, now);
    return id;
  } finally {
    db.close();
  }
}
