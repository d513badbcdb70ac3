import { afterEach, describe, expect, test } from "bun:test";
import { makeTestApp, manualClock, type TestApp } from "../../testing/test-app";
import { DAY } from "../../lib/time";
import { auditCsvRow } from "./service";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});
const actor = (id: string) => ({ userId: id, label: `${id}@example.com`, ip: "192.0.2.7", userAgent: "ua" });

describe("audit log", () => {
  test("records actor, action, resource, flat details, IP and user agent; filters by org, resource, member, range, text", () => {
    const clock = manualClock();
    const t = makeTestApp({ clock });
    apps.push(t);
    const { audit } = t.app;
    audit.record({ orgId: "org1", actor: actor("u1"), action: "team_member.invited", resource: "team_member", resourceId: "i1", details: { email: "x@example.com", nested: { a: 1 } } });
    clock.advance(2 * DAY);
    audit.record({ orgId: "org1", actor: actor("u2"), action: "settings.updated", resource: "settings" });
    audit.record({ orgId: "org2", actor: actor("u3"), action: "settings.updated", resource: "settings" });
    const all = audit.list({ orgId: "org1", range: "all" });
    expect(all.map((e) => e.action)).toEqual(["settings.updated", "team_member.invited"]);
    expect(all[1]).toMatchObject({ actorId: "u1", actorLabel: "u1@example.com", ip: "192.0.2.7", userAgent: "ua", resourceId: "i1", details: { email: "x@example.com", nested: '{"a":1}' } });
    expect(audit.list({ orgId: "org1", range: "24h" }).length).toBe(1);
    expect(audit.list({ orgId: "org1", range: "all", resource: "team_member" }).length).toBe(1);
    expect(audit.list({ orgId: "org1", range: "all", actorId: "u2" }).length).toBe(1);
    expect(audit.list({ orgId: "org1", range: "all", search: "x@example" }).length).toBe(1);
    expect(audit.list({ orgId: "org1", range: "all", search: "100%_" }).length).toBe(0);
    expect([...audit.iterate({ orgId: "org1", range: "all" })].length).toBe(2);
  });

  test("retention deletes entries older than the configured days", () => {
    const clock = manualClock();
    const t = makeTestApp({ clock });
    apps.push(t);
    t.app.audit.record({ orgId: "o", actor: actor("u"), action: "old", resource: "settings" });
    clock.advance(400 * DAY);
    t.app.audit.record({ orgId: "o", actor: actor("u"), action: "new", resource: "settings" });
    expect(t.app.audit.purgeOlderThan(365)).toBe(1);
    expect(t.app.audit.list({ orgId: "o", range: "all" }).map((e) => e.action)).toEqual(["new"]);
  });

  test("CSV rows quote commas and neutralise spreadsheet formulas", () => {
    const row = auditCsvRow({ id: 1, orgId: "o", actorId: null, actorLabel: "=cmd|' /C calc'!A0", action: "a,b", resource: "settings", resourceId: null, details: { q: 'say "hi"' }, ip: null, userAgent: null, createdAt: 0 });
    expect(row).toContain(`"'=cmd|' /C calc'!A0"`.replace(/^"|"$/g, ""));
    expect(row).toContain('"a,b"');
    expect(row).not.toMatch(/,=cmd/);
  });
});
