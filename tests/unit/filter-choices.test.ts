import { describe, expect, it } from "vitest";
import { allProblems, readChoices, readYearChoice } from "~/lib/filter-choices";

const query = (text: string) => new URLSearchParams(text);

describe("reading a filter form's choices from an address", () => {
  const choices = {
    colour: { offered: ["red", "blue"], message: "Choose a colour from the list" },
    size: { offered: ["S", "M"], message: "Choose a size from the list" },
  };

  it("uses an offered value, trimmed, and reads an empty or absent one as All", () => {
    expect(readChoices(query("colour=%20blue%20&size="), choices)).toEqual({ values: { colour: "blue", size: null }, problems: null });
    expect(readChoices(query(""), choices)).toEqual({ values: { colour: null, size: null }, problems: null });
  });

  it("uses none that the form does not offer, whatever its case or spacing, and says why by the field", () => {
    expect(readChoices(query("colour=Blue&size=XL"), choices)).toEqual({
      values: { colour: null, size: null },
      problems: { colour: "Choose a colour from the list", size: "Choose a size from the list" },
    });
  });

  it("does not read a filter the form does not have on this page", () => {
    expect(readChoices(query("colour=red&size=XL"), { ...choices, size: undefined })).toEqual({ values: { colour: "red", size: null }, problems: null });
  });

  it("reads a year as sent or as shown, and refuses one not offered", () => {
    const year = (text: string) => readYearChoice(query(text), { offered: [2025, 2026], fallback: 2026, message: "No such year" });
    expect(year("")).toEqual({ year: 2026, problem: null });
    expect(year("year=2025")).toEqual({ year: 2025, problem: null });
    expect(year("year=2025%2F26")).toEqual({ year: 2025, problem: null });
    for (const text of ["year=2024", "year=2025%2F27", "year=next", "year=20250"]) expect(year(text)).toEqual({ year: 2026, problem: "No such year" });
  });

  it("puts several readers' problems together, and has none when none has any", () => {
    expect(allProblems(null, undefined, {})).toBeNull();
    expect(allProblems({ topic: "a" }, null, { when: "b" })).toEqual({ topic: "a", when: "b" });
  });
});
