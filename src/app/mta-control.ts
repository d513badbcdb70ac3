import { InvalidChangeError, OptionsError, type EgressIp, type Mta, type ShapingProfile } from "../../mta/index";
import { AppError } from "../lib/errors";
import { sha256Hex } from "../lib/crypto";

/** Operator operations on the delivery engine, shared by `owlat mta` and the server's control endpoint. */
export type MtaOp =
  | { op: "queue"; state?: string; domain?: string; limit?: number }
  | { op: "flush"; tenant?: string }
  | { op: "retry"; id: string }
  | { op: "suppress"; address: string; tenant?: string }
  | { op: "shaping.get" }
  | { op: "shaping.set"; profile: ShapingProfile }
  | { op: "shaping.reset" }
  | { op: "ips.list" }
  | { op: "ips.add"; ip: EgressIp }
  | { op: "ips.warmup"; ip: string; day?: number; phase?: "warming" | "hold" | "graduated" };

export async function runMtaOp(mta: Mta, o: MtaOp): Promise<unknown> {
  try {
    return await apply(mta, o);
  } catch (e) {
    // The engine names the bad field; for the operator that is a usage problem, not a server fault.
    if (e instanceof OptionsError || e instanceof InvalidChangeError) throw new AppError("INVALID_INPUT", e.message);
    throw e;
  }
}

async function apply(mta: Mta, o: MtaOp): Promise<unknown> {
  switch (o.op) {
    case "queue":
      return { stats: mta.stats(), entries: mta.inspect({ state: o.state as never, domain: o.domain, limit: o.limit ?? 20 }) };
    case "flush":
      return { made_due: mta.flush(o.tenant) };
    case "retry":
      return { made_due: mta.retry(o.id) };
    case "suppress":
      return { dropped: await mta.suppress(o.address, o.tenant) };
    case "shaping.get":
      return mta.shaping.get();
    case "shaping.set":
      await mta.shaping.set(o.profile);
      return mta.shaping.get().find((p) => p.name === o.profile.name);
    case "shaping.reset":
      await mta.shaping.reset();
      return mta.shaping.get();
    case "ips.list":
      return mta.ips.list();
    case "ips.add":
      return mta.ips.add(o.ip);
    case "ips.warmup":
      return mta.ips.warmup(o.ip, { day: o.day, phase: o.phase });
    default:
      throw new AppError("INVALID_INPUT", "Unknown MTA operation.", { field: "op" });
  }
}

/** Token the CLI presents to the running server's control endpoint (derived from the instance secret). */
export const controlToken = (secret: string) => sha256Hex(`owlat-control:${secret}`);
