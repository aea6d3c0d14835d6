import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The Prisma CLI's settings for the PostgreSQL schema (generate, migrate diff). Migrations are applied by
// scripts/lib/postgresql-migrations.mjs, since `prisma migrate deploy` fails through the adapter.
const databaseUrl = process.env.DATABASE_URL ?? "postgresql://localhost/schools_forum";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  async adapter() {
    return new PrismaPg({ connectionString: databaseUrl });
  },
});
