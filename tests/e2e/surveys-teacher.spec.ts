import { signInAs } from "./support/auth";
import { expect, expectAccessible, test } from "./support/fixtures";
import { createTestDelivery } from "./support/sessions";
import { answerOverHttp, createTestBooking, createTestRun, setBookingStatus, validAnswers } from "./support/surveys";

test.describe("a teacher's surveys", () => {
  test("opens a survey before a session from the booking, with its code, QR code and poster, then closes it", async ({ page, baseURL }) => {
    await signInAs(page, "teacher2@example.org");
    const bookingId = createTestBooking(createTestDelivery().id);
    await page.goto(`/bookings/${bookingId}`);
    await expectAccessible(page);
    await page.getByRole("link", { name: "open a survey for before the session" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Open a survey" })).toBeVisible();
    await expect(page.getByLabel("Online harms: before the session")).toBeChecked();
    await expectAccessible(page);
    await page.getByLabel("Close it after this many responses (optional)").fill("lots");
    await page.getByRole("button", { name: "Open the survey" }).click();
    await expect(page.getByRole("alert")).toContainText("The most responses must be a whole number");
    await expectAccessible(page);
    await page.getByLabel("Close it after this many responses (optional)").fill("30");
    await page.getByRole("button", { name: "Open the survey" }).click();

    await expect(page.getByRole("status")).toContainText("Survey opened: the code is");
    const code = (await page.getByText(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/).textContent())!.trim();
    await expect(page.getByRole("link", { name: `${baseURL}/s/${code.replace("-", "")}` })).toBeVisible();
    const qr = page.getByRole("img", { name: /QR code that opens/ });
    await expect(qr).toBeVisible();
    const svg = await page.request.get(`${new URL(page.url()).pathname}/qr.svg`);
    expect(svg.headers()["content-type"]).toContain("image/svg+xml");
    await expect(page.getByText("Results appear once 10 or more responses are counted")).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Print a poster with the code" }).click();
    await expect(page.getByText(code, { exact: true })).toBeVisible();
    await expect(page.getByText("This survey takes no more answers")).toHaveCount(0);
    await expectAccessible(page);
    await page.goBack();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Close the survey now" }).click();
    await expect(page.getByRole("status")).toContainText("Survey closed");
    await expect(page.getByText("Closed", { exact: true })).toBeVisible();
    // A closed survey promises no results it will never show.
    await expect(page.getByText("0 pupils answered before the survey closed.")).toBeVisible();
    await expect(page.getByText("answered so far")).toHaveCount(0);
    await expectAccessible(page);
    // Its poster, printed again, would send pupils to a closed survey: the page says so.
    await page.getByRole("link", { name: "Print a poster with the code" }).click();
    await expect(page.getByText("This survey takes no more answers: pupils who use this code are told it has closed.")).toBeVisible();
    await expectAccessible(page);
    await page.goBack();

    await page.goto("/surveys");
    await expect(page.getByRole("link", { name: code })).toBeVisible();
    await expectAccessible(page);
  });

  test("sees results once 10 or more pupils have answered, updated in steps of 10, and another school's survey is not found", async ({ page, baseURL }) => {
    const run = createTestRun({ urn: "990002" });
    const answers = validAnswers(run.id);
    for (let i = 0; i < 9; i++) expect((await answerOverHttp(baseURL!, run.code, answers)).status).toBe(302);
    await signInAs(page, "teacher2@example.org");
    await page.goto(`/surveys/${run.id}`);
    await expect(page.getByText("9 pupils have answered so far.")).toBeVisible();
    await expect(page.getByText("Results appear once 10 or more responses are counted")).toBeVisible();
    await expect(page.getByText("Results update after every 10 responses")).toBeVisible();
    await expect(page.getByRole("table", { name: /Answers to question/ })).toHaveCount(0);
    await expectAccessible(page);

    // The tenth pupil skips the question on how worried they are: 9 answered it, too few for its results.
    expect((await answerOverHttp(baseURL!, run.code, validAnswers(run.id, { skipOptional: true }))).status).toBe(302);
    await page.reload();
    await expect(page.getByText("10 pupils answered.")).toBeVisible();
    const first = page.getByRole("table", { name: "Answers to question 1" });
    await expect(first.getByRole("row", { name: /^Agree 10 100%$/ })).toBeVisible();
    // A statement worded negatively says its score is turned round, where 100% agreeing would else sit beside a low score.
    const safer = page.getByRole("region", { name: "2. Carrying a knife makes you safer." });
    await expect(
      safer.getByText("100% agree (leaving out “not sure”); mean score 2.00 out of 5 (worded negatively, so the score is turned round"),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: /^1\. / }).getByText("worded negatively")).toHaveCount(0);
    const worried = page.getByRole("region", { name: /How worried are you about knife crime/ });
    await expect(worried.getByText("Too few pupils answered this question for its results to be shown")).toBeVisible();
    await expect(worried.getByRole("table")).toHaveCount(0);
    await expectAccessible(page);

    const csv = await page.request.get(`/surveys/${run.id}/results.csv`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const file = await csv.text();
    // A core question gives only the number answering it, no counts and no share (decision 0154).
    expect(file).toContain(`I know what the law says about carrying a knife.,Not given in this file: see the survey's page in the service,,10`);
    expect(file).toMatch(/How worried are you about knife crime where you live\?,"?Too few pupils answered this question/);

    // One more pupil changes nothing a teacher can compare: results wait for a step of 10.
    expect((await answerOverHttp(baseURL!, run.code, answers)).status).toBe(302);
    await page.reload();
    await expect(page.getByText("11 pupils answered; these results count 10 of them")).toBeVisible();
    await expect(first.getByRole("row", { name: /^Agree 10 100%$/ })).toBeVisible();
    // Closed, the survey takes no more answers: the eleventh will never be counted, and the page says so.
    await page.getByRole("button", { name: "Close the survey now" }).click();
    await expect(page.getByText("these results count 10 of them. The survey has closed, so the other 1 will not be counted")).toBeVisible();
    await expectAccessible(page);

    const elsewhere = createTestRun({ urn: "990001" });
    const response = await page.goto(`/surveys/${elsewhere.id}`);
    expect(response?.status()).toBe(404);
    await expectAccessible(page);
  });

  test("a survey of a session that did not go ahead says why it is not compared, with no link to a page it cannot open", async ({ page }) => {
    const bookingId = createTestBooking(createTestDelivery({ topicTitle: "Knife-crime awareness" }).id);
    const run = createTestRun({ bookingId });
    setBookingStatus(bookingId, "NOT_DELIVERED");
    await signInAs(page, "teacher2@example.org");
    await page.goto(`/surveys/${run.id}`);
    await expect(page.getByText("The booking was recorded as not taking place, so its surveys are not compared before and after")).toBeVisible();
    await expect(page.getByRole("link", { name: "Compare before and after for this session" })).toHaveCount(0);
    await expectAccessible(page);
  });

  test("a session's before and after leaves out a survey too small to show on its own, and says so", async ({ page, baseURL }) => {
    // Runs of the knife-crime templates, after a knife-crime session: one topic's before and after.
    const bookingId = createTestBooking(createTestDelivery({ topicTitle: "Knife-crime awareness" }).id);
    const large = createTestRun({ bookingId });
    const small = createTestRun({ bookingId });
    for (let i = 0; i < 10; i++) expect((await answerOverHttp(baseURL!, large.code, validAnswers(large.id))).status).toBe(302);
    for (let i = 0; i < 4; i++) expect((await answerOverHttp(baseURL!, small.code, validAnswers(small.id))).status).toBe(302);
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAs(page, "teacher2@example.org");
    await page.goto(`/surveys/bookings/${bookingId}`);
    await expect(page.getByText("One survey is left out of these figures")).toBeVisible();
    await expect(page.locator("dd").first()).toHaveText("10.");
    await expectAccessible(page);
  });
});
