/**
 * A question pupils may skip is counted in steps of ten of its own answerers (decision 0123): its breakdown
 * is shown over ten or more of them, and any two views of it are the same or differ by ten or more of them,
 * on the results page, in the CSV, in the before/after comparisons and in reach's core items.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { academicYearOf } from "~/lib/academic-year";
import type { PhaseFigures } from "~/lib/survey-scoring";
import { TOO_FEW_ANSWERED } from "~/models/disclosure";
import { getReachDashboard } from "~/models/reach.server";
import { newBrowserToken, submitResponse } from "~/models/survey-responses.server";
import { bookingComparison, resultsCsv, runResults, topicComparison, type QuestionResult } from "~/models/survey-results.server";
import { getRun, openRun } from "~/models/survey-runs.server";
import { createUser } from "./factories";
import { createTemplateWithOptionalQuestions, schoolWithBooking } from "./survey-factories";

type Template = Awaited<ReturnType<typeof createTemplateWithOptionalQuestions>>;
type Answer = { questionId: string; value: number; text: null };

async function open(teacher: Actor, bookingId: string, template: Template) {
  const run = await openRun(teacher, { bookingId }, { templateId: template.id, sharedDevices: false });
  if (!run.ok) throw new Error(run.message);
  return run.id;
}

/** One pupil: "law" as given, and each optional question answered only when given (multiple choice: the options chosen). */
function pupil(template: Template, choices: { law: number; knife?: number; useful?: number; help?: number[]; worried?: number }): Answer[] {
  const [law, knife, useful, help, worried] = template.questions;
  const answer = (questionId: string, value: number): Answer => ({ questionId, value, text: null });
  return [
    answer(law!.id, choices.law),
    ...(choices.knife === undefined ? [] : [answer(knife!.id, choices.knife)]),
    ...(choices.useful === undefined ? [] : [answer(useful!.id, choices.useful)]),
    ...(choices.help ?? []).map((value) => answer(help!.id, value)),
    ...(choices.worried === undefined ? [] : [answer(worried!.id, choices.worried)]),
  ];
}

/** A minimal CSV reader for the results file: quoted cells may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    if (line === "") continue;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const char = line[i]!;
      if (quoted && char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = !quoted;
      else if (char === "," && !quoted) {
        cells.push(cell);
        cell = "";
      } else cell += char;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

/** The CSV's rows for one question (by its number), after the header row. */
function csvRowsOf(csv: string, number: number): string[][] {
  const rows = parseCsv(csv);
  const header = rows.findIndex((r) => r[0] === "Question number");
  return header === -1 ? [] : rows.slice(header + 1).filter((r) => r[0] === String(number));
}

describe("a question pupils may skip", () => {
  it("shows no breakdown for fewer than 10 who answered it, and one more answer never shows as a difference (the reviewer's case)", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createTemplateWithOptionalQuestions();
    const runId = await open(teacher, booking.id, template);
    // Six pupils, five of whom answer question 5: 3 "not at all", 1 "a little", 1 "very" worried.
    for (const worried of [0, 0, 0, 1, 3]) await submitResponse(runId, newBrowserToken(), pupil(template, { law: 4, worried }));
    await submitResponse(runId, newBrowserToken(), pupil(template, { law: 4 }));
    // Four more skip it: the run counts 10 responses, of which 5 answered question 5.
    for (let i = 0; i < 4; i++) await submitResponse(runId, newBrowserToken(), pupil(template, { law: 4 }));
    const first = await runResults(teacher, await getRun(teacher, runId));
    expect(first.counted).toBe(10);
    const worriedAt10 = first.questions.find((q) => q.number === 5)!;
    expect(worriedAt10).toEqual({
      id: template.questions[4]!.id,
      number: 5,
      prompt: template.questions[4]!.prompt,
      type: "SINGLE_CHOICE",
      coreKey: null,
      reverseScored: false,
      tooFew: true,
    });
    const csvAt10 = resultsCsv(await getRun(teacher, runId), first);
    expect(csvRowsOf(csvAt10, 5)).toEqual([["5", template.questions[4]!.prompt, TOO_FEW_ANSWERED, "", ""]]);

    // Ten more, of whom one answers question 5 ("Quite worried"): the run counts 20, question 5 has 6 answerers.
    await submitResponse(runId, newBrowserToken(), pupil(template, { law: 4, worried: 2 }));
    for (let i = 0; i < 9; i++) await submitResponse(runId, newBrowserToken(), pupil(template, { law: 4 }));
    const second = await runResults(teacher, await getRun(teacher, runId));
    expect(second.counted).toBe(20);
    // The two views of question 5 are the same: nothing says how the one pupil answered.
    expect(second.questions.find((q) => q.number === 5)).toEqual(worriedAt10);
    expect(csvRowsOf(resultsCsv(await getRun(teacher, runId), second), 5)).toEqual(csvRowsOf(csvAt10, 5));
    // Questions everyone answered are shown over the whole counted run, as before.
    expect(second.questions.find((q) => q.number === 1)).toMatchObject({ tooFew: false, answered: 20 });
  });

  it("is shown from 10 of its answerers counted, and then moves ten of them at a time", async () => {
    const { teacher, booking } = await schoolWithBooking();
    const template = await createTemplateWithOptionalQuestions();
    const runId = await open(teacher, booking.id, template);
    const worried = async () => (await runResults(teacher, await getRun(teacher, runId))).questions.find((q) => q.number === 5)!;
    // 20 pupils, 13 of whom answer question 5 ("a little"): 10 of its answerers are counted, 3 wait.
    for (let i = 0; i < 20; i++) await submitResponse(runId, newBrowserToken(), pupil(template, { law: 3, ...(i < 13 ? { worried: 1 } : {}) }));
    expect(await worried()).toMatchObject({ tooFew: false, answered: 10, choices: [{ count: 0 }, { count: 10 }, { count: 0 }, { count: 0 }] });
    // Ten more, six answering it: 9 wait, so nothing moves.
    for (let i = 0; i < 10; i++) await submitResponse(runId, newBrowserToken(), pupil(template, { law: 3, ...(i < 6 ? { worried: 3 } : {}) }));
    expect(await worried()).toMatchObject({ answered: 10, choices: [{ count: 0 }, { count: 10 }, { count: 0 }, { count: 0 }] });
    // Ten more, one answering it: 10 wait and are counted together.
    for (let i = 0; i < 10; i++) await submitResponse(runId, newBrowserToken(), pupil(template, { law: 3, ...(i < 1 ? { worried: 3 } : {}) }));
    const moved = await worried();
    expect(moved).toMatchObject({ tooFew: false, answered: 20 });
    if (moved.tooFew) throw new Error("not shown");
    expect(moved.choices.reduce((sum, c) => sum + c.count, 0)).toBe(20);
  });
});

/** What one view shows of one question: how many pupils its figures are over, and the figures themselves. */
type View = { size: number; figures: string };
const HIDDEN: View = { size: 0, figures: "hidden" };

/** A question on the results page: its group is the sum of its counts for a question of one answer each. */
function pageView(q: QuestionResult): View {
  if (q.tooFew) return HIDDEN;
  const total = q.choices.reduce((sum, c) => sum + c.count, 0);
  if (q.type === "MULTIPLE_CHOICE") expect(total).toBeGreaterThanOrEqual(q.answered);
  else expect(total).toBe(q.answered);
  return { size: q.answered, figures: JSON.stringify({ choices: q.choices.map((c) => c.count), core: q.core }) };
}

/** A question in the CSV: its group is the sum of its counts for a question of one answer each, else the column that gives it. */
function csvView(rows: string[][]): View {
  if (rows.length === 1 && rows[0]![2] === TOO_FEW_ANSWERED) {
    expect(rows[0]!.slice(3).join("")).toBe("");
    return HIDDEN;
  }
  // The file's counts are published ones ("<5", fives); the pupils answering, counted in tens, are exact.
  const size = Number(rows[0]![4] ?? 0);
  return { size, figures: JSON.stringify(rows.map((r) => r.slice(2, 5))) };
}

const phaseView = (f: PhaseFigures | undefined): View =>
  !f || f.shareAgreeing === null ? { size: f?.responses ?? 0, figures: "hidden" } : { size: f.responses, figures: JSON.stringify(f) };

/** Every pair of moments: each view of each question the same, or over groups ten or more apart; shown only over ten or more. */
function expectNoSmallDifference(moments: Map<string, View>[]) {
  const problems: string[] = [];
  for (const [i, moment] of moments.entries()) {
    for (const [where, view] of moment) {
      if (view.figures !== "hidden" && view.size < 10) problems.push(`${where} at moment ${i} is shown over ${view.size}`);
      for (let j = i + 1; j < moments.length; j++) {
        const later = moments[j]!.get(where) ?? HIDDEN;
        const apart = Math.abs(later.size - view.size);
        if (later.figures !== view.figures && apart < 10) problems.push(`${where}: moments ${i} and ${j} differ over a group of ${apart}`);
      }
    }
  }
  expect(problems.slice(0, 5)).toEqual([]);
}

describe("the attacker, watching as pupils answer one by one", () => {
  it("never sees two views of a question differ by a group of 1 to 9 pupils: results page, CSV, comparisons and reach", async () => {
    const lead = await createUser({ role: "VRN_LEAD" });
    const year = academicYearOf(new Date());
    const pupilAnswers = fc.record({
      run: fc.nat({ max: 2 }),
      law: fc.integer({ min: 1, max: 5 }),
      knife: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined, freq: 3 }),
      useful: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined, freq: 2 }),
      help: fc.subarray([0, 1, 2]),
      worried: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined, freq: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(pupilAnswers, { minLength: 35, maxLength: 55 }), async (sequence) => {
        const { teacher, booking, delivery } = await schoolWithBooking();
        const before = await createTemplateWithOptionalQuestions("BEFORE");
        const after = await createTemplateWithOptionalQuestions("AFTER");
        // Two surveys before the session and one after: the comparison adds the two before surveys up.
        const runs = [
          { id: await open(teacher, booking.id, before), template: before },
          { id: await open(teacher, booking.id, before), template: before },
          { id: await open(teacher, booking.id, after), template: after },
        ];
        const moments: Map<string, View>[] = [];
        const unlike: string[] = [];
        for (const answers of sequence) {
          const run = runs[answers.run]!;
          expect(await submitResponse(run.id, newBrowserToken(), pupil(run.template, answers))).toEqual({ ok: true });
          const moment = new Map<string, View>();
          // Per phase and core item, the sum of the run pages' groups where the item is shown on its own.
          const pagesSum = new Map<string, { size: number; counted: number; agreeing: number }>();
          for (const [r, { id, template }] of runs.entries()) {
            const detail = await getRun(teacher, id);
            const results = await runResults(teacher, detail);
            const csv = resultsCsv(detail, results);
            for (const q of results.suppressed ? [] : results.questions) {
              const page = pageView(q);
              const file = csvView(csvRowsOf(csv, q.number));
              moment.set(`run ${r} page, question ${q.number}`, page);
              moment.set(`run ${r} CSV, question ${q.number}`, file);
              // The file shows the page's group, or hides the question with it.
              if (file.size !== page.size || (file.figures === "hidden") !== (page.figures === "hidden")) {
                unlike.push(`run ${r} question ${q.number}: the CSV over ${file.size}, the page over ${page.size}`);
              }
              const coreKey = template.questions[q.number - 1]!.coreKey;
              if (coreKey && !q.tooFew) {
                const key = `${template.phase} ${coreKey}`;
                const sum = pagesSum.get(key) ?? { size: 0, counted: 0, agreeing: 0 };
                const scale = q.choices.filter((c) => c.value !== "0");
                sum.size += q.answered;
                sum.counted += scale.reduce((s, c) => s + c.count, 0);
                sum.agreeing += scale.filter((c) => c.value === "4" || c.value === "5").reduce((s, c) => s + c.count, 0);
                pagesSum.set(key, sum);
              }
            }
          }
          const comparisons = {
            booking: (await bookingComparison(teacher, booking.id)).comparison.rows,
            topic: (await topicComparison(lead, delivery.topicId, year)).comparison.rows,
          };
          for (const [name, rows] of Object.entries(comparisons)) {
            for (const row of rows) {
              for (const [phase, figures] of [
                ["BEFORE", row.before],
                ["AFTER", row.after],
              ] as const) {
                moment.set(`${name} comparison, ${phase} ${row.coreKey}`, phaseView(figures));
                // The comparison is exactly the run pages' shown groups added up, so its difference from any of
                // them is other whole groups of ten or more. Over a topic's bookings, an item counts only where
                // its booking shows it on both sides (decision 0136).
                const none = { size: 0, counted: 0, agreeing: 0 };
                const bothSides = pagesSum.has(`BEFORE ${row.coreKey}`) && pagesSum.has(`AFTER ${row.coreKey}`);
                const sum = name === "topic" && !bothSides ? none : (pagesSum.get(`${phase} ${row.coreKey}`) ?? none);
                expect({ size: figures.responses, counted: figures.counted }).toEqual({ size: sum.size, counted: sum.counted });
                if (figures.shareAgreeing !== null) expect(figures.shareAgreeing).toBeCloseTo(sum.agreeing / sum.counted, 9);
              }
            }
          }
          const reach = await getReachDashboard(lead, { year, term: null, localAuthority: null, localityId: null, schoolType: null, topicId: null });
          for (const item of reach.coreItems) {
            moment.set(`reach, BEFORE ${item.coreKey}`, phaseView(item.before));
            moment.set(`reach, AFTER ${item.coreKey}`, phaseView(item.after));
          }
          moments.push(moment);
        }
        expectNoSmallDifference(moments);
        expect(unlike.slice(0, 5)).toEqual([]);
      }),
      { numRuns: 3 },
    );
  }, 240_000);
});
