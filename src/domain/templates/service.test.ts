import { afterEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../testing/test-app";
import type { TenantContext } from "../context";
import { personalize } from "../../renderer/index";

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function setup() {
  const t = makeTestApp();
  apps.push(t);
  const { user, org } = await t.app.accounts.setup({ email: "o@example.com", password: "correct horse battery", orgName: "Acme" }, { userId: null, label: "t", ip: null, userAgent: null });
  const ctx: TenantContext = { org, role: "owner", db: t.app.tenants.get(org.id), actor: { userId: user.id, label: user.email, ip: null, userAgent: null } };
  return { ...t, ctx };
}

describe("templates", () => {
  test("create from a starter, save with validation naming block and field, versions, publish, duplicate", async () => {
    const { app, ctx } = await setup();
    const tpl = app.templates.create(ctx, { kind: "marketing", name: "Monthly", starter: "newsletter" });
    expect(tpl.document.blocks.length).toBeGreaterThan(5);
    expect(tpl.status).toBe("draft");
    expect(() => app.templates.update(ctx, tpl.id, { document: { version: 1, blocks: [{ id: "b1", type: "button", text: 5 }] } }))
      .toThrow(/Block "b1" \(button\)/);
    expect(() => app.templates.update(ctx, tpl.id, { document: { version: 1, blocks: [{ id: "x", type: "marquee" }] } })).toThrow();
    app.templates.update(ctx, tpl.id, { subject: "Hello {{firstName|'there'}}" });
    app.templates.setStatus(ctx, tpl.id, "published");
    expect(app.templates.versions(ctx, tpl.id).map((v) => v.reason)).toEqual(["publish", "save"]);
    const copy = app.templates.duplicate(ctx, tpl.id);
    expect(copy.name).toBe("Monthly (Copy)");
    expect(copy.status).toBe("draft");
    expect(app.templates.list(ctx, { kind: "marketing" }).length).toBe(2);
    expect(() => app.templates.create(ctx, { kind: "marketing", name: " " })).toThrow(/Name is required/);
    expect(() => app.templates.create(ctx, { kind: "letter", name: "x" })).toThrow(/marketing or transactional/);
  });

  test("transactional templates have unique slugs", async () => {
    const { app, ctx } = await setup();
    const a = app.templates.create(ctx, { kind: "transactional", name: "Password reset" });
    expect(a.slug).toBe("password-reset");
    expect(() => app.templates.create(ctx, { kind: "transactional", name: "x", slug: "password-reset" })).toThrow(/exists/);
    expect(app.templates.bySlug(ctx, "password-reset")!.id).toBe(a.id);
  });

  test("compileFor applies a language's translation, falling back to the default texts", async () => {
    const { app, ctx } = await setup();
    const tpl = app.templates.create(ctx, { kind: "marketing", name: "Welcome", starter: "welcome" });
    const field = app.templates.translatableFields(ctx, tpl.id).find((f) => f.field === "text")!;
    app.templates.setTranslation(ctx, tpl.id, "de", { subject: "Willkommen, {{firstName|'Freund'}}!", [field.key]: "Willkommen an Bord!" });
    const de = app.templates.compileFor(ctx, tpl.id, { language: "de" });
    expect(de.language).toBe("de");
    const mail = personalize(de.compiled, { contact: { firstName: "Jana" } });
    expect(mail.subject).toBe("Willkommen, Jana!");
    expect(mail.html).toContain("Willkommen an Bord!");
    expect(app.templates.compileFor(ctx, tpl.id, { language: "fr" }).language).toBe("en");
    expect(() => app.templates.setTranslation(ctx, tpl.id, "english", {})).toThrow(/language code/);
  });

  test("the theme is validated and used by compilation; editors cannot change templates", async () => {
    const { app, ctx } = await setup();
    expect(() => app.templates.setTheme(ctx, { primaryColor: "red" } as never)).toThrow();
    app.templates.setTheme(ctx, { backgroundColor: "#fafafa" } as never);
    expect(app.templates.resolvedTheme(ctx).backgroundColor).toBe("#fafafa");
    const editor = { ...ctx, role: "editor" as const };
    expect(() => app.templates.create(editor, { kind: "marketing", name: "x" })).toThrow(/templates:manage/);
  });
});
