import { FROM_ANY, FROM_CONTACT, FROM_DATA, FROM_SCOPE, FROM_URLS, type ConditionOperator, type VarRef } from "./program.ts";

/** Per-recipient variable values. */
export interface Recipient {
  /** contact fields and custom properties, flat ({ email, firstName, plan, … }); nested objects are reached by dotted names */
  contact?: Record<string, unknown>;
  /** data variables of a transactional send ({ orderId, items: [...] }) */
  data?: Record<string, unknown>;
  /** per-recipient system links the sender provides */
  urls?: { unsubscribeUrl?: string; preferencesUrl?: string; viewInBrowserUrl?: string };
}

export interface ScopeFrame {
  item: unknown;
  index: number;
}

function walk(v: unknown, path: readonly string[], from: number): unknown {
  for (let i = from; i < path.length; i++) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[path[i]!];
  }
  return v;
}

export function lookup(ref: VarRef, r: Recipient, scope: readonly ScopeFrame[]): unknown {
  switch (ref.from) {
    case FROM_SCOPE: {
      const frame = scope[ref.depth];
      if (!frame) return undefined;
      return ref.index ? frame.index : walk(frame.item, ref.path, 0);
    }
    case FROM_CONTACT:
      return walk(r.contact, ref.path, 0);
    case FROM_DATA:
      return walk(r.data, ref.path, 0);
    case FROM_URLS:
      return walk(r.urls, ref.path, 0);
    case FROM_ANY: {
      const v = walk(r.contact, ref.path, 0);
      return v === undefined || v === null || v === "" ? walk(r.data, ref.path, 0) : v;
    }
  }
}

/** Scalars become text; null, undefined, objects, arrays and functions become "". */
export function toText(v: unknown): string {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return Number.isFinite(v) ? String(v) : "";
    case "boolean":
    case "bigint":
      return String(v);
    default:
      return "";
  }
}

function present(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return false;
  return !(Array.isArray(v) && v.length === 0);
}

/** PV-06: exists, notExists, equals, notEquals (text comparison, case-sensitive), contains (substring or array element). */
export function evaluateCondition(op: ConditionOperator, v: unknown, expected: string): boolean {
  switch (op) {
    case "exists":
      return present(v);
    case "notExists":
      return !present(v);
    case "equals":
      return toText(v) === expected;
    case "notEquals":
      return toText(v) !== expected;
    case "contains":
      return Array.isArray(v) ? v.some((x) => toText(x) === expected) : toText(v).includes(expected);
  }
}

/** PV-07: an array, or a string holding a JSON array; anything else repeats zero times. */
export function asArray(v: unknown): readonly unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string" && v.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(v);
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return [];
}
