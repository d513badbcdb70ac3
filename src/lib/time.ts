export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}
