import { describe, expect, it } from "vitest";
import { listAuditEvents } from "~/models/audit.server";
import { pageFrom } from "~/lib/pagination";

const page = (query: string) => pageFrom(new URLSearchParams(query));
const lead = { id: "lead", email: "lead@example.test", name: "Lead", role: "VRN_LEAD", schoolId: null };

describe("pageFrom", () => {
  it("reads a whole page number from the address", () => {
    expect(page("page=3")).toBe(3);
    expect(page("")).toBe(1);
  });

  it("falls back to the first page for anything else", () => {
    for (const query of ["page=0", "page=-2", "page=1.5", "page=abc", "page=", "page=NaN"]) expect(page(query)).toBe(1);
  });

  it("keeps an enormous page number to one the database can skip to", async () => {
    const huge = page("page=99999999999999999999");
    expect(huge).toBeLessThanOrEqual(100_000);
    await expect(listAuditEvents(lead, { page: huge })).resolves.toMatchObject({ events: [] });
  });
});
