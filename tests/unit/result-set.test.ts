import { ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { argTypeOf, rowsOf } from "~/lib/result-set";

describe("a result set read past Prisma's client", () => {
  it("gives counts and sums as numbers, instants and dates as Date, JSON parsed, and the rest as the adapter gave it", () => {
    const rows = rowsOf({
      columnNames: ["count", "sum", "at", "day", "json", "name", "n", "share", "yes", "nothing"],
      columnTypes: [
        ColumnTypeEnum.Int64,
        ColumnTypeEnum.Numeric,
        ColumnTypeEnum.DateTime,
        ColumnTypeEnum.Date,
        ColumnTypeEnum.Json,
        ColumnTypeEnum.Text,
        ColumnTypeEnum.Int32,
        ColumnTypeEnum.Double,
        ColumnTypeEnum.Boolean,
        ColumnTypeEnum.Int64,
      ],
      rows: [["12", "1.5", "2025-03-04T05:06:07.089+00:00", "2025-01-02", '{"x":1}', "Ash Grove", 3, 0.25, true, null]],
    });
    expect(rows).toEqual([
      {
        count: 12,
        sum: 1.5,
        at: new Date("2025-03-04T05:06:07.089Z"),
        day: new Date("2025-01-02T00:00:00Z"),
        json: { x: 1 },
        name: "Ash Grove",
        n: 3,
        share: 0.25,
        yes: true,
        nothing: null,
      },
    ]);
    expect(typeof rows[0]!.count).toBe("number");
  });

  it("converts each value of an array column by the type of its values", () => {
    const [row] = rowsOf({
      columnNames: ["counts", "names", "none"],
      columnTypes: [ColumnTypeEnum.Int64Array, ColumnTypeEnum.TextArray, ColumnTypeEnum.DateTimeArray],
      rows: [[["1", null, "30"], ["a", "b"], null]],
    });
    expect(row).toEqual({ counts: [1, null, 30], names: ["a", "b"], none: null });
  });

  it("types each parameter as Prisma's client types those of $queryRawUnsafe", () => {
    expect([new Date(0), "x", 3, 1.5, 7n, true, null].map(argTypeOf).map((t) => [t.scalarType, t.arity])).toEqual([
      ["datetime", "scalar"],
      ["string", "scalar"],
      ["int", "scalar"],
      ["float", "scalar"],
      ["bigint", "scalar"],
      ["boolean", "scalar"],
      ["unknown", "scalar"],
    ]);
    expect(argTypeOf([null, "a"])).toEqual({ scalarType: "string", arity: "list" });
    expect(argTypeOf([new Date(0)])).toEqual({ scalarType: "datetime", arity: "list" });
    expect(argTypeOf([])).toEqual({ scalarType: "unknown", arity: "list" });
  });
});
