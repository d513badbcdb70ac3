/** Bulk actions over contacts (IM-16): add to / remove from a topic, delete, in batches with progress. */
import type { Actor } from "../accounts/model";
import type { TenantContext } from "../context";
import type { ContactFilter } from "./model";
import type { ContactsService } from "./contacts-service";
import type { TopicsService } from "./topics-service";

export const BULK_JOB = "contacts.bulk";

export interface BulkPayload {
  action: "add_topic" | "remove_topic" | "delete";
  topicId: number | null;
  /** Selected contacts, or null for every contact matching `filter`. */
  ids: number[] | null;
  filter: ContactFilter;
  actor: Actor;
}

export async function runBulk(
  s: { contacts: ContactsService; topics: TopicsService },
  ctx: TenantContext,
  p: BulkPayload,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ done: number; changed: number }> {
  const total = p.ids ? p.ids.length : s.contacts.count(ctx, p.filter);
  const batches: Iterable<number[]> = p.ids ? chunk(p.ids, 500) : [...collect(s.contacts.idBatches(ctx, p.filter, 1000))];
  let done = 0;
  let changed = 0;
  for (const ids of batches) {
    if (p.action === "delete") changed += s.contacts.remove(ctx, ids);
    for (const id of p.action === "delete" ? [] : ids) {
      if (p.action === "add_topic") changed += (await s.topics.subscribe(ctx, id, p.topicId!, { source: "admin" })).outcome === "already_member" ? 0 : 1;
      else changed += s.topics.unsubscribe(ctx, id, p.topicId!, "admin") ? 1 : 0;
    }
    done += ids.length;
    onProgress(done, total);
    await new Promise((r) => setImmediate(r));
  }
  return { done, changed };
}

/** Ids are collected first: the action changes the very index the filter reads. */
function* collect(batches: Generator<number[]>): Generator<number[]> {
  const all: number[][] = [];
  for (const b of batches) all.push(b);
  yield* all;
}

function* chunk(ids: number[], n: number): Generator<number[]> {
  for (let i = 0; i < ids.length; i += n) yield ids.slice(i, i + n);
}
