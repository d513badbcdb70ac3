import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Metrics } from "../metrics.ts";
import type { GroupCommit } from "../spool/group-commit.ts";
import type { Spool } from "../spool/spool.ts";
import type { InboundOptions, Logger, MtaEvent } from "../types.ts";
import { parseBounce, type BounceReport } from "./parse.ts";
import { findVerp, parseVerp, type BounceDomains } from "./verp.ts";

export interface InboundDeps {
  spool: Spool;
  writer: GroupCommit;
  metrics: Metrics;
  log: Logger;
  ehlo: string;
  bounceDomains: BounceDomains;
  verpSecret: string;
  now: () => number;
  onRecorded: () => void;
  eventCommitted: (seq: number, event: MtaEvent) => void;
}

type Target = { kind: "bounce"; rid: number } | { kind: "complaint" };

const PLAIN_LOCAL = /^[a-z0-9][a-z0-9._+-]*$/i;

/** Which of our addresses this is, or null (then RCPT is refused: we never relay). */
export function inboundTarget(address: string, deps: Pick<InboundDeps, "bounceDomains" | "verpSecret">, complaintLocalParts: string[]): Target | null {
  const at = address.lastIndexOf("@");
  if (at <= 0) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  const ours = typeof deps.bounceDomains === "function" ? deps.bounceDomains(domain) : deps.bounceDomains.includes(domain);
  if (!PLAIN_LOCAL.test(local) || !ours) return null;
  if (complaintLocalParts.includes(local.toLowerCase())) return { kind: "complaint" };
  const rid = parseVerp(`${local}@${domain}`, deps.verpSecret, deps.bounceDomains);
  return rid === null ? null : { kind: "bounce", rid };
}

function eventFor(deps: InboundDeps, rid: number, type: "bounced" | "complained", cls: string, reason: string, reply: MtaEvent["reply"], source: string): MtaEvent | null {
  const d = deps.spool.delivery(rid);
  if (!d) return null;
  return { eventId: `${d.messageId}:${d.rcpt}:${source}:${type}`, type, at: deps.now(), tenant: d.tenant, messageId: d.messageId, recipient: d.rcpt, attempt: d.attempts, egressIp: d.ip, mx: d.mx, reply, class: cls, reason, source };
}

/** Events a report yields for one envelope recipient. Delayed DSNs are informational (§9.5). */
export function attribute(deps: InboundDeps, report: BounceReport, target: Target): MtaEvent[] {
  if (target.kind === "complaint" || report.type === "arf") {
    const fromReturnPath = report.originalReturnPath ? parseVerp(report.originalReturnPath, deps.verpSecret, deps.bounceDomains) : null;
    const rid = target.kind === "bounce" ? target.rid : (fromReturnPath ?? findVerp(report.searchText, deps.verpSecret, deps.bounceDomains));
    if (rid === null || report.type !== "arf") return [];
    const e = eventFor(deps, rid, "complained", "complaint", report.feedbackType ?? "abuse", null, report.feedbackType ?? "abuse");
    return e ? [e] : [];
  }
  const d = deps.spool.delivery(target.rid);
  if (!d) return [];
  const failed = report.recipients.filter((r) => r.class !== "delayed");
  const mine = failed.filter((r) => r.address === d.rcpt.toLowerCase());
  const chosen = mine.length ? mine : failed.length === 1 ? failed : [];
  return chosen.flatMap((r) => {
    const e = eventFor(deps, target.rid, "bounced", r.class, r.reason, { code: r.replyCode, enhanced: r.enhancedStatus, text: r.diagnostic }, "dsn");
    return e ? [e] : [];
  });
}

async function readAll(stream: SMTPServerDataStream, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return stream.sizeExceeded || size > limit ? null : Buffer.concat(chunks);
}

/** Inbound SMTP for bounces and complaints only: any other recipient is refused at RCPT. */
export function createInboundServer(deps: InboundDeps, opts: InboundOptions): SMTPServer {
  const complaintParts = (opts.complaintLocalParts ?? ["fbl"]).map((p) => p.toLowerCase());
  const limit = opts.maxMessageBytes ?? 10 * 1024 * 1024;
  const targets = new WeakMap<SMTPServerSession, Target[]>();
  return new SMTPServer({
    name: deps.ehlo,
    banner: "bounce and feedback intake only",
    size: limit,
    disabledCommands: opts.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    key: opts.tls?.key,
    cert: opts.tls?.cert,
    maxClients: 200,
    socketTimeout: 60_000,
    logger: false,
    onRcptTo(address: SMTPServerAddress, session, cb) {
      const target = inboundTarget(address.address, deps, complaintParts);
      if (!target) {
        deps.metrics.inc("inbound:refused");
        const err = Object.assign(new Error("5.7.1 relaying denied: this server only accepts bounces for its own addresses"), { responseCode: 550 });
        return cb(err);
      }
      targets.set(session, [...(targets.get(session) ?? []), target]);
      cb();
    },
    onData(stream, session, cb) {
      const list = targets.get(session) ?? [];
      targets.delete(session);
      handleData(deps, stream, list, limit).then(
        () => cb(),
        (err: Error & { responseCode?: number }) => cb(err),
      );
    },
  });
}

async function handleData(deps: InboundDeps, stream: SMTPServerDataStream, list: Target[], limit: number): Promise<void> {
  const raw = await readAll(stream, limit);
  if (!raw) throw Object.assign(new Error("5.3.4 message too big"), { responseCode: 552 });
  let events: MtaEvent[] = [];
  try {
    const report = await parseBounce(raw);
    events = list.flatMap((t) => attribute(deps, report, t));
    deps.metrics.inc(events.length ? `inbound:${report.type}` : "inbound:unattributed");
  } catch (err) {
    deps.log.warn("inbound report could not be read", { error: (err as Error).message });
    deps.metrics.inc("inbound:unreadable");
    return; // accepted and dropped: no backscatter
  }
  if (!events.length) return;
  try {
    await deps.writer.run(() =>
      events.forEach((e) => {
        const seq = deps.spool.insertEvent(e);
        deps.writer.afterCommit(() => deps.eventCommitted(seq, e));
      }),
    );
    for (const e of events) deps.metrics.inc(`${e.type}:${e.class}`);
    deps.onRecorded();
  } catch {
    throw Object.assign(new Error("4.3.0 cannot record the report right now, try again"), { responseCode: 451 });
  }
}
