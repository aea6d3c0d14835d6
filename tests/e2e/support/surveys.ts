import { randomBytes, randomInt } from "node:crypto";
import { openDatabase } from "./auth";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * A survey run of its own for one test, written straight to the database (tests run side by side and
 * must not share answers). Uses the newest published version of a seeded template family.
 */
export function createTestRun({
  family = "knife-crime-before",
  urn = "990002",
  closed = false,
  sharedDevices = false,
  bookingId = null as string | null,
} = {}) {
  const db = openDatabase();
  try {
    const template = db.prepare("SELECT id, phase, context FROM SurveyTemplate WHERE family = ? ORDER BY version DESC LIMIT 1").get(family) as {
      id: string;
      phase: string;
      context: string;
    };
    // A run for a booking is its school's; any other, the school with `urn`.
    const school = (
      bookingId ? db.prepare("SELECT schoolId AS id FROM Booking WHERE id = ?").get(bookingId) : db.prepare("SELECT id FROM School WHERE urn = ?").get(urn)
    ) as { id: string };
    const id = `e2e${randomBytes(8).toString("hex")}`;
    const code = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    const now = new Date();
    db.prepare(
      `INSERT INTO SurveyRun (id, code, templateId, schoolId, bookingId, phase, context, academicYear, closedAt, sharedDevices, responseCount, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
    ).run(
      id,
      code,
      template.id,
      school.id,
      bookingId,
      template.phase,
      template.context,
      now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1,
      closed ? iso(now) : null,
      sharedDevices ? 1 : 0,
      iso(now),
    );
    return { id, code, formatted: `${code.slice(0, 4)}-${code.slice(4)}` };
  } finally {
    db.close();
  }
}

export function runCounts(runId: string) {
  const db = openDatabase();
  try {
    const rows = (db.prepare("SELECT COUNT(*) AS n FROM SurveyResponse WHERE runId = ?").get(runId) as { n: number }).n;
    const counted = (db.prepare("SELECT responseCount AS n FROM SurveyRun WHERE id = ?").get(runId) as { n: number }).n;
    return { rows, counted };
  } finally {
    db.close();
  }
}

/**
 * A full, valid set of answers to a run's questions, as form fields (the first choice of each); with
 * `skipOptional`, the questions a pupil may skip are left out.
 */
export function validAnswers(runId: string, { skipOptional = false } = {}): URLSearchParams {
  const db = openDatabase();
  try {
    const questions = db
      .prepare(
        "SELECT q.id, q.type, q.required FROM SurveyQuestion q JOIN SurveyRun r ON r.templateId = q.templateId WHERE r.id = ? AND q.type != 'FREE_TEXT' ORDER BY q.position",
      )
      .all(runId) as { id: string; type: string; required: number }[];
    const form = new URLSearchParams();
    for (const q of questions) if (q.required || !skipOptional) form.append(`q-${q.id}`, q.type === "AGREEMENT" ? "4" : "1");
    form.set("page", "99");
    return form;
  } finally {
    db.close();
  }
}

/**
 * One pupil's browser sending answers over HTTP with an empty cookie jar of its own, so the server gives
 * it its own token, as it would a phone. A same-origin Origin header passes the server's CSRF check.
 */
export function answerOverHttp(baseURL: string, code: string, form: URLSearchParams) {
  return fetch(`${baseURL}/s/${code}`, {
    method: "POST",
    headers: { Origin: baseURL, "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
}

/** A confirmed booking of a fresh test delivery for a school, straight into the database. */
/** Records a booking as another status straight into the database, as the lead's pages would have. */
export function setBookingStatus(bookingId: string, status: "CANCELLED" | "DECLINED" | "NOT_DELIVERED") {
  const db = openDatabase();
  try {
    db.prepare("UPDATE Booking SET status = ? WHERE id = ?").run(status, bookingId);
  } finally {
    db.close();
  }
}

export function createTestBooking(deliveryId: string, urn = "990002") {
  const db = openDatabase();
  try {
    const school = db.prepare("SELECT id FROM School WHERE urn = ?").get(urn) as { id: string };
    const id = `e2e${randomBytes(8).toString("hex")}`;
    const now = iso(new Date());
    db.prepare(
      `INSERT INTO Booking (id, deliveryId, schoolId, status, yearGroups, expectedPupils, contactName, contactPhone, accessNeeds, statusReason, createdAt, updatedAt)
       VALUES (?, ?, ?, 'CONFIRMED', '9', 30, 'Ms E2E', '0116 496 0000', '', '', ?, ?)`,
    ).run(id, deliveryId, school.id, now, now);
    return id;
  } finally {
    db.close();
  }
}

/**
 * A published template of its own with a yes/no question and a free-text question turned on, straight
 * into the database (the seeded templates keep free text off, and other tests use them).
 */
export function createFreeTextTemplate() {
  const db = openDatabase();
  try {
    const id = `e2e${randomBytes(8).toString("hex")}`;
    const family = `e2e-free-text-${randomBytes(4).toString("hex")}`;
    db.prepare(
      `INSERT INTO SurveyTemplate (id, family, version, title, intro, context, phase, status, createdAt) VALUES (?, ?, 1, ?, '', 'BOOKING', 'AFTER', 'PUBLISHED', ?)`,
    ).run(id, family, `Written answers check ${family}`, iso(new Date()));
    const question = db.prepare(`INSERT INTO SurveyQuestion (id, templateId, position, type, prompt, required, freeTextEnabled) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    question.run(`${id}q1`, id, 1, "YES_NO", "Did the session help?", 1, 0);
    question.run(`${id}q2`, id, 2, "FREE_TEXT", "Is there anything you want to tell us?", 0, 1);
    return { family };
  } finally {
    db.close();
  }
}
