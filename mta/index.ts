/**
 * Owlat's delivery engine. This file is the engine's only entry: the app imports from here
 * and nowhere else under mta/. The contract is described in mta/README.md.
 */
export { createMta, type Mta } from "./engine.ts";
export { OptionsError, type MtaOptions } from "./options.ts";
export { InvalidChangeError } from "./errors.ts";
export { parseBounce, type BounceReport, type BounceRecipient, type BounceRecipientClass } from "./bounce/parse.ts";
export { verpAddress, parseVerp } from "./bounce/verp.ts";
export { classifyStatus, type BounceClass, type Reason } from "./classify/status.ts";
export { DEFAULT_RETRY } from "./classify/retry.ts";
export { DEFAULT_SHAPING, unlimitedProfile, validateProfile } from "./shaping/profiles.ts";
export { DEFAULT_WARMING } from "./warming/egress.ts";
export { createDnsResolver, type DnsOptions } from "./dns/resolver.ts";
export type * from "./types.ts";
