/**
 * CSV import (IM-01…IM-08): upload (streamed to a file in the data directory, in chunks), mapping
 * step, then a durable background job that streams the file through `runImport`. The same engine
 * serves `owlat contacts import`.
 */
import { appendFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppError, invalid } from "../../lib/errors";
import { newId } from "../../lib/ids";
import type { Clock } from "../../lib/time";
import type { Logger } from "../../lib/logger";
import type { AuditService } from "../audit/service";
import { requirePermission, type TenantContext } from "../context";
import type { AudienceService, OrgScope } from "../audience/service";
import { PROPERTY_TYPES, type PropertyType } from "../audience/model";
import { analyzeFile } from "./analyze";
import { IMPORT_JOB, type Analysis, type ColumnTarget, type ImportRecord, type ImportSettings } from "./model";
import * as q from "./queries";
import { runImport } from "./runner";

export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export interface ImportsDeps {
  clock: Clock;
  audit: AuditService;
  logger: Logger;
  audience: AudienceService;
  dataDir: string;
  enqueue: (kind: string, payload: unknown, orgId: string) => string;
}

export function createImportsService(d: ImportsDeps) {
  const dirOf = (orgId: string) => join(d.dataDir, "imports", orgId);
  const load = (ctx: Pick<TenantContext, "db">, id: string): ImportRecord => {
    const r = /^[a-z0-9]{10,40}$/.test(id) ? q.importById(ctx.db, id) : undefined;
    if (!r) throw new AppError("NOT_FOUND", "No such import.");
    return r;
  };
  const filePath = (ctx: Pick<TenantContext, "org">, id: string) => join(dirOf(ctx.org.id), `${id}.csv`);
  const audit = (ctx: OrgScope, action: string, id: string, details?: Record<string, unknown>) =>
    d.audit.record({ orgId: ctx.org.id, actor: ctx.actor, action, resource: "contact_import", resourceId: id, details });

  function topicsByName(ctx: Pick<TenantContext, "db">): Map<string, number> {
    return new Map(d.audience.topics.list(ctx).map((t) => [t.name.trim().toLowerCase(), t.id]));
  }

  const service = {
    list: (ctx: TenantContext) => q.listImports(ctx.db),
    get: (ctx: Pick<TenantContext, "db">, id: string) => load(ctx, id),

    /** Starts an upload; chunks follow with `appendChunk`. */
    beginUpload(ctx: TenantContext, rawName: unknown): ImportRecord {
      requirePermission(ctx, "imports:manage");
      const fileName = (typeof rawName === "string" ? rawName : "").replace(/[\\/\r\n]/g, "_").trim().slice(0, 200) || "contacts.csv";
      const id = newId();
      mkdirSync(dirOf(ctx.org.id), { recursive: true });
      writeFileSync(filePath(ctx, id), "");
      q.insertImport(ctx.db, { id, status: "uploading", fileName, fileSize: 0, createdBy: ctx.actor.label, createdAt: d.clock.now() });
      return load(ctx, id);
    },

    /** Appends one chunk at `offset` (a retried chunk at an old offset is ignored, a gap refused). */
    appendChunk(ctx: TenantContext, id: string, offset: number, bytes: Uint8Array): number {
      requirePermission(ctx, "imports:manage");
      const r = load(ctx, id);
      if (r.status !== "uploading") throw new AppError("INVALID_STATE", "This upload is already complete.");
      const path = filePath(ctx, id);
      const size = existsSync(path) ? statSync(path).size : 0;
      if (offset < size) return size;
      if (offset > size) throw invalid("offset", `Chunk out of order: expected offset ${size}.`);
      if (size + bytes.length > MAX_UPLOAD_BYTES) throw invalid("file", `Files up to ${MAX_UPLOAD_BYTES / 1024 ** 3} GB can be imported.`);
      appendFileSync(path, bytes);
      q.updateImport(ctx.db, id, { fileSize: size + bytes.length });
      return size + bytes.length;
    },

    finishUpload(ctx: TenantContext, id: string): ImportRecord {
      requirePermission(ctx, "imports:manage");
      const r = load(ctx, id);
      if (r.status !== "uploading") return r;
      if (r.fileSize === 0) throw invalid("file", "The file is empty.");
      q.updateImport(ctx.db, id, { status: "mapping" });
      return load(ctx, id);
    },

    /** The whole file at once (plain form upload without JavaScript). */
    async uploadWhole(ctx: TenantContext, file: Blob & { name?: string }): Promise<ImportRecord> {
      const r = service.beginUpload(ctx, file.name);
      if (file.size === 0) throw invalid("file", "The file is empty.");
      if (file.size > MAX_UPLOAD_BYTES) throw invalid("file", "The file is too large.");
      await Bun.write(filePath(ctx, r.id), file);
      q.updateImport(ctx.db, r.id, { fileSize: file.size });
      return service.finishUpload(ctx, r.id);
    },

    analyze(ctx: TenantContext, id: string, forced: { delimiter?: string; hasHeader?: boolean } = {}): Analysis {
      load(ctx, id);
      return analyzeFile(filePath(ctx, id), forced);
    },

    /** The mapping step's choices → settings; then the job is queued (IM-02…IM-04). */
    start(ctx: TenantContext, id: string, body: Record<string, unknown>): ImportRecord {
      requirePermission(ctx, "imports:manage");
      const r = load(ctx, id);
      if (r.status !== "mapping") throw new AppError("INVALID_STATE", "This import has already started.");
      const analysis = analyzeFile(filePath(ctx, id), { delimiter: typeof body.delimiter === "string" && body.delimiter ? (body.delimiter === "tab" ? "\t" : body.delimiter) : undefined, hasHeader: body.hasHeader === undefined ? undefined : body.hasHeader === "on" || body.hasHeader === "true" });
      const columns = analysis.columns.map((c) => columnFrom(body[`col_${c.index}`], c.header));
      const createTopic = (name: string) => topicsByName(ctx).get(name.toLowerCase()) ?? d.audience.topics.create(ctx, { name }).id;
      const settings = settingsFrom(body, analysis, columns, { path: filePath(ctx, id), deleteFile: true }, createTopic);
      return service.queue(ctx, id, settings);
    },

    /** Shared by the page and the CLI: register new properties and topics, store settings, enqueue. */
    queue(ctx: OrgScope, id: string, settings: ImportSettings, enqueue = true): ImportRecord {
      for (const c of settings.columns) if (c.kind === "property") d.audience.properties.ensure(ctx, c.key, c.label, c.type, "import");
      settings.columns = settings.columns.map((c) => (c.kind === "property" ? { ...c, type: d.audience.properties.list(ctx).find((p) => p.key === c.key)!.type } : c));
      q.updateImport(ctx.db, id, { settings: settings as never, status: "queued" });
      if (enqueue) q.updateImport(ctx.db, id, { jobId: d.enqueue(IMPORT_JOB, { importId: id }, ctx.org.id) });
      audit(ctx, "contact_import.started", id, { duplicates: settings.duplicates, topicId: settings.topicId ?? undefined });
      return load(ctx, id);
    },

    cancel(ctx: TenantContext, id: string): void {
      requirePermission(ctx, "imports:manage");
      const r = load(ctx, id);
      if (!["uploading", "mapping", "queued", "running"].includes(r.status)) throw new AppError("INVALID_STATE", "This import has already finished.");
      q.updateImport(ctx.db, id, { status: "cancelled", finishedAt: d.clock.now() });
      if (r.status !== "running") rmSync(filePath(ctx, id), { force: true });
      audit(ctx, "contact_import.cancelled", id);
    },

    /** The job body (and the CLI): runs or resumes the import; returns the final record. */
    async run(ctx: OrgScope, id: string, onProgress?: (r: ImportRecord) => void): Promise<ImportRecord> {
      const r = load(ctx, id);
      if (!r.settings || ["succeeded", "failed", "cancelled"].includes(r.status)) return r;
      q.updateImport(ctx.db, id, { status: "running" });
      const doiTopicIds = new Set(d.audience.topics.list(ctx).filter((t) => t.requireDoubleOptIn).map((t) => t.id));
      const names = topicsByName(ctx);
      for (const [name, target] of Object.entries(r.settings.topicNames)) target === "skip" ? names.delete(name) : names.set(name, target);
      const props = d.audience.properties.list(ctx).map((p) => ({ id: p.id, key: p.key, type: p.type }));
      const cache = ctx.db.$client.query("PRAGMA cache_size").get() as { cache_size: number };
      ctx.db.$client.run("PRAGMA cache_size = -32768");
      // Bulk load: the index merges its segments after the import instead of after every batch.
      ctx.db.$client.run("INSERT INTO contact_index(contact_index, rank) VALUES ('automerge', 0)");
      try {
        const { counters, cancelled } = await runImport({ db: ctx.db, record: r, props, topicIdByName: names, doiTopicIds, now: () => d.clock.now(), onProgress });
        q.updateImport(ctx.db, id, { ...counters, status: cancelled ? "cancelled" : "succeeded", finishedAt: d.clock.now() });
        audit(ctx, "contact_import.finished", id, { imported: counters.imported, updated: counters.updated, skipped: counters.skipped, failed: counters.failed });
      } catch (e) {
        d.logger.error("import failed", { orgId: ctx.org.id, importId: id, error: (e as Error).message });
        q.updateImport(ctx.db, id, { status: "failed", message: (e as Error).message.slice(0, 500), finishedAt: d.clock.now() });
      } finally {
        ctx.db.$client.run(`PRAGMA cache_size = ${Number(cache.cache_size)}`);
        ctx.db.$client.run("INSERT INTO contact_index(contact_index, rank) VALUES ('automerge', 4)");
        if (r.settings.deleteFile && q.statusOf(ctx.db, id) !== "running") rmSync(r.settings.path, { force: true });
      }
      return load(ctx, id);
    },

    /** `owlat contacts import FILE`: automatic mapping, optional topic, skip or update duplicates. */
    createFromPath(ctx: OrgScope, path: string, opts: { topic?: string; update?: boolean }): ImportRecord {
      if (!existsSync(path) || !statSync(path).isFile()) throw invalid("file", `No file at ${path}.`);
      const analysis = analyzeFile(path);
      const columns = analysis.columns.map((c) => c.suggested);
      if (!columns.some((c) => c.kind === "email")) throw invalid("file", "No email column found: name a column \"email\" or put addresses in one column.");
      let topicId: number | null = null;
      if (opts.topic) {
        const t = d.audience.topics.list(ctx).find((x) => String(x.id) === opts.topic || x.name.toLowerCase() === opts.topic!.toLowerCase());
        if (!t) throw invalid("topic", `No topic "${opts.topic}" (give its name or id).`);
        topicId = t.id;
      }
      const topicNames: Record<string, number> = {};
      if (!topicId && columns.some((c) => c.kind === "topic")) {
        const known = topicsByName(ctx);
        for (const name of analysis.topicNames) {
          const key = name.toLowerCase();
          if (!known.has(key)) known.set(key, d.audience.topics.create({ ...ctx, role: "owner" } as TenantContext, { name }).id);
          topicNames[key] = known.get(key)!;
        }
      }
      const id = newId();
      q.insertImport(ctx.db, { id, status: "mapping", fileName: path.split("/").pop()!.slice(0, 200), fileSize: statSync(path).size, createdBy: ctx.actor.label, createdAt: d.clock.now() });
      const settings: ImportSettings = { path, deleteFile: false, encoding: analysis.encoding, delimiter: analysis.delimiter, hasHeader: analysis.hasHeader, columns, duplicates: opts.update ? "update" : "skip", topicId, topicNames };
      return service.queue(ctx, id, settings, false);
    },
  };
  return service;
}

function columnFrom(raw: unknown, header: string): ColumnTarget {
  const v = typeof raw === "string" ? raw : "ignore";
  if (["email", "firstName", "lastName", "language", "timezone", "topic", "ignore"].includes(v)) return { kind: v } as ColumnTarget;
  if (v.startsWith("property:")) return { kind: "property", key: v.slice(9), label: header, type: "text" };
  if (v.startsWith("new:")) {
    const type = v.slice(4) as PropertyType;
    if (!PROPERTY_TYPES.includes(type)) throw invalid("columns", `Unknown type for column "${header}".`);
    const key = header.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^[_0-9]+|_+$/g, "").slice(0, 50) || "column";
    return { kind: "property", key, label: header.slice(0, 100) || key, type };
  }
  throw invalid("columns", `Unknown mapping for column "${header}".`);
}

function settingsFrom(body: Record<string, unknown>, analysis: Analysis, columns: ColumnTarget[], file: { path: string; deleteFile: boolean }, createTopic: (name: string) => number): ImportSettings {
  const emails = columns.filter((c) => c.kind === "email").length;
  if (emails !== 1) throw invalid("columns", emails ? "Map exactly one column to Email." : "Map one column to Email: it is required to import.");
  for (const k of ["firstName", "lastName", "language", "timezone", "topic"]) {
    if (columns.filter((c) => c.kind === k).length > 1) throw invalid("columns", `Only one column can be ${k}.`);
  }
  const keys = columns.filter((c) => c.kind === "property").map((c) => (c as { key: string }).key);
  if (new Set(keys).size !== keys.length) throw invalid("columns", "Two columns map to the same property.");
  const topicId = body.topicId ? Number(body.topicId) : null;
  if (topicId !== null && !Number.isSafeInteger(topicId)) throw invalid("topicId", "Choose a topic.");
  if (topicId !== null && columns.some((c) => c.kind === "topic")) throw invalid("topicId", "Choose either one topic for everyone or a topic column, not both.");
  const topicNames: Record<string, number | "skip"> = {};
  for (const [i, name] of analysis.topicNames.entries()) {
    const choice = body[`topicmap_${i}`];
    if (choice === "skip") topicNames[name.toLowerCase()] = "skip";
    else if (choice === "create") topicNames[name.toLowerCase()] = createTopic(name);
    else if (typeof choice === "string" && /^\d+$/.test(choice)) topicNames[name.toLowerCase()] = Number(choice);
  }
  return {
    ...file, encoding: analysis.encoding, delimiter: analysis.delimiter, hasHeader: analysis.hasHeader, columns,
    duplicates: body.duplicates === "update" ? "update" : "skip", topicId, topicNames,
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
