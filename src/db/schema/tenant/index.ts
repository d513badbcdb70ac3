// Every tenant-owned table, one file per product area. drizzle-kit reads this index.
export * from "./settings";
export * from "./domains";
export * from "./media";
export * from "./deliveries";
export * from "./audience";
export * from "./templates";
