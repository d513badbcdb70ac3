import { parseAddress } from "./address.ts";
import { prepareRaw } from "./message.ts";
import type { Settings } from "./options.ts";
import type { SpoolMessage } from "./spool/spool.ts";
import type { EnqueueItem, EnqueueRejection, Policy, PoolName } from "./types.ts";

const MAX_RECIPIENTS = 1000;
const MAX_RECIPE_BYTES = 64 * 1024;

type Reject = (field: string, error: string) => EnqueueRejection;

function recipients(to: unknown, reject: Reject): string[] | EnqueueRejection {
  const list = Array.isArray(to) ? to : [to];
  if (list.length === 0 || list.length > MAX_RECIPIENTS) return reject("to", `needs 1-${MAX_RECIPIENTS} recipients`);
  const out = new Set<string>();
  for (const [i, value] of list.entries()) {
    const parsed = parseAddress(value);
    if (typeof parsed === "string") return reject(Array.isArray(to) ? `to[${i}]` : "to", parsed);
    out.add(parsed.address);
  }
  return [...out];
}

function body(item: EnqueueItem, settings: Settings, reject: Reject): { raw: string | null; recipe: SpoolMessage["recipe"] } | EnqueueRejection {
  if ((item.raw === undefined) === (item.recipe === undefined)) return reject("raw", "exactly one of raw or recipe is required");
  if (item.recipe !== undefined) {
    if (typeof item.recipe !== "object" || item.recipe === null || typeof item.recipe.kind !== "string") return reject("recipe", "must be an object with a string kind");
    if (JSON.stringify(item.recipe).length > MAX_RECIPE_BYTES) return reject("recipe", `is larger than ${MAX_RECIPE_BYTES} bytes`);
    return { raw: null, recipe: item.recipe };
  }
  if (typeof item.raw !== "string" && !(item.raw instanceof Uint8Array)) return reject("raw", "must be a string or bytes");
  const prepared = prepareRaw(item.raw, settings.maxMessageBytes);
  return "error" in prepared ? reject("raw", prepared.error) : { raw: prepared.message, recipe: null };
}

/** Validate one enqueue item into a spool row, or a rejection naming the field. */
export function prepareItem(item: EnqueueItem, index: number, settings: Settings, policy: Policy | null, now: number): SpoolMessage | EnqueueRejection {
  const id = typeof item?.id === "string" ? item.id : undefined;
  const reject: Reject = (field, error) => ({ index, id, field, error });
  if (!id || id.length > 200 || /[\x00-\x1f]/.test(id)) return reject("id", "must be a 1-200 character string without control characters");
  if (typeof item.tenant !== "string" || !item.tenant || item.tenant.length > 200 || /[\x00-\x1f]/.test(item.tenant)) return reject("tenant", "must be a 1-200 character string");
  const from = parseAddress(item.from);
  if (typeof from === "string") return reject("from", from);
  const rcpts = recipients(item.to, reject);
  if (!Array.isArray(rcpts)) return rcpts;
  const content = body(item, settings, reject);
  if ("field" in content) return content;
  const pool: PoolName = item.pool ?? policy?.poolFor?.(item.tenant, from.address) ?? "transactional";
  if (pool !== "transactional" && pool !== "campaign") return reject("pool", 'must be "transactional" or "campaign"');
  if (item.expiresAt !== undefined && !(Number.isFinite(item.expiresAt) && item.expiresAt > now)) return reject("expiresAt", "must be a time in the future (ms since epoch)");
  return { id, tenant: item.tenant, sender: from.address, pool, raw: content.raw, recipe: content.recipe, createdAt: now, expiresAt: item.expiresAt ?? now + settings.expiryMs, rcpts };
}
