import type { DkimSigner } from "../dkim/signer.ts";
import type { MtaSts } from "../mta-sts.ts";
import type { Metrics } from "../metrics.ts";
import type { Settings } from "../options.ts";
import type { GroupCommit } from "../spool/group-commit.ts";
import type { Spool } from "../spool/spool.ts";
import type { Composer, Logger, Policy, Resolver } from "../types.ts";
import type { Egress } from "../warming/egress.ts";
import type { Lanes } from "./lanes.ts";

/** Everything a delivery step may use; built once by createMta. */
export interface EngineContext {
  settings: Settings;
  spool: Spool;
  writer: GroupCommit;
  resolver: Resolver;
  signer: DkimSigner;
  composer: Composer | null;
  policy: Policy | null;
  egress: Egress;
  lanes: Lanes;
  sts: MtaSts | null;
  metrics: Metrics;
  log: Logger;
  now: () => number;
  random: () => number;
  /** Called after outcomes are queued for commit (wakes the event outbox). */
  onRecorded: () => void;
  /** An event row committed (feeds the outbox's in-memory tail). */
  eventCommitted: (seq: number, event: import("../types.ts").MtaEvent) => void;
}
