/** A run-time change an operator asked for (shaping, IPs) that is not valid; the message names the field. */
export class InvalidChangeError extends Error {}
