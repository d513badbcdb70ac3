import type { GroupCommit } from "../spool/group-commit.ts";
import type { Spool } from "../spool/spool.ts";
import type { EventSink, Logger, MtaEvent } from "../types.ts";

const MEMORY_LIMIT = 50_000;

/**
 * Durable event outbox: events are written in the same transaction as the outcome they
 * describe, then handed to the EventSink in batches and deleted once it accepted them.
 * Delivery to the sink is at least once (eventId lets the app drop repeats).
 */
export class Outbox {
  private busy = false;
  private backoffMs = 0;
  private retryAt = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  emitted = 0;
  /** Highest seq handed to the sink; its deletion may still wait for the next commit. */
  private cursor = 0;
  /** Committed events not yet emitted, in seq order (a cache of the outbox table's tail). */
  private memory: { seq: number; event: MtaEvent }[] = [];
  /** Read the table instead of memory: at start (leftovers of a previous run) and after overflow. */
  private catchUp = true;

  constructor(
    private readonly spool: Spool,
    private readonly writer: GroupCommit,
    private readonly sink: EventSink,
    private readonly log: Logger,
    private readonly batchSize = 500,
  ) {}

  /** An event whose outbox row committed with sequence number seq. */
  committed(seq: number, event: MtaEvent): void {
    if (this.catchUp) return;
    if (this.memory.length >= MEMORY_LIMIT) {
      this.memory = [];
      this.catchUp = true;
      return;
    }
    this.memory.push({ seq, event });
  }

  private next(): { seq: number; event: MtaEvent }[] {
    if (this.catchUp) {
      const rows = this.spool.pendingEvents(this.cursor, this.batchSize);
      if (rows.length) return rows;
      this.catchUp = false; // from now on every committed event also lands in memory
    }
    let i = 0;
    while (i < this.memory.length && this.memory[i]!.seq <= this.cursor) i++;
    return this.memory.slice(i, i + this.batchSize);
  }

  start(): void {
    this.timer = setInterval(() => void this.drain(), 250);
  }

  /** Hand pending events to the sink until none are left (or the sink fails). */
  async drain(): Promise<void> {
    if (this.busy || Date.now() < this.retryAt) return;
    this.busy = true;
    try {
      for (;;) {
        const batch = this.next();
        if (!batch.length) break;
        await this.sink.emit(batch.map((b) => b.event));
        const last = batch[batch.length - 1]!.seq;
        this.cursor = last;
        let done = 0;
        while (done < this.memory.length && this.memory[done]!.seq <= last) done++;
        this.memory.splice(0, done);
        this.writer.push(() => this.spool.deleteEventsThrough(last));
        this.emitted += batch.length;
        this.backoffMs = 0;
      }
    } catch (err) {
      this.backoffMs = Math.min(60_000, Math.max(500, this.backoffMs * 2));
      this.retryAt = Date.now() + this.backoffMs;
      this.log.warn("event sink refused a batch; will retry", { error: (err as Error).message, retryInMs: this.backoffMs });
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.writer.flush();
    this.retryAt = 0;
    await this.drain();
  }
}
