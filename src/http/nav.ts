import type { FlagValues } from "../domain/flags/resolve";
import { hasPermission, type Permission, type Role } from "../domain/organizations/model";
import type { NavItem } from "../../web/views/shell";

/**
 * Organization navigation. `path` is relative to /o/:slug; an item shows only when its flag is on
 * and the role has its permission. Product areas add their entries here.
 */
interface NavEntry {
  label: string;
  path: string;
  section: "main" | "settings";
  flag?: string;
  permission?: Permission;
  instanceAdmin?: boolean;
}

export const NAV: NavEntry[] = [
  { label: "Dashboard", path: "", section: "main" },
  { label: "Contacts", path: "/contacts", section: "main" },
  { label: "Topics", path: "/topics", section: "main" },
  { label: "Segments", path: "/segments", section: "main" },
  { label: "Forms", path: "/forms", section: "main", flag: "forms" },
  { label: "Media", path: "/media", section: "main" },
  { label: "Organization", path: "/settings", section: "settings" },
  { label: "Team", path: "/settings/team", section: "settings" },
  { label: "Contact properties", path: "/settings/properties", section: "settings" },
  { label: "Blocklist", path: "/settings/blocklist", section: "settings" },
  { label: "Sending domains", path: "/settings/domains", section: "settings" },
  { label: "Deliverability", path: "/deliverability", section: "settings", permission: "settings:manage" },
  { label: "Features", path: "/settings/features", section: "settings", permission: "settings:manage" },
  { label: "Audit log", path: "/settings/audit", section: "settings", permission: "organization:manage" },
  { label: "System", path: "/settings/system", section: "settings", instanceAdmin: true },
];

/**
 * Path prefixes (relative to /o/:slug) that belong to a feature flag: with the flag off, pages
 * redirect to the dashboard with ?disabled=<flag> and other requests get 403. Longest prefix wins.
 */
export const FEATURE_PATHS: { prefix: string; flag: string }[] = [
  { prefix: "/campaigns", flag: "campaigns" },
  { prefix: "/automations", flag: "automations" },
  { prefix: "/forms", flag: "forms" },
];

export function featureForPath(relativePath: string): string | null {
  let best: { prefix: string; flag: string } | null = null;
  for (const rule of FEATURE_PATHS) {
    const hit = relativePath === rule.prefix || relativePath.startsWith(rule.prefix + "/");
    if (hit && (!best || rule.prefix.length > best.prefix.length)) best = rule;
  }
  return best?.flag ?? null;
}

export function navFor(input: { slug: string; role: Role; flags: FlagValues; isInstanceAdmin: boolean; path: string }): NavItem[] {
  const base = `/o/${input.slug}`;
  return NAV.filter((n) => (!n.flag || input.flags[n.flag]) && (!n.permission || hasPermission(input.role, n.permission)) && (!n.instanceAdmin || input.isInstanceAdmin)).map((n) => {
    const href = base + n.path;
    const active = n.path === "" ? input.path === base || input.path === base + "/" : input.path === href || input.path.startsWith(href + "/") && !NAV.some((o) => o !== n && o.path.startsWith(n.path + "/") && input.path.startsWith(base + o.path));
    return { label: n.label, href, active, section: n.section };
  });
}
