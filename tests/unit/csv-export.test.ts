import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvLine, csvStream } from "~/lib/csv-export";

describe("CSV cells", () => {
  it("quote commas, quotes and line breaks as RFC 4180 says", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("Smith, Jones")).toBe('"Smith, Jones"');
    expect(csvCell('The "best" school')).toBe('"The ""best"" school"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("St Mary’s École")).toBe("St Mary’s École");
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("make text that a spreadsheet would run as a formula inert", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+44 116")).toBe("'+44 116");
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\rcmd")).toBe('"\'\rcmd"');
    // Numbers are numbers, not text: a negative stays a number.
    expect(csvCell(-3)).toBe("-3");
  });

  it("end each line with CRLF", () => {
    expect(csvLine(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });
});

describe("CSV streams", () => {
  it("start with a byte-order mark and carry every row, from a generator", async () => {
    async function* rows() {
      yield ["School", "Pupils"];
      for (let i = 0; i < 450; i++) yield [`School ${i}`, i];
    }
    const bytes = await new Response(csvStream(rows())).arrayBuffer();
    // Keep the BOM: a plain text() would strip it.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("School,Pupils");
    expect(lines[450]).toBe("School 449,449");
    expect(lines).toHaveLength(452);
    const small = new Uint8Array(await new Response(csvStream([["é"]])).arrayBuffer());
    expect([...small]).toEqual([0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0x0d, 0x0a]);
  });
});
