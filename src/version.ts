import pkg from "../package.json";

declare const OWLAT_BUILD: string | undefined;

/** Version information: baked in by `bun run build`, else from package.json (running from source). */
export const buildInfo: { version: string; gitSha: string; buildDate: string } =
  typeof OWLAT_BUILD === "string" ? JSON.parse(OWLAT_BUILD) : { version: pkg.version, gitSha: "source", buildDate: "" };
