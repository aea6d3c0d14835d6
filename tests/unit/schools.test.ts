import { parseWithZod } from "@conform-to/zod";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { normalisePostcode } from "~/lib/postcodes";
import { schoolSchema, type SchoolInput } from "~/lib/school-form";
import { addLocalityArea, createLocality, getLocality, listLocalities, localityOptions, removeLocalityArea, renameLocality } from "~/models/localities.server";
import { createSchool, getSchool, getSchoolName, listSchools, readSchoolFilters, updateSchool } from "~/models/schools.server";
import { createSchool as createSchoolRow, createUser } from "./factories";

let actor: Awaited<ReturnType<typeof createUser>>;
const localities: Record<string, string> = {};

beforeAll(async () => {
  actor = await createUser();
  for (const [name, localAuthority] of [
    ["Test West", "Leicester"],
    ["Test Charnwood", "Leicestershire"],
  ]) {
    localities[name!] = (await prisma.locality.create({ data: { name: name!, localAuthority: localAuthority! } })).id;
  }
});

let nextUrn = 960000;
const valid = (overrides: Partial<SchoolInput> = {}): SchoolInput => ({
  urn: String(++nextUrn),
  name: `Quarrybrook Academy ${nextUrn}`,
  localAuthority: "Leicester",
  localityId: localities["Test West"],
  type: "SECONDARY",
  numberOnRoll: 900,
  postcode: "LE1 6ZG",
  status: "OPEN",
  ...overrides,
});

/** Parses form fields the way the routes do (as strings, through Conform). */
const submit = (values: Record<string, string>) => {
  const formData = new FormData();
  const fields = { urn: "123456", name: "A", localAuthority: "Leicester", type: "SECONDARY", status: "OPEN", ...values };
  for (const [name, value] of Object.entries(fields)) formData.set(name, value);
  return parseWithZod(formData, { schema: schoolSchema });
};
const formErrors = (values: Record<string, string>) => {
  const submission = submit(values);
  return submission.status === "success" ? {} : (submission.error ?? {});
};
const valueOf = (values: Record<string, string>) => {
  const submission = submit(values);
  return submission.status === "success" ? submission.value : null;
};

describe("the school form's rules", () => {
  it("normalises UK postcodes and refuses anything else", () => {
    expect(normalisePostcode(" le1  6zg ")).toBe("LE1 6ZG");
    expect(normalisePostcode("LE191HG")).toBe("LE19 1HG");
    expect(normalisePostcode("SW1A 1AA")).toBe("SW1A 1AA");
    expect(normalisePostcode("W1A 0AX")).toBe("W1A 0AX");
    for (const bad of ["LE1", "LE1 1Q", "LEI 1AA", "12345", "LE1 1AAA", "QE1 1AA"]) expect(normalisePostcode(bad)).toBeNull();
    expect(formErrors({ postcode: "not a postcode" }).postcode).toEqual(["Enter a real postcode, like LE1 6ZG"]);
    expect(valueOf({ postcode: "le1 6zg" })?.postcode).toBe("LE1 6ZG");
    expect(valueOf({ postcode: "  " })).toMatchObject({ postcode: undefined });
    expect(schoolSchema.parse(valid({ postcode: "LE1 6ZG" })).postcode).toBe("LE1 6ZG");
  });

  it("takes a number on roll as a whole number from 1 to 5,000, or blank", () => {
    expect(valueOf({ numberOnRoll: "1,200" })?.numberOnRoll).toBe(1200);
    expect(valueOf({ numberOnRoll: "5000" })?.numberOnRoll).toBe(5000);
    expect(valueOf({ numberOnRoll: "" })).toMatchObject({ numberOnRoll: undefined });
    expect(schoolSchema.parse(valid({ numberOnRoll: 950 })).numberOnRoll).toBe(950);
    expect(formErrors({ numberOnRoll: "12.5" }).numberOnRoll).toEqual(["Number on roll must be a whole number, like 950"]);
    expect(formErrors({ numberOnRoll: "lots" }).numberOnRoll).toEqual(["Number on roll must be a whole number, like 950"]);
    expect(formErrors({ numberOnRoll: "0" }).numberOnRoll).toEqual(["Number on roll must be between 1 and 5,000"]);
    expect(formErrors({ numberOnRoll: "5001" }).numberOnRoll).toEqual(["Number on roll must be between 1 and 5,000"]);
  });

  it("takes the days a school opened and closed as real dates, a closing day only for a closed school and not before it opened", () => {
    expect(valueOf({ openedOn: "01/09/2011" })?.openedOn).toBe("2011-09-01");
    expect(valueOf({ status: "CLOSED", openedOn: "2011-09-01", closedOn: "31/08/2025" })).toMatchObject({ closedOn: "2025-08-31" });
    const blank = valueOf({ openedOn: "", closedOn: "" });
    expect([blank?.openedOn, blank?.closedOn, blank?.urn]).toEqual([undefined, undefined, "123456"]);
    expect(formErrors({ closedOn: "2025-08-31" }).closedOn).toEqual([
      "Only a closed school has a date the school closed. Choose Closed as its status, or leave the date empty",
    ]);
    expect(formErrors({ status: "CLOSED", openedOn: "2025-09-01", closedOn: "2025-08-31" }).closedOn).toEqual([
      "The date the school closed must be on or after the day it opened, 1 September 2025",
    ]);
    expect(formErrors({ status: "CLOSED", closedOn: "2999-01-01" }).closedOn?.[0]).toBe("The date the school closed must be today or in the past");
    expect(formErrors({ openedOn: "31/02/2020" }).openedOn).toEqual(["The date the school opened must be a real date, like 26/11/2026"]);
    expect(formErrors({ openedOn: "1700-01-01" }).openedOn).toEqual(["The date the school opened must be on or after 1 January 1850"]);
  });

  it("needs a six-digit URN, a name, a local authority, a type and a status", () => {
    expect(formErrors({ urn: "12345" }).urn).toEqual(["URN must be 6 digits, like 123456"]);
    expect(formErrors({ urn: "12345a" }).urn).toHaveLength(1);
    expect(formErrors({ name: "   " }).name).toEqual(["Enter the school's name"]);
    expect(formErrors({ localAuthority: "Nottingham" }).localAuthority).toEqual(["Choose the school's local authority"]);
    expect(formErrors({ type: "PRIMARY" }).type).toEqual(["Choose the type of school"]);
    expect(formErrors({ urn: "" }).urn).toEqual(["Enter the URN"]);
    expect(formErrors({ status: "" }).status).toEqual(["Choose whether the school is open or closed"]);
  });
});

describe("adding and editing schools", () => {
  it("adds a school and records who added it", async () => {
    const input = valid({ postcode: "le1 6zg" });
    const result = await createSchool(actor, input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const school = await prisma.school.findUniqueOrThrow({ where: { id: result.school.id } });
    expect(school).toMatchObject({ urn: input.urn, postcode: "LE1 6ZG", localityId: localities["Test West"] });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: school.id } });
    expect(audit).toMatchObject({ action: "create", actorId: actor.id, summary: `Added ${input.name} (URN ${input.urn})` });
  });

  it("refuses a URN another school has, as an error on the URN field", async () => {
    const first = valid();
    await createSchool(actor, first);
    const result = await createSchool(actor, valid({ urn: first.urn }));
    expect(result).toEqual({ ok: false, fieldErrors: { urn: [`URN ${first.urn} is already used by ${first.name}`] } });
  });

  it("needs a locality that exists and is in the school's local authority", async () => {
    expect(await createSchool(actor, valid({ localityId: "no-such-locality" }))).toEqual({
      ok: false,
      fieldErrors: { localityId: ["Choose a locality from the list"] },
    });
    expect(await createSchool(actor, valid({ localAuthority: "Rutland", localityId: localities["Test Charnwood"] }))).toEqual({
      ok: false,
      fieldErrors: { localityId: ["Test Charnwood is in Leicestershire. Choose a locality in Rutland"] },
    });
    expect((await createSchool(actor, valid({ localityId: undefined }))).ok).toBe(true);
  });

  it("checks the form's rules again, whoever calls it", async () => {
    const result = await createSchool(actor, valid({ numberOnRoll: 9000, urn: "123" }));
    if (result.ok || !("fieldErrors" in result)) throw new Error("not refused by its fields");
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["numberOnRoll", "urn"]);
  });

  it("saves changes with a plain-English audit entry, and writes nothing when nothing changed", async () => {
    const input = valid();
    const created = await createSchool(actor, input);
    if (!created.ok) throw new Error("not created");
    const id = created.school.id;
    expect(await updateSchool(actor, id, { ...input, numberOnRoll: 950 })).toMatchObject({ ok: true, changed: true });
    const events = await prisma.auditEvent.findMany({ where: { entityId: id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.summary)).toEqual([
      `Added ${input.name} (URN ${input.urn})`,
      `Changed number on roll from 900 to 950 (${input.name}, URN ${input.urn})`,
    ]);

    expect(await updateSchool(actor, id, { ...input, numberOnRoll: 950 })).toMatchObject({ ok: true, changed: false });
    expect(await prisma.auditEvent.count({ where: { entityId: id } })).toBe(2);

    await updateSchool(actor, id, { ...input, numberOnRoll: 950, localityId: undefined, status: "CLOSED" });
    expect((await prisma.auditEvent.findFirstOrThrow({ where: { entityId: id }, orderBy: { id: "desc" } })).summary).toBe(
      `Changed locality from Test West to none; status from Open to Closed (${input.name}, URN ${input.urn})`,
    );

    // The days it opened and closed are kept as London days, and audited as the page shows them.
    const closed = { ...input, numberOnRoll: 950, localityId: undefined, status: "CLOSED" as const };
    await updateSchool(actor, id, { ...closed, openedOn: "2011-09-01", closedOn: "2025-08-31" });
    expect((await prisma.auditEvent.findFirstOrThrow({ where: { entityId: id }, orderBy: { id: "desc" } })).summary).toBe(
      `Changed date it opened from not known to 1 September 2011; date it closed from not known to 31 August 2025 (${input.name}, URN ${input.urn})`,
    );
    expect(await prisma.school.findUniqueOrThrow({ where: { id }, select: { openedOn: true, closedOn: true } })).toEqual({
      openedOn: new Date("2011-08-31T23:00:00Z"),
      closedOn: new Date("2025-08-30T23:00:00Z"),
    });
    // A school open again has no closing day: the model refuses one, as the form does.
    expect(await updateSchool(actor, id, { ...closed, status: "OPEN", closedOn: "2025-08-31" })).toMatchObject({
      ok: false,
      fieldErrors: { closedOn: [expect.any(String)] },
    });
  });

  it("lets a school keep its own URN but not take another's, and says when there is no such school", async () => {
    const mine = valid();
    const other = valid();
    const created = await createSchool(actor, mine);
    await createSchool(actor, other);
    if (!created.ok) throw new Error("not created");
    expect(await updateSchool(actor, created.school.id, { ...mine, name: `${mine.name} renamed` })).toMatchObject({ ok: true });
    expect(await updateSchool(actor, created.school.id, { ...mine, urn: other.urn })).toMatchObject({
      ok: false,
      fieldErrors: { urn: [expect.stringContaining(other.urn)] },
    });
    expect(await updateSchool(actor, "no-such-school", mine)).toBeNull();
  });
});

describe("the list of schools", () => {
  beforeAll(async () => {
    for (let n = 1; n <= 30; n++) {
      await createSchool(
        actor,
        valid({ name: `Listwood ${String(n).padStart(2, "0")}`, type: n % 3 === 0 ? "SPECIAL" : "SECONDARY", status: n === 30 ? "CLOSED" : "OPEN" }),
      );
    }
  });

  it("finds schools by part of the name or the start of the URN, a page at a time", async () => {
    const first = await listSchools(actor, { q: "listwood", page: 1 });
    expect(first).toMatchObject({ total: 30, pageCount: 2, page: 1 });
    expect(first.schools).toHaveLength(25);
    expect(first.schools[0]?.name).toBe("Listwood 01");
    const second = await listSchools(actor, { q: "listwood", page: 2 });
    expect(second.schools.map((s) => s.name)).toEqual(["Listwood 26", "Listwood 27", "Listwood 28", "Listwood 29", "Listwood 30"]);
    expect((await listSchools(actor, { q: "listwood", page: 99 })).page).toBe(2);
    const urn = first.schools[3]!.urn;
    expect((await listSchools(actor, { q: urn, page: 1 })).schools.map((s) => s.urn)).toEqual([urn]);
  });

  it("filters by type, status, local authority and locality", async () => {
    expect((await listSchools(actor, { q: "Listwood", type: "SPECIAL", page: 1 })).total).toBe(10);
    expect((await listSchools(actor, { q: "Listwood", status: "CLOSED", page: 1 })).schools.map((s) => s.name)).toEqual(["Listwood 30"]);
    expect((await listSchools(actor, { q: "Listwood", localAuthority: "Rutland", page: 1 })).total).toBe(0);
    expect((await listSchools(actor, { q: "Listwood", localityId: localities["Test West"], page: 1 })).total).toBe(30);
  });

  it("uses only the filter values the form offers, and says why it left out the rest", () => {
    const read = (query: string) => readSchoolFilters(new URLSearchParams(query), 2, [localities["Test West"]!]);
    expect(read(`q=%20Kest%20&status=OPEN&localityId=${localities["Test West"]}`)).toEqual({
      filters: { q: "Kest", status: "OPEN", localityId: localities["Test West"], localAuthority: undefined, type: undefined, page: 2 },
      problems: null,
    });
    // A locality since removed used to list no schools under "All".
    expect(read(`type=CASTLE&status=OPEN&localAuthority=Mars&localityId=gone&q=${"x".repeat(101)}`)).toEqual({
      filters: { status: "OPEN", q: undefined, localAuthority: undefined, localityId: undefined, type: undefined, page: 2 },
      problems: {
        type: "Choose a school type from the list",
        localAuthority: "Choose a local authority from the list",
        localityId: "There is no such locality: choose one from the list",
        q: "Enter a name or URN of 100 characters or fewer",
      },
    });
  });
});

describe("localities and the areas mapped to them", () => {
  it("adds and renames localities, refusing a name already in use whatever its case", async () => {
    const added = await createLocality(actor, { name: "Soar Valley", localAuthority: "Leicestershire" });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(await createLocality(actor, { name: "soar valley", localAuthority: "Leicestershire" })).toEqual({
      ok: false,
      fieldErrors: { name: ["There is already a locality called soar valley"] },
    });
    expect(await createLocality(actor, { name: " ", localAuthority: "Derby" })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.any(Array), localAuthority: expect.any(Array) },
    });
    expect(await renameLocality(actor, added.value.id, { name: "Test West" })).toMatchObject({ ok: false });
    expect(await renameLocality(actor, added.value.id, { name: "Soar and Wreake" })).toMatchObject({ ok: true });
    expect(await renameLocality(actor, "no-such-locality", { name: "Anything" })).toBeNull();
    const summaries = (await prisma.auditEvent.findMany({ where: { entityId: added.value.id }, orderBy: { id: "asc" } })).map((e) => e.summary);
    expect(summaries).toEqual(["Added locality Soar Valley (Leicestershire)", "Renamed locality Soar Valley to Soar and Wreake"]);
  });

  it("maps wards to Leicester localities and districts to the others, each name to one locality only", async () => {
    expect(await addLocalityArea(actor, localities["Test West"]!, { name: "Westcotes" })).toMatchObject({ ok: true });
    expect(await addLocalityArea(actor, localities["Test Charnwood"]!, { name: "Charnwood" })).toMatchObject({ ok: true });
    const areas = await prisma.localityArea.findMany({ where: { name: { in: ["Westcotes", "Charnwood"] } }, orderBy: { name: "asc" } });
    expect(areas.map((a) => [a.name, a.kind])).toEqual([
      ["Charnwood", "DISTRICT"],
      ["Westcotes", "WARD"],
    ]);
    const elsewhere = await prisma.locality.create({ data: { name: "Test Central", localAuthority: "Leicester" } });
    expect(await addLocalityArea(actor, elsewhere.id, { name: "WESTCOTES" })).toEqual({
      ok: false,
      fieldErrors: { name: ["The ward Westcotes is already mapped to Test West"] },
    });
    expect(await addLocalityArea(actor, "no-such-locality", { name: "Abbey" })).toBeNull();
  });

  it("removes a mapping only from its own locality, and records it", async () => {
    await addLocalityArea(actor, localities["Test West"]!, { name: "Fosse" });
    const fosse = await prisma.localityArea.findFirstOrThrow({ where: { name: "Fosse" } });
    expect(await removeLocalityArea(actor, localities["Test Charnwood"]!, fosse.id)).toBeNull();
    expect(await removeLocalityArea(actor, localities["Test West"]!, fosse.id)).toEqual({ name: "Fosse" });
    expect(await prisma.localityArea.count({ where: { id: fosse.id } })).toBe(0);
    expect(await prisma.auditEvent.findFirst({ where: { entityId: fosse.id, action: "delete" } })).toMatchObject({
      summary: "Removed the ward Fosse from Test West",
    });
  });
});

describe("who may see and change schools and localities", () => {
  it("lets a school user read their own school but refuses another's with a 403", async () => {
    const [own, other] = [await createSchoolRow(), await createSchoolRow()];
    const teacher = await createUser({ role: "TEACHER", schoolId: own.id });
    const mvpLead = await createUser({ role: "MVP_LEAD", schoolId: own.id });
    expect(await getSchool(teacher, own.id)).toMatchObject({ id: own.id, name: own.name });
    expect(await getSchoolName(mvpLead, own.id)).toBe(own.name);
    await expect(getSchool(teacher, other.id)).rejects.toMatchObject({ status: 403 });
    await expect(getSchool(mvpLead, other.id)).rejects.toMatchObject({ status: 403 });
    await expect(getSchoolName(teacher, other.id)).rejects.toMatchObject({ status: 403 });
    // An id that does not exist is refused the same way, so ids reveal nothing.
    await expect(getSchool(teacher, "no-such-school")).rejects.toMatchObject({ status: 403 });
    expect(await getSchool(actor, other.id)).toMatchObject({ id: other.id });
  });

  it("refuses a teacher the lead's school and locality functions with a 403, and changes nothing", async () => {
    const own = await createSchoolRow();
    const teacher = await createUser({ role: "TEACHER", schoolId: own.id });
    const westId = localities["Test West"]!;
    const area = await prisma.localityArea.create({ data: { kind: "WARD", name: "Braunstone Park", localityId: westId } });
    const ownInput = valid({ urn: own.urn, name: own.name });

    await expect(listSchools(teacher, { page: 1 })).rejects.toMatchObject({ status: 403 });
    await expect(createSchool(teacher, valid())).rejects.toMatchObject({ status: 403 });
    await expect(updateSchool(teacher, own.id, { ...ownInput, name: "Renamed by a teacher" })).rejects.toMatchObject({ status: 403 });
    await expect(localityOptions(teacher)).rejects.toMatchObject({ status: 403 });
    await expect(listLocalities(teacher, 1)).rejects.toMatchObject({ status: 403 });
    await expect(getLocality(teacher, westId)).rejects.toMatchObject({ status: 403 });
    await expect(createLocality(teacher, { name: "Teacher Town", localAuthority: "Leicester" })).rejects.toMatchObject({ status: 403 });
    await expect(renameLocality(teacher, westId, { name: "Teacher West" })).rejects.toMatchObject({ status: 403 });
    await expect(addLocalityArea(teacher, westId, { name: "Aylestone" })).rejects.toMatchObject({ status: 403 });
    await expect(removeLocalityArea(teacher, westId, area.id)).rejects.toMatchObject({ status: 403 });

    expect(await prisma.school.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({ name: own.name });
    expect(await prisma.locality.findUniqueOrThrow({ where: { id: westId } })).toMatchObject({ name: "Test West" });
    expect(await prisma.localityArea.count({ where: { id: area.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { actorId: teacher.id } })).toBe(0);
  });
});
