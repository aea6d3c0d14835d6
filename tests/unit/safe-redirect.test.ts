import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/responses.server";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("/schools?page=2")).toBe("/schools?page=2");
  });

  it("refuses anything that could leave the site", () => {
    for (const target of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "", null, undefined]) {
      expect(safeRedirect(target, "/home")).toBe("/home");
    }
  });
});
