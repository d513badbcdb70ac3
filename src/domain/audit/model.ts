import type { Actor } from "../accounts/model";

export interface AuditEntry {
  id: number;
  orgId: string | null;
  actorId: string | null;
  actorLabel: string;
  action: string;
  resource: string;
  resourceId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: number;
}

export interface AuditRecord {
  orgId: string | null;
  actor: Actor;
  /** e.g. "team_member.invited", "settings.updated". */
  action: string;
  resource: string;
  resourceId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  orgId: string | null;
  resource?: string;
  actorId?: string;
  /** "24h" | "7d" | "30d" | "all" */
  range?: string;
  search?: string;
  /** keyset paging: entries with id below this */
  beforeId?: number;
  limit?: number;
}

export const AUDIT_RANGES: Record<string, number | null> = {
  "24h": 24 * 3600_000,
  "7d": 7 * 24 * 3600_000,
  "30d": 30 * 24 * 3600_000,
  all: null,
};
