import { defineConfig } from "drizzle-kit";

// One database per organization. `bun run db:generate` writes migrations/tenant.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema/tenant/index.ts",
  out: "./migrations/tenant",
});
