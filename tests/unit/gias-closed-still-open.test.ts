/**
 * A school GIAS records as closed, uploaded with "Closed establishments" not ticked, is left out of the
 * import. One the forum has open stays open: its preview and its result say so under a heading of its own,
 * rather than among the rows left out as schools the forum has closed already or does not have.
 */
import fs from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { GIAS_COLUMNS, type GiasOptions } from "~/lib/gias";
import { applyImport, getImportPreview, stageImport } from "~/models/gias-import.server";
import { createUser } from "./factories";
import { flashOf, routeContext, signedInGet, signedInPost } from "./support/route";

const DEFAULTS: GiasOptions = { includeClosed: false, includeOtherPhases: false };
const [headerLine, ...lines] = iconv.decode(fs.readFileSync("tests/fixtures/gias-llr-sample.csv"), "win1252").trimEnd().split(/\r?\n/);
const header = headerLine!.split(",");
const herondale = lines.find((line) => line.startsWith("990003,"))!.split(",");

/** Herondale School's row of the sample with `urn`, `name` and a status of `status` in GIAS. */
function row(urn: string, name: string, status: string): string {
  const values: Record<string, string> = { [GIAS_COLUMNS.urn]: urn, [GIAS_COLUMNS.name]: name, [GIAS_COLUMNS.status]: status };
  return header.map((column, i) => `"${values[column] ?? herondale[i]!}"`).join(",");
}

describe("a school closed in GIAS and open here, closed establishments not included", () => {
  it("is listed as staying open, apart from the rows left out, before and after the import, and the import says it left it open", async () => {
    const actor = await createUser();
    const school = { localAuthority: "Leicester", type: "SECONDARY", numberOnRoll: 900 };
    await prisma.school.create({ data: { ...school, urn: "990901", name: "Still Open Academy", status: "OPEN" } });
    await prisma.school.create({ data: { ...school, urn: "990902", name: "Closed Here Academy", status: "CLOSED" } });
    const csv = [
      headerLine,
      row("990901", "Still Open Academy", "Closed"),
      row("990902", "Closed Here Academy", "Closed"),
      row("990903", "Never Here Academy", "Closed"),
      row("990904", "New Academy", "Open"),
    ].join("\r\n");
    const staged = await stageImport(actor, { fileName: "establishments.csv", bytes: Buffer.from(csv, "utf8"), options: DEFAULTS });
    if (!staged.ok) throw new Error(staged.message);

    const preview = (await getImportPreview(actor, staged.importId))!;
    expect(preview.leftOpen.map((skip) => [skip.row, skip.urn])).toEqual([[2, "990901"]]);
    expect(preview.leftOut.map((skip) => [skip.row, skip.urn, skip.reason])).toEqual([
      [3, "990902", "Closed establishment"],
      [4, "990903", "Closed establishment"],
    ]);
    expect(preview.diff!.add.map((add) => add.facts.urn)).toEqual(["990904"]);

    const path = `/schools/import/${staged.importId}`;
    const { action, loader } = await import("~/routes/schools.import.$importId");
    const page = async () =>
      (await loader({ request: await signedInGet(path, actor.id), context: routeContext(), params: { importId: staged.importId } })) as Exclude<
        Awaited<ReturnType<typeof loader>>,
        Response
      >;
    expect((await page()).leftOpen).toMatchObject({ total: 1, items: [{ urn: "990901" }] });
    expect((await page()).leftOut.total).toBe(2);

    const response = await action({
      request: await signedInPost(path, actor.id, { fingerprint: preview.diff!.fingerprint }),
      context: routeContext(),
      params: { importId: staged.importId },
    });
    expect(await flashOf(response as Response)).toBe("Import complete: 1 school added, 0 updated, 0 unchanged, 1 closed in GIAS left open.");
    expect(await prisma.school.findUniqueOrThrow({ where: { urn: "990901" } })).toMatchObject({ status: "OPEN" });
    expect(await prisma.auditEvent.findFirst({ where: { entityType: "SchoolImport", action: "import", entityId: staged.importId } })).toMatchObject({
      summary: "Applied GIAS file establishments.csv: 1 added, 0 updated, 0 unchanged, 1 closed in GIAS left open",
    });

    // Once applied, the page still lists it as left open, though the school is closed by hand since.
    await prisma.school.update({ where: { urn: "990901" }, data: { status: "CLOSED" } });
    const after = await page();
    expect(after.applied).toBe("1 added, 0 updated, 0 unchanged, 1 closed in GIAS left open");
    expect(after.leftOpen).toMatchObject({ total: 1, items: [{ urn: "990901" }] });
    expect(after.leftOut.total).toBe(2);
    expect(await applyImport(actor, staged.importId, preview.diff!.fingerprint)).toEqual({ status: "already-applied" });
  });
});
