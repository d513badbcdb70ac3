import { FROM_ANY, FROM_CONTACT, FROM_DATA, FROM_SCOPE, FROM_URLS, resolveRef } from "./template/program.ts";
import { parseTemplate } from "./template/tags.ts";

export interface VariableUsage {
  /** as written, e.g. "firstName", "contact.plan", "data.order.id", "item.title" */
  name: string;
  /** contact field/property, transactional data, system link, repeat item, or bare name (contact, then data) */
  kind: "contact" | "data" | "system" | "item" | "any";
  fallbacks: string[];
  usages: { blockId: string; field: string }[];
}

const KIND = { [FROM_SCOPE]: "item", [FROM_CONTACT]: "contact", [FROM_DATA]: "data", [FROM_URLS]: "system", [FROM_ANY]: "any" } as const;
const CHILD_KEYS = new Set(["items", "blocks"]);

/**
 * Variables used by a document (and optional subject/preheader), for the editor's variable picker and
 * for checking that a transactional send supplies its data. Condition and repeat variables are included.
 */
export function extractVariables(doc: unknown, extra: { subject?: string; preheader?: string } = {}): VariableUsage[] {
  const found = new Map<string, VariableUsage>();
  const add = (name: string, aliases: string[], blockId: string, field: string, fallback?: string) => {
    let v = found.get(name);
    if (!v) {
      v = { name, kind: KIND[resolveRef(name, aliases).from], fallbacks: [], usages: [] };
      found.set(name, v);
    }
    if (fallback !== undefined && !v.fallbacks.includes(fallback)) v.fallbacks.push(fallback);
    v.usages.push({ blockId, field });
  };
  const scanString = (s: string, aliases: string[], blockId: string, field: string) => {
    if (!s.includes("{{")) return;
    for (const seg of parseTemplate(s)) if (typeof seg !== "string") add(seg.name, aliases, blockId, field, seg.fallback);
  };
  for (const key of ["subject", "preheader"] as const) if (extra[key]) scanString(extra[key]!, [], "", key);
  const blocks = (doc as { blocks?: unknown })?.blocks;
  if (Array.isArray(blocks)) for (const b of blocks) visitBlock(b, [], 0, add, scanString);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

type Add = (name: string, aliases: string[], blockId: string, field: string, fallback?: string) => void;
type Scan = (s: string, aliases: string[], blockId: string, field: string) => void;

function visitBlock(block: unknown, aliases: string[], depth: number, add: Add, scan: Scan): void {
  if (depth > 20 || block === null || typeof block !== "object") return;
  const b = block as Record<string, any>;
  const id = typeof b.id === "string" ? b.id : "";
  if (b.condition?.variable) add(String(b.condition.variable), aliases, id, "condition");
  let inner = aliases;
  if (b.repeat?.variable) {
    add(String(b.repeat.variable), aliases, id, "repeat");
    inner = [...aliases, typeof b.repeat.alias === "string" ? b.repeat.alias : "item"];
  }
  const walk = (v: unknown, field: string, key: string, level: number) => {
    if (level > 6) return;
    if (typeof v === "string") scan(v, inner, id, field);
    else if (Array.isArray(v)) {
      const childList = CHILD_KEYS.has(key) && v.some((x) => x && typeof x === "object" && "type" in x);
      v.forEach((x, i) => (childList ? visitBlock(x, inner, depth + 1, add, scan) : walk(x, `${field}/${i}`, key, level + 1)));
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) if (k !== "condition" && k !== "repeat") walk(x, field ? `${field}/${k}` : k, k, level + 1);
    }
  };
  walk(b, "", "", 0);
}
