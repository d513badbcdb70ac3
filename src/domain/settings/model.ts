import { invalid } from "../../lib/errors";

/** Organization settings editable on Settings → Organization. */
export interface OrgProfile {
  defaultFromName: string;
  physicalAddress: string;
  timezone: string;
}

export const DEFAULT_PROFILE: OrgProfile = { defaultFromName: "", physicalAddress: "", timezone: "UTC" };

export function checkProfile(input: Record<string, unknown>): OrgProfile {
  const text = (key: string, max: number) => {
    const v = input[key];
    if (v !== undefined && typeof v !== "string") throw invalid(key, `${key} must be text.`);
    const s = (v ?? "").trim();
    if (s.length > max) throw invalid(key, `${key} must be at most ${max} characters.`);
    return s;
  };
  const timezone = text("timezone", 64) || "UTC";
  if (!Intl.supportedValuesOf("timeZone").includes(timezone) && timezone !== "UTC") throw invalid("timezone", `Unknown time zone "${timezone}".`);
  return { defaultFromName: text("defaultFromName", 100), physicalAddress: text("physicalAddress", 500), timezone };
}
