/**
 * The training grid's size: a cohort holds at most MAX_MENTORS_PER_COHORT mentors and the curriculum at most
 * MAX_LIVE_MODULES live modules, so that every cohort's grid is one the server reads and saves whole. Before
 * these bounds, a cohort of 252 mentors (four pastes of 60 added to 12) had a grid no save could pass.
 */
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { FORM_LIMIT_BYTES } from "../../scripts/lib/request-guards.mjs";
import { prisma } from "~/db.server";
// Installed for the server by its entry, as here.
import "~/lib/form-error-messages";
import { MAX_LIVE_MODULES, MAX_MENTORS_PER_COHORT } from "~/lib/mvp";
import { trainingGridSchema } from "~/lib/mvp-schemas";
import { addMentor, addMentors } from "~/models/mvp-mentors.server";
import { createModule, setModuleActive } from "~/models/mvp-modules.server";
import { gridCell, saveTrainingGrid } from "~/models/mvp-training.server";
import { cohortWithMentors, curriculum, mvpSchool, vrnLead } from "./mvp-factories";

/** `n` distinct names the mentor-name rule takes, a first name of letters and an initial: "Za A.", "Zb A.", ... */
const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `Z${letters(from + i)} A.`);
const letters = (k: number): string => (k < 26 ? "" : letters(Math.floor(k / 26) - 1)) + String.fromCharCode(97 + (k % 26));

/** Live modules until the curriculum has `live` of them (the factory's three first). */
async function liveModules(live: number) {
  const have = await curriculum();
  const more = live - have.length;
  await prisma.trainingModule.createMany({
    data: Array.from({ length: more }, (_, i) => ({ title: `Extra module ${i + 1}`, required: false, position: have.length + i + 1 })),
  });
  return prisma.trainingModule.findMany({ where: { active: true }, orderBy: { position: "asc" } });
}

describe("the mentors of one cohort", () => {
  it("stop at the most a cohort holds: a paste past it is refused whole saying how many fit, and one added alone once it is full", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, names(MAX_MENTORS_PER_COHORT - 2));
    const paste = (n: number, from: number) => addMentors(mvpLead, cohort.id, { intent: "paste", names: names(n, from).join("\n"), yearGroup: 10 });
    expect(await paste(3, 1000)).toEqual({
      ok: false,
      refused: [],
      message: `A cohort can have at most ${MAX_MENTORS_PER_COHORT} mentors and this one has ${MAX_MENTORS_PER_COHORT - 2}: add 2 or fewer. No mentors were added`,
    });
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(MAX_MENTORS_PER_COHORT - 2);
    expect(await paste(2, 1000)).toEqual({ ok: true, added: 2 });
    expect(await addMentor(mvpLead, cohort.id, { displayName: "Zed Q.", yearGroup: 10 })).toEqual({
      ok: false,
      message: `This cohort has ${MAX_MENTORS_PER_COHORT} mentors, the most a cohort can have: add more mentors in a cohort of their own`,
    });
    expect(await paste(1, 2000)).toMatchObject({ ok: false, message: expect.stringContaining("the most a cohort can have") });
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(MAX_MENTORS_PER_COHORT);
  });
});

describe("the curriculum's live modules", () => {
  it("stop at the most a grid has columns for: one more is refused, retiring one makes room, and a retired one is not brought back past it", async () => {
    const lead = await vrnLead();
    const modules = await liveModules(MAX_LIVE_MODULES);
    const full = `The curriculum has ${MAX_LIVE_MODULES} live modules, the most it can have. Retire or delete a module first.`;
    expect(await createModule(lead, { title: "One too many", description: "", required: "no" })).toEqual({ ok: false, message: full });
    const retired = modules.at(-1)!;
    expect(await setModuleActive(lead, retired.id, false)).toMatchObject({ ok: true, changed: true });
    expect(await createModule(lead, { title: "In its place", description: "", required: "no" })).toMatchObject({ ok: true, title: "In its place" });
    expect(await setModuleActive(lead, retired.id, true)).toEqual({ ok: false, message: full });
    expect(await prisma.trainingModule.count({ where: { active: true } })).toBe(MAX_LIVE_MODULES);
  });
});

describe("the largest grid a cohort can have", () => {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(24, "0")}`);

  it("is read whole, and its form, every box ticked, fits within what a form may send", () => {
    const mentors = ids("m", MAX_MENTORS_PER_COHORT);
    const modules = ids("c", MAX_LIVE_MODULES);
    const boxes = mentors.flatMap((mentor) => modules.map((module) => gridCell(mentor, module)));
    const body = new URLSearchParams([
      ...boxes.map((box) => ["done", box]),
      ...boxes.map((box) => ["shown", box]),
      ...mentors.map((mentor) => ["mentor", mentor]),
      ...modules.map((module) => ["module", module]),
    ]);
    expect(Buffer.byteLength(body.toString())).toBeLessThan(FORM_LIMIT_BYTES);
    const form = new FormData();
    for (const [name, value] of body) form.append(name, value);
    expect(parseWithZod(form, { schema: trainingGridSchema }).status).toBe("success");
    // One mentor more than a cohort holds is a hand-made form, said in plain words.
    form.append("mentor", "m-one-more");
    const refused = parseWithZod(form, { schema: trainingGridSchema });
    expect(refused.status === "error" ? refused.error : {}).toEqual({ mentor: ["More was sent here than the form offers"] });
  });

  it("is saved, every box of a full cohort ticked", async () => {
    const { school, mvpLead } = await mvpSchool();
    const modules = await liveModules(MAX_LIVE_MODULES);
    const cohort = await cohortWithMentors(school.id, 2026, names(MAX_MENTORS_PER_COHORT));
    const mentorIds = cohort.mentors.map((m) => m.id);
    const done = mentorIds.flatMap((mentor) => modules.map((module) => gridCell(mentor, module.id)));
    const saved = await saveTrainingGrid(mvpLead, cohort.id, { done, shown: [], mentor: mentorIds, module: modules.map((m) => m.id) });
    expect(saved).toMatchObject({ ok: true });
    expect(await prisma.moduleCompletion.count({ where: { mentor: { cohortId: cohort.id } } })).toBe(MAX_MENTORS_PER_COHORT * MAX_LIVE_MODULES);
  });
});
