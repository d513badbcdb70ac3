import { defineConfig } from "drizzle-kit";

// System database: users, sessions, organizations, jobs, audit. `bun run db:generate` writes migrations/system.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema/system.ts",
  out: "./migrations/system",
});
