export const ROLES = ["owner", "admin", "editor"] as const;
export type Role = (typeof ROLES)[number];
export const INVITABLE_ROLES = ["admin", "editor"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const MEMBER_LIMIT = 50;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const INVITATION_RESEND_INTERVAL_MS = 60 * 1000;

/** Permission map of platform.md §3. */
export const PERMISSIONS = {
  "campaigns:send": "editor",
  "campaigns:manage": "editor",
  "campaigns:schedule": "editor",
  "contacts:annotate": "editor",
  "emails:test": "editor",
  "knowledge:read": "editor",
  "chat:participate": "editor",
  "templates:manage": "admin",
  "automations:manage": "admin",
  "topics:manage": "admin",
  "segments:manage": "admin",
  "media:manage": "admin",
  "shareLinks:manage": "admin",
  "imports:manage": "admin",
  "contacts:manage": "admin",
  "organization:manage": "admin",
  "settings:manage": "admin",
  "chat:manage": "admin",
  "organization:delete": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

const rank: Record<Role, number> = { editor: 1, admin: 2, owner: 3 };

export function hasPermission(role: Role, permission: Permission): boolean {
  return rank[role] >= rank[PERMISSIONS[permission]];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
  createdAt: number;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: number;
}

export interface Invitation {
  id: string;
  email: string;
  role: InvitableRole;
  createdAt: number;
  expiresAt: number;
  lastSentAt: number;
  invitedByEmail: string | null;
}

/** What a request knows about the organization it acts on; resolved once per request. */
export interface OrgMembership {
  org: Organization;
  role: Role;
}
