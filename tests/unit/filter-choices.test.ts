import { describe, expect, it } from "vitest";
import { allProblems, readChoices, readSearch, readYearChoice, SEARCH_MAX } from "~/lib/filter-choices";

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

  it("uses no value of a filter given twice with different values, and takes the same value twice", () => {
    expect(readChoices(query("colour=red&colour=blue&size=S&size=%20S"), choices)).toEqual({
      values: { colour: null, size: "S" },
      problems: { colour: "Choose a colour from the list" },
    });
    const years = { offered: [2024, 2025], fallback: 2025, message: "No such year" };
    expect(readYearChoice(query("year=2024&year=2025"), years)).toEqual({ year: 2025, problem: "No such year" });
    expect(readYearChoice(query("year=2024&year=2024/25"), years)).toEqual({ year: 2025, problem: "No such year" });
  });
});

describe("reading a list's search box from an address", () => {
  const read = (text: string) => readSearch(query(text), { tooLong: "Too long" });

  it("takes a line of text, trimmed, and none as no search", () => {
    expect(read("q=%20Ash%20Green%20")).toEqual({ search: "Ash Green", problem: null });
    expect(read("")).toEqual({ search: "", problem: null });
    expect(read("q=%20")).toEqual({ search: "", problem: null });
  });

  it("does not search for text the box would not send, and says why", () => {
    expect(read(`q=${"a".repeat(SEARCH_MAX + 1)}`)).toEqual({ search: "", problem: "Too long" });
    for (const text of ["q=%00", "q=a%01b", "q=ash%0Agreen", "q=%E2%80%AEevil", "q=%E2%80%8B"]) {
      const { search, problem } = read(text);
      expect(search, text).toBe("");
      expect(problem, text).toMatch(/search/);
    }
    expect(read("q=ash&q=oak")).toEqual({ search: "", problem: "Enter one search, not two" });
  });
});
