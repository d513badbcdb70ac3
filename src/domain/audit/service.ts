import type { SystemDb } from "../../db/system";
import type { Clock } from "../../lib/time";
import { DAY } from "../../lib/time";
import { AUDIT_RANGES, type AuditEntry, type AuditFilter, type AuditRecord } from "./model";
import * as q from "./queries";

export interface AuditService {
  record(entry: AuditRecord): void;
  list(filter: AuditFilter): AuditEntry[];
  /** Every matching entry, newest first, in pages (for CSV export). */
  iterate(filter: AuditFilter): Generator<AuditEntry>;
  resources(orgId: string): string[];
  purgeOlderThan(days: number): number;
}

const flatDetails = (details: Record<string, unknown> | undefined) => {
  if (!details) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    if (v === undefined) continue;
    out[k] = v !== null && typeof v === "object" ? JSON.stringify(v) : v;
  }
  return out;
};

export function createAuditService(db: SystemDb, clock: Clock): AuditService {
  const sinceOf = (range?: string) => {
    const span = AUDIT_RANGES[range ?? "all"] ?? null;
    return span === null ? null : clock.now() - span;
  };
  return {
    record(entry) {
      q.insertAudit(db, {
        orgId: entry.orgId,
        actorId: entry.actor.userId,
        actorLabel: entry.actor.label,
        action: entry.action,
        resource: entry.resource,
        resourceId: entry.resourceId ?? null,
        details: flatDetails(entry.details),
        ip: entry.actor.ip,
        userAgent: entry.actor.userAgent?.slice(0, 300) ?? null,
        createdAt: clock.now(),
      });
    },
    list(filter) {
      return q.selectAudit(db, filter, sinceOf(filter.range), Math.min(filter.limit ?? 50, 500));
    },
    *iterate(filter) {
      let beforeId: number | undefined;
      for (;;) {
        const page = q.selectAudit(db, { ...filter, beforeId }, sinceOf(filter.range), 1000);
        yield* page;
        if (page.length < 1000) return;
        beforeId = page[page.length - 1]!.id;
      }
    },
    resources: (orgId) => q.distinctResources(db, orgId),
    purgeOlderThan(days) {
      return q.deleteAuditBefore(db, clock.now() - days * DAY);
    },
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  // Leading =,+,-,@ would be read as formulas by spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function auditCsvHeader(): string {
  return "time,actor,action,resource,resource_id,details,ip,user_agent\n";
}

export function auditCsvRow(e: AuditEntry): string {
  return [new Date(e.createdAt).toISOString(), e.actorLabel, e.action, e.resource, e.resourceId, e.details, e.ip, e.userAgent]
    .map(csvCell)
    .join(",") + "\n";
}
