import { readFileSync } from "node:fs";
import { loadConfig } from "../config/load";
import { parseBounce, type ShapingProfile } from "../../mta/index";
import { controlToken, runMtaOp, type MtaOp } from "../app/mta-control";
import { loadOrCreateSecret } from "../app/secret";
import { AppError } from "../lib/errors";
import { checkFlags, configFlags, need, UsageError, type ParsedArgs } from "./args";
import { out, type Command } from "./command";
import { openApp } from "./context";
import { runningServerPid } from "./serve";

const num = (flags: ParsedArgs["flags"], name: string) => {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name} must be a non-negative number`);
  return n;
};

function shapingChange(current: ShapingProfile[], name: string, flags: ParsedArgs["flags"]): ShapingProfile {
  const base = current.find((p) => p.name === name);
  if (!base) throw new UsageError(`no shaping profile named ${name} (see \`owlat mta shaping show\`)`);
  let next: ShapingProfile = { ...base, rate: { ...base.rate } };
  if (typeof flags["--set-json"] === "string") {
    try {
      next = { ...next, ...(JSON.parse(flags["--set-json"]) as Partial<ShapingProfile>), name };
    } catch {
      throw new UsageError("--set-json must be a JSON object");
    }
  }
  next.maxConnections = num(flags, "--connections") ?? next.maxConnections;
  next.messagesPerConnection = num(flags, "--per-connection") ?? next.messagesPerConnection;
  next.rate.initial = num(flags, "--rate") ?? next.rate.initial;
  next.rate.floor = num(flags, "--floor") ?? next.rate.floor;
  next.rate.ceiling = num(flags, "--ceiling") ?? next.rate.ceiling;
  if (flags["--tls"] !== undefined) next.tls = flags["--tls"] as ShapingProfile["tls"];
  return next;
}

/** Runs an operation on the running server (control endpoint) or, when none runs, on the spool directly. */
async function run(args: ParsedArgs, build: (get: (o: MtaOp) => Promise<unknown>) => Promise<MtaOp>): Promise<unknown> {
  const config = loadConfig({ flags: configFlags(args.flags) });
  if (config.mta !== "on") throw new AppError("INVALID_STATE", "The built-in MTA is off (OWLAT_MTA=off).");
  if (runningServerPid(config.dataDir)) {
    const token = controlToken(loadOrCreateSecret(config.dataDir, config.secret));
    const call = async (o: MtaOp) => {
      const res = await fetch(`http://127.0.0.1:${config.port}/internal/mta`, { method: "POST", headers: { "content-type": "application/json", "x-owlat-control": token }, body: JSON.stringify(o) });
      const body = (await res.json()) as { result?: unknown; error?: { message: string } };
      if (!res.ok) throw new AppError("INVALID_STATE", body.error?.message ?? `server answered ${res.status}`);
      return body.result;
    };
    return call(await build(call));
  }
  const app = openApp(args);
  try {
    const call = (o: MtaOp) => runMtaOp(app.mta(), o);
    return await call(await build(call));
  } finally {
    await app.mta().stop();
    await app.close();
  }
}

async function parseBounces(files: string[]): Promise<number> {
  if (!files.length) throw new UsageError("parse-bounce needs at least one file");
  for (const file of files) {
    const report = await parseBounce(readFileSync(file));
    if (!report.recipients.length) out(JSON.stringify({ file, type: report.type, recipients: 0 }));
    for (const r of report.recipients) {
      out(JSON.stringify({ file, type: report.type, address: r.address, enhancedStatus: r.enhancedStatus, replyCode: r.replyCode, class: r.class, reason: r.reason, diagnostic: r.diagnostic }));
    }
  }
  return 0;
}

function orgTenant(args: ParsedArgs): string | undefined {
  if (typeof args.flags["--org"] !== "string") return undefined;
  const app = openApp(args);
  try {
    const org = app.orgs.bySlug(args.flags["--org"]);
    if (!org) throw new AppError("NOT_FOUND", `no organization with slug ${args.flags["--org"]}`);
    return org.id;
  } finally {
    void app.close();
  }
}

export const mtaCommand: Command = {
  name: "mta",
  summary: "Inspect and steer the built-in MTA: queue, retries, shaping, IP warming, bounce parsing",
  usage: `owlat mta queue [--state queued|deferred|inflight] [--domain D] [--json]
owlat mta flush [--org SLUG]                 make deferred mail due now
owlat mta retry --id MESSAGE_ID              retry one message now
owlat mta suppress ADDRESS [--org SLUG]      drop waiting mail to an address
owlat mta shaping show [--json]
owlat mta shaping set NAME [--connections N] [--per-connection N] [--rate N] [--floor N] [--ceiling N]
                           [--tls required|opportunistic] [--set-json '{"backoff":0.5,...}']
owlat mta shaping reset
owlat mta ips list
owlat mta ips add IP [--pools transactional,campaign] [--warmup]
owlat mta ips warmup IP [--day N] [--phase warming|hold|graduated]
owlat mta parse-bounce FILE...               print each failed recipient of DSN/ARF files as JSON lines

With \`owlat serve\` running, changes go through its local control endpoint and apply at once.`,
  async run(args) {
    const [sub, a, ...rest] = args.positionals;
    checkFlags(args.flags, ["--state", "--domain", "--json", "--org", "--id", "--connections", "--per-connection", "--rate", "--floor", "--ceiling", "--tls", "--pools", "--warmup", "--day", "--phase", "--set-json"]);
    if (sub === "parse-bounce") return parseBounces([a, ...rest].filter((f): f is string => !!f));
    const json = (v: unknown) => out(JSON.stringify(v, null, 2));
    switch (`${sub} ${sub === "shaping" || sub === "ips" ? a : ""}`.trim()) {
      case "queue": {
        const r = (await run(args, async () => ({ op: "queue", state: args.flags["--state"] as string | undefined, domain: args.flags["--domain"] as string | undefined }))) as { stats: { byState: Record<string, number>; byDomain: { domain: string; queued: number; deferred: number; inflight: number }[]; oldestQueuedAt: number | null; total: number } };
        if (args.flags["--json"]) return json(r), 0;
        out(`total ${r.stats.total}: ${Object.entries(r.stats.byState).map(([s, n]) => `${s} ${n}`).join(", ") || "empty"}`);
        out(`oldest waiting: ${r.stats.oldestQueuedAt ? new Date(r.stats.oldestQueuedAt).toISOString() : "—"}`);
        for (const d of r.stats.byDomain) out(`  ${d.domain.padEnd(32)} queued ${d.queued}  deferred ${d.deferred}  in flight ${d.inflight}`);
        return 0;
      }
      case "flush":
        json(await run(args, async () => ({ op: "flush", tenant: orgTenant(args) })));
        return 0;
      case "retry":
        json(await run(args, async () => ({ op: "retry", id: need(args.flags, "--id") })));
        return 0;
      case "suppress":
        if (!a) throw new UsageError("suppress needs an address");
        json(await run(args, async () => ({ op: "suppress", address: a, tenant: orgTenant(args) })));
        return 0;
      case "shaping show": {
        const profiles = (await run(args, async () => ({ op: "shaping.get" }))) as ShapingProfile[];
        if (args.flags["--json"]) return json(profiles), 0;
        for (const p of profiles) out(`${p.name.padEnd(10)} ${(p.mxSuffixes.join(",") || "(default)").padEnd(44)} conns ${p.maxConnections}  msgs/conn ${p.messagesPerConnection}  rate ${p.rate.initial}/min (${p.rate.floor}–${p.rate.ceiling})  tls ${p.tls}  rules ${p.rules.length}`);
        return 0;
      }
      case "shaping set": {
        const name = rest[0];
        if (!name) throw new UsageError("shaping set needs a profile name");
        json(await run(args, async (get) => ({ op: "shaping.set", profile: shapingChange((await get({ op: "shaping.get" })) as ShapingProfile[], name, args.flags) })));
        return 0;
      }
      case "shaping reset":
        await run(args, async () => ({ op: "shaping.reset" }));
        out("shaping table reset to the defaults");
        return 0;
      case "ips list":
        json(await run(args, async () => ({ op: "ips.list" })));
        return 0;
      case "ips add": {
        const ip = rest[0];
        if (!ip) throw new UsageError("ips add needs an IP address");
        const pools = String(args.flags["--pools"] ?? "transactional,campaign").split(",").map((p) => p.trim()) as ("transactional" | "campaign")[];
        json(await run(args, async () => ({ op: "ips.add", ip: { ip, pools, warmup: args.flags["--warmup"] === true } })));
        return 0;
      }
      case "ips warmup": {
        const ip = rest[0];
        if (!ip) throw new UsageError("ips warmup needs an IP address");
        json(await run(args, async () => ({ op: "ips.warmup", ip, day: num(args.flags, "--day"), phase: args.flags["--phase"] as "warming" | undefined })));
        return 0;
      }
      default:
        throw new UsageError("unknown mta subcommand");
    }
  },
};
