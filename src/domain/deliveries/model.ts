/** An outcome the delivery engine reports (the engine's event, as the app stores it). */
export interface DeliveryEvent {
  eventId: string;
  type: "delivered" | "deferred" | "bounced" | "complained" | "expired" | "failed";
  at: number;
  messageId: string;
  recipient: string;
  attempt: number;
  egressIp: string | null;
  mx: string | null;
  reply: { code: number | null; enhanced: string | null; text: string } | null;
  class: string;
  reason: string;
  source?: string;
}

export type AbuseStatus = "clean" | "warned" | "suspended" | "banned";

/** Org circuit breaker (DL-09): thresholds over the most recent final outcomes. */
export const BREAKER = {
  bounce: [{ window: 50, rate: 0.15 }, { window: 100, rate: 0.08 }],
  complaint: [{ window: 50, rate: 0.04 }, { window: 100, rate: 0.002 }],
  /** Outcomes needed before the breaker may trip (so 1 bounce out of 3 sends does not). */
  minOutcomes: 50,
  cooldownMs: 30 * 60 * 1000,
} as const;

export interface BreakerState {
  state: "closed" | "open" | "half_open";
  openedAt: number | null;
  reason: string | null;
}

export interface OutcomeRates {
  outcomes: number;
  bounced: number;
  complained: number;
  bounceRate: number;
  complaintRate: number;
}

/** A bounce that counts against the sender: permanent (hard) or a block; soft bounces never do. */
export const isHardBounce = (e: Pick<DeliveryEvent, "type" | "class">) => e.type === "bounced" && (e.class === "hard" || e.class === "block");
