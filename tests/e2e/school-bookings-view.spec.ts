import { randomBytes } from "node:crypto";
import { openDatabase, signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { uniqueEmail } from "./support/people";
import { createTestDelivery, createTestSchool, moveDeliveryToPast, personAt } from "./support/sessions";
import { createTestBooking, createTestRun } from "./support/surveys";

// Teachers and the lead use laptops.
test.use({ viewport: { width: 1280, height: 800 } });

const STAFF = { width: 1280, height: 800 };

/** Marks a booking delivered with an attendance return of `pupils` in Year 9, as a school's return would. */
function recordReturn(bookingId: string, pupils: number) {
  const db = openDatabase();
  try {
    const id = `e2e${randomBytes(8).toString("hex")}`;
    const now = new Date().toISOString().replace("Z", "+00:00");
    db.prepare("UPDATE Booking SET status = 'DELIVERED' WHERE id = ?").run(bookingId);
    db.prepare("INSERT INTO AttendanceReturn (id, bookingId, comment, recordedAt, updatedAt) VALUES (?, ?, '', ?, ?)").run(id, bookingId, now, now);
    db.prepare("INSERT INTO AttendanceCount (returnId, yearGroup, pupils) VALUES (?, 9, ?)").run(id, pupils);
  } finally {
    db.close();
  }
}

test("the school's bookings page shows its waiting lists and place in the queue, and it can leave", async ({ page }) => {
  const delivery = createTestDelivery({ capacity: 1 });
  createTestBooking(delivery.id, "990002");
  await signInAs(page, "teacher@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}`);
  await page.getByRole("button", { name: "Join the waiting list" }).click();
  await expect(page.getByRole("status")).toContainText("on the waiting list");
  await expect(page.getByRole("main")).toContainText("Next in the queue");
  await expectAccessible(page);

  await page.goto("/bookings");
  const waiting = page.getByRole("table", { name: "Full sessions your school is waiting for" });
  const row = waiting.getByRole("row", { name: /Online harms/ }).filter({ has: page.locator(`a[href="/sessions/deliveries/${delivery.id}"]`) });
  await expect(row).toContainText("Next in the queue");
  await expectAccessible(page);
  await row.getByRole("button", { name: /^Leave the waiting list for Online harms/ }).click();
  await expect(page.getByRole("status")).toContainText("Your school has left the waiting list");
  await expect(page.locator(`a[href="/sessions/deliveries/${delivery.id}"]`)).toHaveCount(0);
  await expectAccessible(page);
});

test("past sessions show the pupils who attended, from the attendance return", async ({ page }) => {
  const delivery = createTestDelivery();
  const bookingId = createTestBooking(delivery.id, "990001");
  moveDeliveryToPast(delivery.id, 3);
  recordReturn(bookingId, 27);
  await signInAs(page, "teacher@example.org");
  await page.goto("/bookings");
  const past = page.getByRole("table", { name: "Past sessions" });
  await expect(past.getByRole("columnheader", { name: "Pupils who attended" })).toBeVisible();
  const row = past.getByRole("row").filter({ has: page.locator(`a[href="/bookings/${bookingId}"]`) });
  // The booking expected 30 pupils; 27 came.
  await expect(row.getByRole("cell").nth(2)).toHaveText("27");
  await expectAccessible(page);
});

/**
 * A teacher at a school of their own with a booking of each status given on a 45-minute session starting
 * at each time given, written straight to the database: their email and the bookings' ids, in that order.
 */
function teacherWithBookings(bookings: { startsAt: Date; status: string }[]) {
  const school = createTestSchool("Long History Academy");
  const db = openDatabase();
  try {
    const email = uniqueEmail("history");
    const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
    const now = iso(new Date());
    const { passwordHash } = db.prepare("SELECT passwordHash FROM User WHERE email = 'teacher@example.org'").get() as { passwordHash: string };
    db.prepare(
      "INSERT INTO User (id, email, name, passwordHash, role, schoolId, active, createdAt, updatedAt) VALUES (?, ?, 'History Teacher', ?, 'TEACHER', ?, 1, ?, ?)",
    ).run(`e2e${randomBytes(8).toString("hex")}`, email, passwordHash, school.id, now, now);
    const topic = db.prepare("SELECT id FROM Topic WHERE title = 'Online harms'").get() as { id: string };
    const addDelivery = db.prepare(
      `INSERT INTO Delivery (id, topicId, startsAt, endsAt, format, facilitatorName, facilitatorOrg, capacity, needsConfirmation, bookingClosesAt, campaign, notes, status, statusReason, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 'ONLINE', 'PC Test', 'Leicestershire Police', 5, 0, ?, '', '', 'SCHEDULED', '', ?, ?)`,
    );
    const addBooking = db.prepare(
      "INSERT INTO Booking (id, deliveryId, schoolId, status, yearGroups, expectedPupils, contactName, contactPhone, createdAt, updatedAt) VALUES (?, ?, ?, ?, '8', 40, 'Office', '0116 496 0100', ?, ?)",
    );
    const ids = bookings.map(({ startsAt, status }) => {
      const deliveryId = `e2e${randomBytes(8).toString("hex")}`;
      const bookingId = `e2e${randomBytes(8).toString("hex")}`;
      addDelivery.run(
        deliveryId,
        topic.id,
        iso(startsAt),
        iso(new Date(startsAt.getTime() + 45 * 60 * 1000)),
        iso(new Date(startsAt.getTime() - 2 * 24 * 60 * 60 * 1000)),
        now,
        now,
      );
      addBooking.run(bookingId, deliveryId, school.id, status, now, now);
      return bookingId;
    });
    return { email, ids };
  } finally {
    db.close();
  }
}

/** A teacher at a school that has had `count` sessions delivered, a day apart, the latest ten days ago (teacherWithBookings). */
function teacherWithPastSessions(count: number) {
  const sessions = Array.from({ length: count }, (_, i) => ({ startsAt: new Date(Date.now() - (10 + i) * 24 * 60 * 60 * 1000), status: "DELIVERED" }));
  const { email, ids } = teacherWithBookings(sessions);
  return { email, latestFirst: ids };
}

test("a session under way is upcoming, and a request its session outran is past and says it was not answered", async ({ page }) => {
  const { email, ids } = teacherWithBookings([
    { startsAt: new Date(Date.now() - 10 * 60 * 1000), status: "CONFIRMED" },
    { startsAt: new Date(Date.now() - 10 * 24 * 60 * 60 * 1000), status: "REQUESTED" },
  ]);
  const [underWay, unanswered] = ids as [string, string];
  await signInAs(page, email);
  await page.goto("/bookings");
  const upcoming = page.getByRole("table", { name: "Upcoming sessions" });
  await expect(upcoming.locator(`a[href="/bookings/${underWay}"]`)).toBeVisible();
  const pastRow = page
    .getByRole("table", { name: /^Past sessions, latest first/ })
    .getByRole("row")
    .filter({ has: page.locator(`a[href="/bookings/${unanswered}"]`) });
  await expect(pastRow).toContainText("Not answered before the session");
  await expectAccessible(page);

  await page.goto(`/bookings/${unanswered}`);
  await expect(page.getByText("Not answered before the session")).toBeVisible();
  await expectAccessible(page);
});

test("15 minutes into a session, its booking offers a survey for after it only, and a survey for before it has closed", async ({ page, browser, baseURL }) => {
  const { email, ids } = teacherWithBookings([{ startsAt: new Date(Date.now() - 20 * 60 * 1000), status: "CONFIRMED" }]);
  const [underWay] = ids as [string];
  const before = createTestRun({ bookingId: underWay });
  await signInAs(page, email);
  await page.goto(`/bookings/${underWay}`);
  await expect(page.getByRole("link", { name: "open a survey for after the session" })).toBeVisible();
  await expect(page.getByRole("link", { name: /for before the session/ })).toHaveCount(0);
  await expectAccessible(page);

  // The address of a survey for before it, kept from earlier, says why none is offered.
  await page.goto(`/surveys/new?bookingId=${underWay}&phase=BEFORE`);
  await expect(
    page.getByText("The session started over 15 minutes ago, so a survey for before it can no longer be opened. You can open one for after it."),
  ).toBeVisible();
  const choices = page.getByRole("group", { name: "Which survey?" }).getByRole("radio");
  await expect(choices.first()).toBeVisible();
  for (const choice of await choices.all()) await expect(choice).not.toHaveAccessibleName(/before the session/);
  await expectAccessible(page);

  // The survey opened for before it has closed, and both the teacher and pupils are told why.
  await page.goto(`/surveys/${before.id}`);
  await expect(page.getByText("Closed: session time reached")).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: /^Closed:\s*$/ })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "15 minutes after the session started" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/surveys");
  await expect(page.getByRole("row").filter({ hasText: before.code.slice(0, 4) })).toContainText("Closed: session time reached");
  await expectAccessible(page);
  const pupils = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const phone = await pupils.newPage();
  await phone.goto(`/s/${before.code}`);
  await expect(phone.getByRole("heading", { level: 1, name: "This survey has closed" })).toBeVisible();
  await expect(phone.getByText("It was for before a session, so it closed shortly after the session started.")).toBeVisible();
  await expectAccessible(phone);
  await pupils.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("past sessions come a page at a time, latest first, and the page links keep the rest of the address", async ({ page }) => {
    const { email, latestFirst } = teacherWithPastSessions(30);
    await signInAs(page, email);
    const past = page.getByRole("table", { name: /^Past sessions, latest first/ });
    const rowLinks = past.locator("tbody tr a");

    await page.goto("/bookings?from=home");
    await expect(past).toHaveAccessibleName("Past sessions, latest first (showing 1 to 25 of 30)");
    await expect(rowLinks).toHaveCount(25);
    await expect(rowLinks.first()).toHaveAttribute("href", `/bookings/${latestFirst[0]}`);
    await expectAccessible(page);

    await page.getByRole("navigation", { name: "Pages of past sessions" }).getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/\/bookings\?from=home&pastPage=2$/);
    await expect(past).toHaveAccessibleName("Past sessions, latest first (showing 26 to 30 of 30)");
    await expect(rowLinks).toHaveCount(5);
    await expect(rowLinks.first()).toHaveAttribute("href", `/bookings/${latestFirst[25]}`);
    await expect(rowLinks.last()).toHaveAttribute("href", `/bookings/${latestFirst[29]}`);
    await expectAccessible(page);

    // A page past the end shows the last; one that is not a number, the first.
    await page.goto("/bookings?pastPage=99");
    await expect(page.getByRole("navigation", { name: "Pages of past sessions" }).getByRole("link", { name: "Page 2" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(rowLinks).toHaveCount(5);
    await expectAccessible(page);
    await page.goto("/bookings?pastPage=abc");
    await expect(past).toHaveAccessibleName("Past sessions, latest first (showing 1 to 25 of 30)");
    await expectAccessible(page);
  });
});

test("the calendar file is named after the session and its date", async ({ page }) => {
  const delivery = createTestDelivery();
  const bookingId = createTestBooking(delivery.id, "990001");
  await signInAs(page, "teacher@example.org");
  await page.goto(`/bookings/${bookingId}`);
  // The title names the booking's session and day, not "Booking" alone.
  await expect(page).toHaveTitle(/^Booking: Online harms, .*\d{1,2} \w+ \d{4} – VRN Schools Forum$/);
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page
    .getByRole("link", { name: /calendar/i })
    .first()
    .click();
  expect((await download).suggestedFilename()).toMatch(/^online-harms-\d{4}-\d{2}-\d{2}\.ics$/);
  const response = await page.request.get(`/bookings/${bookingId}/calendar.ics`);
  expect(response.headers()["content-disposition"]).toMatch(/^attachment; filename="online-harms-\d{4}-\d{2}-\d{2}\.ics"$/);
});

test("the lead adds a joining link; only the school with a confirmed place sees it", async ({ page, browser, baseURL }) => {
  test.slow();
  const delivery = createTestDelivery({ capacity: 1 });
  const bookingId = createTestBooking(delivery.id, "990001");
  const link = `https://teams.example.com/l/meetup-join/${randomBytes(4).toString("hex")}`;
  // Until there is a link, the lead and the confirmed school are told it is missing, not shown nothing.
  const before = await personAt(browser, baseURL, "teacher@example.org");
  await before.page.goto(`/bookings/${bookingId}`);
  await expect(before.page.getByText("Not added yet: it will show here when the VRN adds it.")).toBeVisible();
  await expectAccessible(before.page);
  await before.close();
  await signInAs(page, "lead@example.org");
  await page.goto(`/sessions/deliveries/${delivery.id}`);
  await expect(page.getByText("Not added yet: schools with a confirmed place have no way to join until you add it to the session.")).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/sessions/deliveries/${delivery.id}/edit`);
  await expectAccessible(page);
  await page.getByLabel("Joining link (optional)").fill("http://teams.example.com/meet");
  await page.getByRole("button", { name: "Save session" }).click();
  await expect(page.getByRole("alert")).toContainText("The joining link must start with https://");
  await expectAccessible(page);
  await page.getByLabel("Joining link (optional)").fill(link);
  await page.getByRole("button", { name: "Save session" }).click();
  await expect(page.getByRole("status")).toContainText("Session saved");
  await expect(page.getByRole("link", { name: link })).toBeVisible();
  await expectAccessible(page);

  const booked = await personAt(browser, baseURL, "teacher@example.org");
  await booked.page.setViewportSize(STAFF);
  await booked.page.goto(`/bookings/${bookingId}`);
  await expect(booked.page.getByRole("link", { name: link })).toHaveAttribute("href", link);
  await expect(booked.page.getByText("Not added yet")).toHaveCount(0);
  await expectAccessible(booked.page);
  await booked.close();

  const waiting = await personAt(browser, baseURL, "teacher2@example.org");
  await waiting.page.setViewportSize(STAFF);
  await waiting.page.goto(`/sessions/deliveries/${delivery.id}`);
  await waiting.page.getByRole("button", { name: "Join the waiting list" }).click();
  await expect(waiting.page.getByRole("status")).toContainText("on the waiting list");
  expect(await waiting.page.content()).not.toContain(link);
  await expect(waiting.page.getByText("Not added yet")).toHaveCount(0);
  await waiting.page.goto("/bookings");
  expect(await waiting.page.content()).not.toContain(link);
  await expectAccessible(waiting.page);
  await waiting.close();

  await page.goto("/sessions");
  expect(await page.content()).not.toContain(link);
});

/** A fresh session of one test's own on `topic`, booked and confirmed for the demo teacher's school. */
function bookedSessionOn(topic: string) {
  const delivery = createTestDelivery();
  const db = openDatabase();
  try {
    db.prepare("UPDATE Delivery SET topicId = (SELECT id FROM Topic WHERE title = ?) WHERE id = ?").run(topic, delivery.id);
  } finally {
    db.close();
  }
  return createTestBooking(delivery.id, "990001");
}

test("a county lines booking offers the county lines surveys first, and pupils answer a county lines survey", async ({ page, browser, baseURL }) => {
  const bookingId = bookedSessionOn("County lines");
  await signInAs(page, "teacher@example.org");
  await page.goto(`/bookings/${bookingId}`);
  await expectAccessible(page);
  // A survey for after the session is offered only once it has started; an address asking for one says when.
  await expect(page.getByRole("link", { name: /for after/ })).toHaveCount(0);
  await expect(page.getByText("(one for after it can be opened once the session has started)")).toBeVisible();
  await page.goto(`/surveys/new?bookingId=${bookingId}&phase=AFTER`);
  await expect(
    page.getByText(/^The session has not started yet, so a survey for after it can be opened from .+\. You can open one for before it now\.$/),
  ).toBeVisible();
  await expect(page.getByRole("radio", { name: /after the session/ })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto(`/bookings/${bookingId}`);
  await expectAccessible(page);
  await page.getByRole("link", { name: "open a survey for before the session" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Open a survey" })).toBeVisible();
  const choices = page.getByRole("group", { name: "Which survey?" }).getByRole("radio");
  await expect(choices.nth(0)).toHaveAccessibleName(/^County lines: /);
  await expect(page.getByLabel("County lines: before the session")).toBeChecked();
  // The session is still to come, so no survey for after it is offered yet.
  await expect(page.getByRole("radio", { name: /after the session/ })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Open the survey" }).click();
  await expect(page.getByRole("status")).toContainText("Survey opened: the code is");
  await expectAccessible(page);
  const code = (await page.getByText(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/).textContent())!.trim().replace("-", "");

  // Pupils answer on phones.
  const pupil = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const phone = await pupil.newPage();
  await phone.goto(`/s/${code}`);
  await expect(phone.getByRole("heading", { level: 1, name: "County lines: before the session" })).toBeVisible();
  await expect(phone.getByRole("main")).toContainText("I could spot the signs that someone my age is being exploited by a gang.");
  await expect(phone.getByRole("main")).not.toContainText("carrying a knife");
  await expectAccessible(phone);
  await pupil.close();
});

test("the lead writes a survey template for a topic", async ({ page }) => {
  const title = `Substance misuse check ${randomBytes(3).toString("hex")}`;
  await signInAs(page, "lead@example.org");
  await page.goto("/admin/surveys/new");
  await expectAccessible(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("A session a school has booked").check();
  await page.getByLabel("Before", { exact: true }).check();
  await page.getByLabel("Topic (optional)").selectOption({ label: "Substance misuse" });
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("status")).toContainText("Draft created");
  await expect(page.getByRole("main")).toContainText("for Substance misuse sessions");
  await expect(page.getByLabel("Topic (optional)")).toHaveValue(/.+/);
  await expectAccessible(page);

  // A survey asks each core item once: a second question of the same item is refused by its field.
  for (const prompt of ["I know where to get help.", "I would know where to get help."]) {
    await page.getByRole("link", { name: "Add a question" }).click();
    await page.getByLabel("Question or statement").fill(prompt);
    await page.getByLabel("Core key (optional)").fill("help-known");
    await page.getByRole("button", { name: "Add question" }).click();
  }
  await expect(page.getByLabel("Core key (optional)")).toHaveAccessibleDescription(/already the core item “help-known”/);
  await expectAccessible(page);
  await page.getByRole("link", { name: /^Back to / }).click();
  await expect(page.getByRole("main")).toContainText("I know where to get help.");
  await expect(page.getByRole("main")).not.toContainText("I would know where to get help.");
});
