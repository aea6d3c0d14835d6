import { randomBytes } from "node:crypto";
import { openDatabase } from "./support/auth";
import { expect, expectAccessible, preloadAxe, test } from "./support/fixtures";
import { createTestBooking, createTestDelivery, createTestSchool, personAt, unusedUrn } from "./support/sessions";
import { LEAD } from "./support/people";
import { createTestRun } from "./support/surveys";

const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** A closed school of its own, with a teacher, written straight to the database. */
function closedSchoolWithTeacher() {
  const db = openDatabase();
  try {
    const suffix = randomBytes(4).toString("hex");
    const schoolId = `e2e${suffix}`;
    const name = `Closed Academy ${suffix}`;
    const email = `closed-${suffix}@e2e.example.test`;
    const now = iso(new Date());
    db.prepare(
      `INSERT INTO School (id, urn, name, localAuthority, type, numberOnRoll, status, createdAt, updatedAt)
       VALUES (?, ?, ?, 'Leicestershire', 'SECONDARY', 800, 'CLOSED', ?, ?)`,
    ).run(schoolId, unusedUrn(db), name, now, now);
    db.prepare(
      `INSERT INTO User (id, email, name, passwordHash, role, schoolId, active, createdAt, updatedAt) VALUES (?, ?, ?, '!', 'TEACHER', ?, 1, ?, ?)`,
    ).run(`e2eu${suffix}`, email, "Closed Teacher", schoolId, now, now);
    return { schoolId, name, email };
  } finally {
    db.close();
  }
}

test("a closed school's teacher sees why they cannot book or open a survey, and its page shows the status", async ({ browser, baseURL }) => {
  const { schoolId, email } = closedSchoolWithTeacher();
  const { id: deliveryId } = createTestDelivery();
  const teacher = await personAt(browser, baseURL, email);
  const page = teacher.page;

  await page.goto(`/sessions/deliveries/${deliveryId}`);
  await expect(page.getByText("Your school is closed, so it cannot book sessions or join a waiting list.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Book this session" })).toHaveCount(0);
  await expectAccessible(page);

  await page.goto(`/sessions/deliveries/${deliveryId}/book`);
  await expect(page.getByText("Your school is closed, so it cannot book sessions or join a waiting list.")).toBeVisible();
  await expect(page.getByRole("button", { name: /book/i })).toHaveCount(0);

  // A hand-made booking is refused by the model: 400 with the reason, and no booking.
  const response = await page.request.post(`/sessions/deliveries/${deliveryId}/book`, {
    form: { yearGroups: "9", expectedPupils: "30", contactName: "A Teacher", contactPhone: "0116 496 0000" },
    headers: { Origin: baseURL ?? "" },
  });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("Your school is closed");
  const db = openDatabase();
  try {
    expect(db.prepare("SELECT COUNT(*) AS n FROM Booking WHERE schoolId = ?").get(schoolId)).toEqual({ n: 0 });
  } finally {
    db.close();
  }

  await page.goto(`/schools/${schoolId}`);
  await expect(page.getByRole("definition").filter({ hasText: /^Closed\.\s*$/ })).toBeVisible();
  await expect(page.getByText("This school is closed. Its past bookings, survey results and reach are kept")).toBeVisible();
  await expectAccessible(page);
  await teacher.close();
});

test("a closed school's teacher is told why instead of offered sessions, a move or a survey, and before any field's error", async ({ browser, baseURL }) => {
  const { schoolId, email } = closedSchoolWithTeacher();
  const { id: deliveryId } = createTestDelivery();
  // A booking it kept from before it closed, still to come.
  const bookingId = createTestBooking(createTestDelivery().id, schoolId);
  const teacher = await personAt(browser, baseURL, email);
  const page = teacher.page;
  const closed = "Your school is closed, so it cannot book sessions or join a waiting list.";
  const contact = "If your school's record is wrong, contact the VRN schools lead.";

  await page.goto("/sessions");
  await expect(page.getByText(closed)).toContainText(contact);
  await expect(page.getByRole("table", { name: /Sessions taking bookings/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Online harms/ })).toHaveCount(0);
  await expectAccessible(page);

  // An incomplete booking form is answered with why the school cannot book, not with the fields it left out.
  const origin = { Origin: baseURL ?? "" };
  const booked = await page.request.post(`/sessions/deliveries/${deliveryId}/book`, { form: { yearGroups: "9" }, headers: origin });
  expect(booked.status()).toBe(400);
  const bookedPage = await booked.text();
  expect(bookedPage).toContain("Your school is closed");
  expect(bookedPage).not.toContain("Enter a phone number");

  await page.goto(`/bookings/${bookingId}`);
  await expect(page.getByText("This booking cannot be moved to another date. Your school is closed")).toBeVisible();
  await expect(page.getByText("Your school is closed, so it cannot open new pupil surveys.")).toContainText(contact);
  await expect(page.getByRole("link", { name: "Move to another date" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /open a survey/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Cancel this booking" })).toBeVisible();
  await expectAccessible(page);

  await page.goto(`/bookings/${bookingId}/move`);
  await expect(page.getByText(closed)).toContainText(contact);
  await expect(page.getByRole("button", { name: "Move booking" })).toHaveCount(0);
  await expectAccessible(page);
  const moved = await page.request.post(`/bookings/${bookingId}/move`, { form: {}, headers: origin });
  expect(moved.status()).toBe(400);
  expect(await moved.text()).not.toContain("Select the new date");

  await page.goto(`/surveys/new?bookingId=${bookingId}&phase=BEFORE`);
  await expect(page.getByText("Your school is closed, so it cannot open new pupil surveys.")).toContainText(contact);
  await expectAccessible(page);
  const opened = await page.request.post(`/surveys/new?bookingId=${bookingId}&phase=BEFORE`, { form: {}, headers: origin });
  expect(opened.status()).toBe(400);
  const openedPage = await opened.text();
  expect(openedPage).toContain("Your school is closed, so it cannot open new pupil surveys.");
  expect(openedPage).not.toContain("Select a survey");
  await teacher.close();
});

test("the lead closing a school with a booking still to come is told first, then what was cancelled; the session lists it as withdrawn", async ({
  browser,
  baseURL,
}) => {
  const school = createTestSchool("Closing Academy");
  const { id: deliveryId } = createTestDelivery();
  const other = createTestSchool("Staying Academy");
  const run = createTestRun({ bookingId: createTestBooking(deliveryId, school.id) });
  createTestBooking(deliveryId, other.id);
  const lead = await personAt(browser, baseURL, LEAD);
  const page = lead.page;

  await page.goto(`/sessions/deliveries/${deliveryId}`);
  await expect(page.getByRole("table", { name: "Schools booked (2)" })).toBeVisible();

  await page.goto(`/schools/${school.id}/edit`);
  await expect(
    page.getByText(
      `${school.name} has 1 booking still to come. Recording it as closed cancels the booking, sending the school a message saying so, and offers the places to schools waiting. Recording it as open again later does not bring it back.`,
    ),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("group", { name: "Status" }).getByLabel("Closed").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText(
    `${school.name} has been updated. 1 booking still to come was cancelled. No teacher at ${school.name} has an active account, so nobody there has been told by email.`,
  );

  await page.goto(`/sessions/deliveries/${deliveryId}`);
  await expect(page.getByRole("table", { name: "Schools booked (1; 1 more cancelled or declined)" })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(school.name) })).toContainText("Cancelled");
  await expectAccessible(page);
  await lead.close();

  // Its survey closed with it; a pupil is told so, and not that a teacher closed it (nobody there did).
  const pupil = await browser.newContext({ baseURL });
  await preloadAxe(pupil);
  const pupilPage = await pupil.newPage();
  await pupilPage.goto(`/s/${run.code}`);
  await expect(pupilPage.getByRole("heading", { level: 1, name: "This survey has closed" })).toBeVisible();
  await expect(pupilPage.getByText("is no longer taking answers. It has closed.")).toBeVisible();
  await expect(pupilPage.getByText(/closed it/)).toHaveCount(0);
  await expectAccessible(pupilPage);
  await pupil.close();
});
