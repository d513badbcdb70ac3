import { describe, expect, test } from "bun:test";
import { FLAGS, OPERATING_MODES, PACKS } from "./registry";
import { applyPack, applyToggle, defaultFlags, packState, presetFlags, resolveFlags } from "./resolve";

describe("flag registry", () => {
  test("35 core flags with the spec's defaults; 3 hosted-only", () => {
    expect(FLAGS.length).toBe(35);
    expect(FLAGS.filter((f) => f.hostedOnly).map((f) => f.key).sort()).toEqual(["billing.stripe", "multiTenancy", "tier.autoProvision"]);
    const d = defaultFlags();
    expect(d.campaigns).toBe(true);
    expect(d.automations).toBe(false);
    expect(d.forms).toBe(true);
    expect(d["scan.urls"]).toBe(false);
    for (const f of FLAGS) for (const r of [...f.requires, ...f.cascadesOff, ...f.requiresAny.flat()]) expect(FLAGS.some((g) => g.key === r)).toBe(true);
  });

  test("resolution forces off flags whose requirements are off (fixed point)", () => {
    const r = resolveFlags({});
    // senderAuthBadges and sealedMail default on but need postbox (off).
    expect(r.senderAuthBadges).toBe(false);
    expect(r.sealedMail).toBe(false);
    const chain = resolveFlags({ "ai.knowledge.autoLink": true, "ai.knowledge": true, ai: false });
    expect(chain["ai.knowledge"]).toBe(false);
    expect(chain["ai.knowledge.autoLink"]).toBe(false);
    expect(resolveFlags({ "campaigns.archive": true, campaigns: false })["campaigns.archive"]).toBe(false);
  });

  test("turning on turns on requirements recursively, never requiresAny members", () => {
    const r = applyToggle(resolveFlags({}), "ai.autonomy", true);
    expect(r.values["ai.autonomy"]).toBe(true);
    expect(r.values["ai.agent"]).toBe(true);
    expect(r.values.ai).toBe(true);
    expect(r.values.inbox).toBe(true);
    expect(r.cascaded.map((c) => c.key).sort()).toEqual(["ai", "ai.agent", "inbox"]);
    const draft = applyToggle(resolveFlags({}), "postbox.aiDraft", true);
    expect(draft.values["postbox.aiDraft"]).toBe(false); // needs postbox or mail.external, which stay off
    expect(draft.values.postbox).toBe(false);
  });

  test("turning off cascades to dependants, cascadesOff and orphaned any-of groups", () => {
    let v = applyToggle(resolveFlags({}), "ai.autonomy", true).values;
    v = applyToggle(v, "inbox.codeTasks", true).values;
    const off = applyToggle(v, "ai", false);
    for (const k of ["ai.agent", "ai.autonomy", "inbox.codeTasks"]) expect(off.values[k]).toBe(false);
    expect(off.values.inbox).toBe(true);
    let w = applyToggle(resolveFlags({}), "postbox", true).values;
    w = applyToggle(w, "postbox.aiDraft", true).values;
    expect(w["postbox.aiDraft"]).toBe(true);
    const lost = applyToggle(w, "postbox", false);
    expect(lost.values["postbox.aiDraft"]).toBe(false);
    expect(lost.cascaded.map((c) => c.key)).toContain("postbox.aiDraft");
  });

  test("packs: state on/off/partial, toggled with cascades", () => {
    const v = resolveFlags({});
    expect(packState(v, "marketing")).toBe("partial");
    expect(packState(applyPack(v, "marketing", true).values, "marketing")).toBe("on");
    expect(packState(applyPack(v, "ai", false).values, "ai")).toBe("off");
    expect(PACKS.ai!.length).toBe(9);
  });

  test("8 operating-mode presets resolve through the normal dependency rules", () => {
    expect(OPERATING_MODES.map((m) => m.key)).toEqual(["crm_only", "imap_only", "transactional", "marketing", "hosted_mail", "team_inbox", "team_inbox_ai", "full"]);
    const crm = presetFlags("crm_only")!;
    expect([crm.campaigns, crm["campaigns.archive"], crm.transactional, crm.automations]).toEqual([false, false, false, false]);
    const full = presetFlags("full")!;
    expect(full["ai.agent"]).toBe(true);
    expect(full.inbox).toBe(true);
    const hosted = presetFlags("hosted_mail")!;
    expect(hosted.postbox).toBe(true);
    expect(hosted.senderAuthBadges).toBe(true);
    expect(presetFlags("nope")).toBeNull();
  });
});
