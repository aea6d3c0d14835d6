import { ColumnTypeEnum, type ArgType, type ColumnType, type SqlResultSet } from "@prisma/driver-adapter-utils";

/**
 * How a parameter of a statement sent straight to a Prisma driver adapter is typed, as Prisma's client types
 * the parameters of `$queryRawUnsafe`: the PostgreSQL adapter writes a Date as UTC text, and maps each value
 * of an array by its type. A null or undefined value is sent as NULL whatever its type.
 */
export function argTypeOf(value: unknown): ArgType {
  if (Array.isArray(value)) return { ...argTypeOf(value.find((item) => item !== null && item !== undefined)), arity: "list" };
  return { scalarType: scalarTypeOf(value), arity: "scalar" };
}

function scalarTypeOf(value: unknown): ArgType["scalarType"] {
  if (value instanceof Date) return "datetime";
  if (value instanceof Uint8Array) return "bytes";
  switch (typeof value) {
    case "string":
      return "string";
    case "bigint":
      return "bigint";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    default:
      return "unknown";
  }
}

/**
 * One value of a result set as `selectRows` gives it, by its column's type: what Prisma's client gives for
 * `$queryRawUnsafe`, but with counts and sums (PostgreSQL's bigint and numeric, which the adapter gives as
 * text) as plain numbers, as SQLite gives them; instants and dates as Date; JSON parsed. Null stays null.
 */
function valueOf(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnTypeEnum.Int64:
    case ColumnTypeEnum.Numeric:
    case ColumnTypeEnum.UnknownNumber:
      return Number(value);
    case ColumnTypeEnum.Date:
    case ColumnTypeEnum.DateTime:
      return new Date(value as string);
    case ColumnTypeEnum.Json:
      return typeof value === "string" ? JSON.parse(value) : value;
    case ColumnTypeEnum.Bytes:
      return Uint8Array.from(value as number[]);
    default:
      return value;
  }
}

/** For an array column, the type of its values (`ColumnTypeEnum.Int64Array` gives `Int64`); null for any other. */
function itemType(type: ColumnType): ColumnType | null {
  return type >= ColumnTypeEnum.Int32Array && type <= ColumnTypeEnum.UuidArray ? ((type - ColumnTypeEnum.Int32Array) as ColumnType) : null;
}

/** The column types whose values valueOf changes: the adapter gives every other as it should be (text, int, float, true or false). */
const CONVERTED = new Set<ColumnType>([
  ColumnTypeEnum.Int64,
  ColumnTypeEnum.Numeric,
  ColumnTypeEnum.UnknownNumber,
  ColumnTypeEnum.Date,
  ColumnTypeEnum.DateTime,
  ColumnTypeEnum.Json,
  ColumnTypeEnum.Bytes,
]);

/** The rows of `resultSet` as objects keyed by column name, each value as `selectRows` gives it (see valueOf). */
export function rowsOf<T extends Record<string, unknown>>({ columnNames, columnTypes, rows }: SqlResultSet): T[] {
  const convert = columnTypes.map((type): ((value: unknown) => unknown) | null => {
    const item = itemType(type);
    if (item !== null) return (value) => (Array.isArray(value) ? value.map((v) => valueOf(item, v)) : value);
    return CONVERTED.has(type) ? (value) => valueOf(type, value) : null;
  });
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columnNames.length; i++) {
      const change = convert[i];
      row[columnNames[i]!] = change ? change(values[i]) : values[i];
    }
    return row as T;
  });
}
