import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { settings, type Config, type Setting } from "./schema";
import { AppError } from "../lib/errors";

export interface ConfigSources {
  flags?: Record<string, string | boolean | undefined>;
  env?: Record<string, string | undefined>;
  /** Path of a JSON config file; also read from --config or OWLAT_CONFIG. */
  file?: string;
}

function configError(key: string, message: string): AppError {
  return new AppError("INVALID_INPUT", `config: ${key}: ${message}`, { field: key });
}

function coerce(s: Setting, raw: unknown, origin: string): string | number | boolean {
  const where = `${s.key} (${origin})`;
  switch (s.type.kind) {
    case "int": {
      const n = typeof raw === "number" ? raw : /^-?\d+$/.test(String(raw).trim()) ? Number(String(raw).trim()) : NaN;
      if (!Number.isInteger(n)) throw configError(where, `expected a whole number, got ${JSON.stringify(raw)}`);
      if (n < s.type.min || n > s.type.max) throw configError(where, `must be between ${s.type.min} and ${s.type.max}, got ${n}`);
      return n;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      const t = String(raw).trim().toLowerCase();
      if (["1", "true", "yes", "on"].includes(t)) return true;
      if (["0", "false", "no", "off"].includes(t)) return false;
      throw configError(where, `expected true or false, got ${JSON.stringify(raw)}`);
    }
    case "enum": {
      const v = String(raw);
      if (!s.type.values.includes(v)) throw configError(where, `must be one of ${s.type.values.join(", ")}, got ${JSON.stringify(raw)}`);
      return v;
    }
    case "url": {
      const v = String(raw);
      try {
        const u = new URL(v);
        if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
      } catch {
        throw configError(where, `expected an http(s) URL, got ${JSON.stringify(raw)}`);
      }
      return v.replace(/\/+$/, "");
    }
    default:
      if (typeof raw !== "string") throw configError(where, `expected text, got ${JSON.stringify(raw)}`);
      return raw;
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw configError("configFile", `file not found: ${path}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw configError("configFile", `${path} is not valid JSON (${(e as Error).message})`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw configError("configFile", `${path} must hold a JSON object`);
  const known = new Set<string>(settings.map((s) => s.key));
  for (const key of Object.keys(parsed)) if (!known.has(key)) throw configError(key, `unknown setting in ${path}`);
  return parsed as Record<string, unknown>;
}

/** Merge defaults < config file < OWLAT_* env < flags, validating every value. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const flags = sources.flags ?? {};
  const filePath = (flags["--config"] as string | undefined) ?? sources.file ?? env.OWLAT_CONFIG;
  const file = filePath ? readConfigFile(filePath) : {};
  const out: Record<string, unknown> = {};
  for (const s of settings as readonly Setting[]) {
    let value: unknown = s.default;
    if (file[s.key] !== undefined) value = coerce(s, file[s.key], "config file");
    const e = env[s.env];
    if (e !== undefined && e !== "") value = coerce(s, e, s.env);
    const f = flags[s.flag];
    if (f !== undefined) value = coerce(s, f, s.flag);
    out[s.key] = value;
  }
  const config = out as Config;
  config.dataDir = resolve(config.dataDir);
  if (filePath) config.configFile = resolve(filePath);
  if (config.secret !== undefined && config.secret.length < 32) throw configError("secret (OWLAT_SECRET)", "must be at least 32 characters");
  return config;
}

export function publicUrlOf(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

/** Markdown reference of every setting. */
export function configDocs(): string {
  const typeText = (s: Setting) =>
    s.type.kind === "int" ? `integer ${s.type.min}–${s.type.max}` : s.type.kind === "enum" ? s.type.values.join(" \\| ") : s.type.kind;
  const rows = (settings as readonly Setting[]).map(
    (s) => `| \`${s.key}\` | \`${s.env}\` | \`${s.flag}\` | ${typeText(s)} | ${s.default === undefined ? "—" : `\`${s.default}\``} | ${s.description} |`,
  );
  return [
    "Precedence: defaults < config file (`--config FILE` or `OWLAT_CONFIG`, a JSON object keyed by the names below) < environment < flags.",
    "",
    "| key | env | flag | type | default | description |",
    "|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
