import type { Clock } from "../../lib/time";
import { AppError, invalid } from "../../lib/errors";
import { newId } from "../../lib/ids";
import type { DnsResolve } from "../../lib/dns";
import type { AuditService } from "../audit/service";
import type { FlagsService } from "../flags/service";
import { requirePermission, type TenantContext } from "../context";
import {
  DMARC_POLICIES, KEY_OVERLAP_MS, VERIFICATION_TTL_MS, normalizeDomain,
  type DmarcPolicy, type RecordCheck, type SendingDomain, type SigningKey,
} from "./model";
import { generateDkimKey, sealPrivateKey, selectorFor, unsealPrivateKey } from "./keys";
import { recordsFor, type RecordSettings } from "./records";
import { checkDomainRecords } from "./verify";
import * as q from "./queries";

/** Instance-wide ownership of sending domains: one organization per domain. */
export interface DomainRegistry {
  /** Records the owner; false when another organization owns the domain. */
  claim(domain: string, orgId: string): boolean;
  release(domain: string, orgId: string): void;
  ownerOf(domain: string): string | null;
}

export interface DomainsDeps {
  clock: Clock;
  audit: AuditService;
  flags: FlagsService;
  secret: string;
  resolve: DnsResolve;
  settings: RecordSettings;
  registry: DomainRegistry;
}

type Ctx = Pick<TenantContext, "org" | "db">;

export function createDomainsService(deps: DomainsDeps) {
  const { clock, audit } = deps;

  const view = (ctx: Ctx, row: q.DomainRow): SendingDomain => {
    const keys = q.keysOf(ctx.db, row.id);
    return {
      ...row,
      keys: keys.map((k) => ({ id: k.id, selector: k.selector, algorithm: k.algorithm, status: k.status, createdAt: k.createdAt, retireAt: k.retireAt })),
      records: recordsFor(row.domain, keys, row.dmarcPolicy, deps.settings),
    };
  };

  const rowOrThrow = (ctx: Ctx, id: string) => {
    const row = q.findDomainRow(ctx.db, id);
    if (!row) throw new AppError("NOT_FOUND", "No such sending domain.");
    return row;
  };

  const record = (ctx: TenantContext, action: string, row: q.DomainRow, details?: Record<string, unknown>) =>
    audit.record({ orgId: ctx.org.id, actor: ctx.actor, action, resource: "sending_domain", resourceId: row.id, details: { domain: row.domain, ...details } });

  function newKey(ctx: Ctx, domainId: string, algorithm: "rsa-sha256" | "ed25519-sha256", status: "active" | "pending") {
    const k = generateDkimKey(algorithm);
    const now = clock.now();
    q.insertKey(ctx.db, {
      id: newId(), domainId, selector: selectorFor(algorithm, now), algorithm, publicKey: k.publicKey,
      privateKeySealed: sealPrivateKey(deps.secret, k.privateKeyPem), status, createdAt: now, activatedAt: status === "active" ? now : null,
    });
  }

  /** Runs the DNS checks and stores the result; verified when every required record checks out. */
  async function verifyRow(ctx: Ctx, row: q.DomainRow): Promise<{ status: q.DomainRow["status"]; checks: Record<string, RecordCheck> }> {
    const keys = q.keysWithStatus(ctx.db, row.id, ["active", "pending"]);
    const checks = await checkDomainRecords({
      domain: row.domain,
      dmarcPolicy: row.dmarcPolicy,
      keys: keys.map((k) => ({ selector: k.selector, algorithm: k.algorithm, privateKeyPem: unsealPrivateKey(deps.secret, k.privateKeySealed) ?? "" })),
      settings: deps.settings,
      resolve: deps.resolve,
    });
    const now = clock.now();
    for (const k of keys.filter((k) => k.status === "pending" && checks[`dkim:${k.selector}`]?.ok)) {
      // The new key is live in DNS: it takes over, the old one stays published for the overlap.
      for (const old of q.keysWithStatus(ctx.db, row.id, ["active"]).filter((o) => o.algorithm === k.algorithm)) {
        q.updateKey(ctx.db, old.id, { status: "retiring", retireAt: now + KEY_OVERLAP_MS });
      }
      q.updateKey(ctx.db, k.id, { status: "active", activatedAt: now });
    }
    const required = recordsFor(row.domain, q.keysOf(ctx.db, row.id), row.dmarcPolicy, deps.settings).filter((r) => r.required);
    const ok = required.every((r) => checks[r.id]?.ok);
    const status = ok ? "verified" : "failed";
    q.updateDomain(ctx.db, row.id, { status, checks, lastCheckedAt: now, verifiedAt: ok ? (row.status === "verified" ? row.verifiedAt : now) : null });
    return { status, checks };
  }

  const service = {
    list: (ctx: Ctx): SendingDomain[] => q.listDomainRows(ctx.db).map((r) => view(ctx, r)),
    get: (ctx: Ctx, id: string): SendingDomain => view(ctx, rowOrThrow(ctx, id)),

    add(ctx: TenantContext, input: { domain: unknown; ed25519?: boolean }): SendingDomain {
      requirePermission(ctx, "settings:manage");
      const domain = normalizeDomain(input.domain);
      if (q.findDomainByName(ctx.db, domain)) throw new AppError("ALREADY_EXISTS", `${domain} is already added.`, { field: "domain" });
      if (!deps.registry.claim(domain, ctx.org.id)) throw new AppError("ALREADY_EXISTS", `${domain} belongs to another organization on this appliance.`, { field: "domain" });
      const row = { id: newId(), domain, status: "pending" as const, dmarcPolicy: "none" as const, createdAt: clock.now() };
      q.insertDomain(ctx.db, row);
      newKey(ctx, row.id, "rsa-sha256", "active");
      if (input.ed25519) newKey(ctx, row.id, "ed25519-sha256", "active");
      const created = rowOrThrow(ctx, row.id);
      record(ctx, "sending_domain.registered", created, { ed25519: !!input.ed25519 });
      return view(ctx, created);
    },

    async verify(ctx: TenantContext, id: string): Promise<SendingDomain> {
      requirePermission(ctx, "settings:manage");
      const row = rowOrThrow(ctx, id);
      const { status } = await verifyRow(ctx, row);
      if (status !== row.status) record(ctx, status === "verified" ? "sending_domain.verified" : "sending_domain.verification_failed", row);
      return service.get(ctx, id);
    },

    setDmarcPolicy(ctx: TenantContext, id: string, policy: unknown): SendingDomain {
      requirePermission(ctx, "settings:manage");
      if (!DMARC_POLICIES.includes(policy as DmarcPolicy)) throw invalid("policy", "DMARC policy must be none, quarantine or reject.");
      const row = rowOrThrow(ctx, id);
      q.updateDomain(ctx.db, id, { dmarcPolicy: policy as DmarcPolicy, status: "pending", verifiedAt: null });
      record(ctx, "sending_domain.dmarc_policy_changed", row, { from: row.dmarcPolicy, to: policy });
      return service.get(ctx, id);
    },

    /** A new key (pending until its DNS record verifies); the current one keeps signing meanwhile. */
    rotateKey(ctx: TenantContext, id: string, algorithm: "rsa-sha256" | "ed25519-sha256" = "rsa-sha256"): SendingDomain {
      requirePermission(ctx, "settings:manage");
      deps.flags.assertEnabled(ctx.org.id, "domains.dkimRotation");
      const row = rowOrThrow(ctx, id);
      if (q.keysWithStatus(ctx.db, id, ["pending"]).some((k) => k.algorithm === algorithm)) {
        throw new AppError("INVALID_STATE", "A new key is already waiting for its DNS record; publish it and verify.");
      }
      newKey(ctx, id, algorithm, "pending");
      record(ctx, "sending_domain.dkim_rotated", row, { algorithm });
      return service.get(ctx, id);
    },

    remove(ctx: TenantContext, id: string): void {
      requirePermission(ctx, "settings:manage");
      const row = rowOrThrow(ctx, id);
      q.deleteDomain(ctx.db, id);
      deps.registry.release(row.domain, ctx.org.id);
      record(ctx, "sending_domain.deleted", row);
    },

    /**
     * Whether mail may be sent From this domain: it must be added and verified (a verification older
     * than 24 h is re-checked first). With the `domains.verification` flag off, being added is enough.
     */
    async canSendFrom(ctx: Ctx, fromDomain: string): Promise<{ ok: boolean; reason: string | null }> {
      const row = q.findDomainByName(ctx.db, fromDomain.toLowerCase());
      if (!row) return { ok: false, reason: `${fromDomain} is not a sending domain of this organization. Add it in Settings → Sending domains.` };
      if (!deps.flags.isEnabled(ctx.org.id, "domains.verification")) return { ok: true, reason: null };
      let status = row.status;
      if (status !== "verified" || clock.now() - (row.lastCheckedAt ?? 0) > VERIFICATION_TTL_MS) status = (await verifyRow(ctx, row)).status;
      return status === "verified" ? { ok: true, reason: null } : { ok: false, reason: `${fromDomain} is not verified: publish its DNS records and press Verify.` };
    },

    /** Keys the MTA signs with for a From domain: the newest active key per algorithm (RSA, optionally Ed25519 too). */
    signingKeys(ctx: Ctx, fromDomain: string): SigningKey[] {
      const row = q.findDomainByName(ctx.db, fromDomain.toLowerCase());
      if (!row) return [];
      const active = q.keysWithStatus(ctx.db, row.id, ["active"]);
      const newest = new Map<string, q.KeyRow>();
      for (const k of active) if (!newest.has(k.algorithm) || newest.get(k.algorithm)!.createdAt < k.createdAt) newest.set(k.algorithm, k);
      return [...newest.values()].flatMap((k) => {
        const pem = unsealPrivateKey(deps.secret, k.privateKeySealed);
        return pem ? [{ domain: row.domain, selector: k.selector, algorithm: k.algorithm, privateKeyPem: pem }] : [];
      });
    },

    /** Hourly job: re-check stale verifications, activate pending keys whose DNS went live, retire old keys. */
    async maintain(ctx: Ctx): Promise<{ checked: number }> {
      const now = clock.now();
      q.retireDue(ctx.db, now);
      let checked = 0;
      for (const row of q.listDomainRows(ctx.db)) {
        const stale = now - (row.lastCheckedAt ?? 0) > VERIFICATION_TTL_MS;
        const pendingKey = q.keysWithStatus(ctx.db, row.id, ["pending"]).length > 0;
        if (stale || pendingKey) {
          await verifyRow(ctx, row);
          checked++;
        }
      }
      return { checked };
    },

    hasVerified: (ctx: Ctx) => q.anyVerified(ctx.db),
  };
  return service;
}

export type DomainsService = ReturnType<typeof createDomainsService>;
