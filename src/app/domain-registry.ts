import { and, eq } from "drizzle-orm";
import type { SystemDb } from "../db/system";
import { sendingDomainIndex } from "../db/schema/system";
import type { Clock } from "../lib/time";
import type { DomainRegistry } from "../domain/domains/service";

/** The system database's index of sending domains → owning organization. */
export function createDomainRegistry(db: SystemDb, clock: Clock): DomainRegistry & { all(): Map<string, string> } {
  return {
    claim(domain, orgId) {
      db.insert(sendingDomainIndex).values({ domain, orgId, createdAt: clock.now() }).onConflictDoNothing().run();
      return db.select().from(sendingDomainIndex).where(eq(sendingDomainIndex.domain, domain)).get()?.orgId === orgId;
    },
    release(domain, orgId) {
      db.delete(sendingDomainIndex).where(and(eq(sendingDomainIndex.domain, domain), eq(sendingDomainIndex.orgId, orgId))).run();
    },
    ownerOf(domain) {
      return db.select().from(sendingDomainIndex).where(eq(sendingDomainIndex.domain, domain)).get()?.orgId ?? null;
    },
    all() {
      return new Map(db.select().from(sendingDomainIndex).all().map((r) => [r.domain, r.orgId]));
    },
  };
}
