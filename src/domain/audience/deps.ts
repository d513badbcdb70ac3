import type { Logger } from "../../lib/logger";
import type { Clock } from "../../lib/time";
import type { Actor } from "../accounts/model";
import type { AuditService } from "../audit/service";
import type { TenantContext } from "../context";
import type { Mailer } from "../mail/model";
import type { ContactTokens } from "./tokens";

/** What the audience services need from the appliance. */
export interface AudienceDeps {
  clock: Clock;
  audit: AuditService;
  mailer: () => Mailer;
  publicUrl: string;
  tokens: ContactTokens;
  logger: Logger;
  /** Durable background work (the app's job queue). */
  enqueue: (kind: string, payload: unknown, orgId: string) => string;
  /** The organization's display name for mail and public pages. */
  senderName: (scope: OrgScope) => string;
}

/** An organization's database with who acts, without a role: system jobs, public links, the MTA. */
export type OrgScope = Pick<TenantContext, "org" | "db" | "actor">;

export const publicActor = (ip: string | null, userAgent: string | null, label = "public"): Actor => ({ userId: null, label, ip, userAgent });
