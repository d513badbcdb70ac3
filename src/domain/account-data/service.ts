/**
 * Account & data (AC-02…AC-04): the complete JSON export, and account deletion with a 30-day grace
 * period, a one-time cancel link mailed to the user and a daily purge. Pending deletions live in the
 * instance settings (`account_deletion:<userId>` plus an index of user ids).
 */
import { AppError, invalid } from "../../lib/errors";
import { equalStrings, sha256Hex } from "../../lib/crypto";
import { newSecret } from "../../lib/ids";
import { DAY, type Clock } from "../../lib/time";
import type { Logger } from "../../lib/logger";
import type { Actor, User } from "../accounts/model";
import type { AccountsService } from "../accounts/service";
import type { AuditService } from "../audit/service";
import type { Mailer } from "../mail/model";
import type { OrganizationsService } from "../organizations/service";
import type { SettingsService } from "../settings/service";
import type { TenantDb } from "../../db/tenants";

export const DELETION_GRACE_MS = 30 * DAY;
const INDEX_KEY = "account_deletions";
const keyOf = (userId: string) => `account_deletion:${userId}`;

export interface DeletionRequest {
  requestedAt: number;
  scheduledFor: number;
  reason: string;
  tokenHash: string;
}

export interface AccountDataDeps {
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  accounts: AccountsService;
  orgs: OrganizationsService;
  settings: SettingsService;
  mailer: () => Mailer;
  publicUrl: string;
  tenantDb: (orgId: string) => TenantDb;
  /** JSON members describing one organization's data (areas contribute through this). */
  orgJson: (db: TenantDb) => Iterable<string>;
}

export function createAccountDataService(d: AccountDataDeps) {
  const pending = (): string[] => d.settings.instance<string[]>(INDEX_KEY) ?? [];
  const status = (userId: string): DeletionRequest | null => {
    const v = d.settings.instance<DeletionRequest | false>(keyOf(userId));
    return v && typeof v === "object" ? v : null;
  };
  const clear = (userId: string) => {
    d.settings.setInstance(keyOf(userId), false);
    d.settings.setInstance(INDEX_KEY, pending().filter((id) => id !== userId));
  };

  /** Organizations that would be left without an owner: the user must transfer them first. */
  function blockers(userId: string): string[] {
    return d.orgs.forUser(userId).filter((o) => o.role === "owner").flatMap((o) => {
      const members = d.orgs.members(o.id);
      const otherOwner = members.some((m) => m.userId !== userId && m.role === "owner");
      return otherOwner ? [] : [members.length > 1 ? `transfer the ownership of ${o.name} first` : `${o.name} has no other member: invite one and make them owner first`];
    });
  }

  return {
    status,

    /** AC-02: profile, memberships and every organization's data as one JSON document, streamed. */
    *exportJson(user: User): Generator<string> {
      const orgs = d.orgs.forUser(user.id);
      yield `{"exportedAt":${JSON.stringify(new Date(d.clock.now()).toISOString())},"profile":${JSON.stringify({ email: user.email, name: user.name, createdAt: new Date(user.createdAt).toISOString() })},"organizations":[`;
      for (const [i, o] of orgs.entries()) {
        yield `${i ? "," : ""}{"slug":${JSON.stringify(o.slug)},"name":${JSON.stringify(o.name)},"role":${JSON.stringify(o.role)},`;
        yield* d.orgJson(d.tenantDb(o.id));
        yield "}";
      }
      yield "]}";
    },

    /** AC-04: type DELETE to schedule; a cancel link is mailed (best effort). */
    async requestDeletion(user: User, body: { confirm?: unknown; reason?: unknown }, actor: Actor): Promise<{ scheduledFor: number; cancelLink: string; mailError: string | null }> {
      if (body.confirm !== "DELETE") throw invalid("confirm", "Type DELETE (in capitals) to confirm.");
      if (status(user.id)) throw new AppError("INVALID_STATE", "Your account is already scheduled for deletion.");
      const blocked = blockers(user.id);
      if (blocked.length) throw new AppError("INVALID_STATE", `Before deleting your account, ${blocked.join("; ")}.`);
      const now = d.clock.now();
      const secret = newSecret();
      const req: DeletionRequest = { requestedAt: now, scheduledFor: now + DELETION_GRACE_MS, reason: typeof body.reason === "string" ? body.reason.trim().slice(0, 1000) : "", tokenHash: sha256Hex(secret) };
      d.settings.setInstance(keyOf(user.id), req);
      d.settings.setInstance(INDEX_KEY, [...pending(), user.id]);
      d.audit.record({ orgId: null, actor, action: "user.deletion_requested", resource: "user", resourceId: user.id, details: { scheduledFor: new Date(req.scheduledFor).toISOString() } });
      const cancelLink = `${d.publicUrl}/cancel-deletion?token=${user.id}.${secret}`;
      let mailError: string | null = null;
      try {
        await d.mailer().send({
          to: user.email, subject: "Your Owlat account will be deleted in 30 days",
          text: `You asked to delete your Owlat account ${user.email}. It will be deleted on ${new Date(req.scheduledFor).toUTCString()}.\n\nChanged your mind? Cancel the deletion here (no sign-in needed):\n${cancelLink}`,
        });
      } catch (e) {
        mailError = (e as Error).message;
      }
      return { scheduledFor: req.scheduledFor, cancelLink, mailError };
    },

    cancelDeletion(userId: string, actor: Actor): boolean {
      if (!status(userId)) return false;
      clear(userId);
      d.audit.record({ orgId: null, actor, action: "user.deletion_cancelled", resource: "user", resourceId: userId });
      return true;
    },

    /** The cancel link from the mail: `<userId>.<secret>`, valid until the deletion happens. */
    findByToken(token: unknown): { userId: string; request: DeletionRequest } | null {
      const m = typeof token === "string" ? /^([a-z0-9]{10,40})\.([a-z0-9]{20,64})$/.exec(token) : null;
      const req = m ? status(m[1]!) : null;
      if (!m || !req || !equalStrings(sha256Hex(m[2]!), req.tokenHash)) return null;
      return { userId: m[1]!, request: req };
    },

    /** The daily purge: accounts whose grace period ended are deleted for good. */
    purgeDue(actor: Actor): number {
      let n = 0;
      for (const userId of pending()) {
        const req = status(userId);
        if (!req) {
          clear(userId);
          continue;
        }
        if (req.scheduledFor > d.clock.now()) continue;
        if (d.accounts.deleteUser(userId, actor)) n++;
        clear(userId);
      }
      return n;
    },
  };
}

export type AccountDataService = ReturnType<typeof createAccountDataService>;
