import { mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import type { Clock } from "../../lib/time";
import { AppError, invalid } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { RateLimiter } from "../../lib/rate-limit";
import { MINUTE } from "../../lib/time";
import type { AuditService } from "../audit/service";
import { requirePermission, type TenantContext } from "../context";
import { MEDIA_MAX_BYTES, kindOf, type MediaAsset } from "./model";
import { detectMediaType } from "./detect";
import * as q from "./queries";

export interface MediaDeps {
  clock: Clock;
  audit: AuditService;
  /** Folder holding an organization's files. */
  folderOf(orgId: string): string;
  publicUrl: string;
}

/** Counts how often a file URL is used (templates, saved blocks, …); areas that embed media register one. */
export type UsageCounter = (ctx: Pick<TenantContext, "db">, url: string) => number;

type Ctx = Pick<TenantContext, "org" | "db">;

function cleanTags(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(",") : [];
  const tags = [...new Set(list.map((t) => String(t).trim().toLowerCase()).filter(Boolean))];
  if (tags.some((t) => t.length > 40)) throw invalid("tags", "A tag can be at most 40 characters.");
  if (tags.length > 20) throw invalid("tags", "At most 20 tags per file.");
  return tags;
}

export function createMediaService(deps: MediaDeps) {
  const uploads = new RateLimiter(40, 2 * MINUTE, () => deps.clock.now());
  const usageCounters: UsageCounter[] = [];

  const urlOf = (orgId: string, row: Pick<q.MediaRow, "id" | "ext">) => `${deps.publicUrl}/media/${orgId}/${row.id}.${row.ext}`;
  const view = (ctx: Ctx, row: q.MediaRow): MediaAsset => ({
    id: row.id, fileName: row.fileName, mime: row.mime, ext: row.ext, bytes: row.bytes, alt: row.alt, tags: row.tags,
    createdAt: row.createdAt, url: urlOf(ctx.org.id, row), kind: kindOf(row.mime),
  });
  const rowOrThrow = (ctx: Ctx, id: string) => {
    const row = q.findAsset(ctx.db, id);
    if (!row) throw new AppError("NOT_FOUND", "No such file.");
    return row;
  };

  const service = {
    addUsageCounter: (c: UsageCounter) => void usageCounters.push(c),

    list: (ctx: Ctx, f: { q?: string; tag?: string; kind?: string } = {}): MediaAsset[] =>
      q.searchAssets(ctx.db, { ...f, q: f.q?.slice(0, 100), limit: 500 }).map((r) => view(ctx, r)),
    get: (ctx: Ctx, id: string): MediaAsset => view(ctx, rowOrThrow(ctx, id)),
    summary: (ctx: Ctx) => q.usageSummary(ctx.db),
    tags: (ctx: Ctx) => q.allTags(ctx.db),
    usage: (ctx: Ctx, id: string) => usageCounters.reduce((n, c) => n + c(ctx, view(ctx, rowOrThrow(ctx, id)).url), 0),

    /** Stores a file after checking its size and real content type; identical bytes are stored once. */
    async upload(ctx: TenantContext, file: { name: string; bytes: Uint8Array }): Promise<MediaAsset> {
      requirePermission(ctx, "media:manage");
      const limit = uploads.take(ctx.actor.userId ?? "anon");
      if (!limit.allowed) throw new AppError("RATE_LIMITED", "Too many uploads; wait a minute.", { retryAfterMs: limit.retryAfterMs });
      const name = (file.name || "file").replace(/[\\/\0\r\n]/g, "_").slice(0, 200);
      if (file.bytes.length === 0) throw invalid("file", `${name} is empty.`);
      if (file.bytes.length > MEDIA_MAX_BYTES) throw invalid("file", `${name} is larger than ${MEDIA_MAX_BYTES / 1024 / 1024} MB.`);
      const { mime, ext } = await detectMediaType(file.bytes, name);
      const sha256 = createHash("sha256").update(file.bytes).digest("hex");
      const row = { id: newId(), fileName: name, mime, ext, bytes: file.bytes.length, sha256, alt: "", tags: [] as string[], createdBy: ctx.actor.userId, createdAt: deps.clock.now() };
      const folder = deps.folderOf(ctx.org.id);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${row.id}.${ext}`), file.bytes);
      q.insertAsset(ctx.db, row);
      deps.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action: "media.uploaded", resource: "media", resourceId: row.id, details: { fileName: name, mime, bytes: row.bytes } });
      return view(ctx, q.findAsset(ctx.db, row.id)!);
    },

    update(ctx: TenantContext, id: string, input: { alt?: unknown; tags?: unknown }): MediaAsset {
      requirePermission(ctx, "media:manage");
      rowOrThrow(ctx, id);
      const alt = typeof input.alt === "string" ? input.alt.trim() : "";
      if (alt.length > 300) throw invalid("alt", "Alt text can be at most 300 characters.");
      q.updateAsset(ctx.db, id, { alt, tags: cleanTags(input.tags) });
      deps.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action: "media.updated", resource: "media", resourceId: id });
      return service.get(ctx, id);
    },

    remove(ctx: TenantContext, ids: string[]): number {
      requirePermission(ctx, "media:manage");
      const rows = ids.map((id) => q.findAsset(ctx.db, id)).filter((r): r is q.MediaRow => !!r);
      if (rows.length === 0) return 0;
      q.deleteAssets(ctx.db, rows.map((r) => r.id));
      for (const r of rows) rmSync(join(deps.folderOf(ctx.org.id), `${r.id}.${r.ext}`), { force: true });
      deps.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action: "media.deleted", resource: "media", details: { count: rows.length, files: rows.map((r) => r.fileName).join(", ") } });
      return rows.length;
    },

    /** The stored file behind a public media URL, or null (unknown org or file). */
    fileFor(ctx: Ctx, id: string, ext: string): { path: string; mime: string; name: string } | null {
      const row = q.findAsset(ctx.db, id);
      if (!row || row.ext !== ext) return null;
      const path = join(deps.folderOf(ctx.org.id), `${row.id}.${row.ext}`);
      return existsSync(path) ? { path, mime: row.mime, name: row.fileName } : null;
    },
  };
  return service;
}

export type MediaService = ReturnType<typeof createMediaService>;
