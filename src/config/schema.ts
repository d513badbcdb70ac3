/**
 * The one configuration schema. Every setting has a type, a default, an env name (OWLAT_*),
 * a command-line flag, and a description; `owlat config docs` prints this table.
 */
export type SettingType =
  | { kind: "string" }
  | { kind: "int"; min: number; max: number }
  | { kind: "boolean" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "url" };

export interface Setting {
  key: string;
  env: string;
  flag: string;
  type: SettingType;
  default: string | number | boolean | undefined;
  description: string;
  secret?: boolean;
}

const str = { kind: "string" } as const;
const bool = { kind: "boolean" } as const;
const int = (min: number, max: number) => ({ kind: "int", min, max }) as const;
const oneOf = (...values: string[]) => ({ kind: "enum", values }) as const;

export const settings = [
  { key: "dataDir", env: "OWLAT_DATA_DIR", flag: "--data-dir", type: str, default: "./owlat-data", description: "Directory holding the system database, one database per organization, media and backups." },
  { key: "port", env: "OWLAT_PORT", flag: "--port", type: int(1, 65535), default: 3000, description: "HTTP port of `owlat serve`." },
  { key: "host", env: "OWLAT_HOST", flag: "--host", type: str, default: "0.0.0.0", description: "Interface `owlat serve` listens on (0.0.0.0 = all interfaces)." },
  { key: "publicUrl", env: "OWLAT_PUBLIC_URL", flag: "--public-url", type: { kind: "url" }, default: undefined, description: "Address users reach the appliance at; used in links in mail. Defaults to http://localhost:<port>." },
  { key: "dev", env: "OWLAT_DEV", flag: "--dev", type: bool, default: false, description: "Development mode: system mail without a transport goes to the dev outbox page (/dev/outbox) instead of being refused." },
  { key: "logLevel", env: "OWLAT_LOG_LEVEL", flag: "--log-level", type: oneOf("debug", "info", "warn", "error"), default: "info", description: "Minimum level of the JSON log lines written to stdout." },
  { key: "secret", env: "OWLAT_SECRET", flag: "--secret", type: str, default: undefined, secret: true, description: "Instance secret (at least 32 characters) that signs links and tokens. Generated into <dataDir>/secret.key on first start when unset." },
  { key: "trustProxy", env: "OWLAT_TRUST_PROXY", flag: "--trust-proxy", type: oneOf("none", "xforwarded", "xrealip"), default: "none", description: "Which proxy header carries the client IP (for rate limits and the audit log). `none` uses the socket address." },
  { key: "secureCookies", env: "OWLAT_SECURE_COOKIES", flag: "--secure-cookies", type: oneOf("auto", "always", "never"), default: "auto", description: "Secure flag on cookies: `auto` sets it when the public URL is https." },
  { key: "tenantCacheSize", env: "OWLAT_TENANT_CACHE_SIZE", flag: "--tenant-cache-size", type: int(1, 10000), default: 64, description: "How many organization databases stay open at once (least recently used are closed)." },
  { key: "auditRetentionDays", env: "OWLAT_AUDIT_RETENTION_DAYS", flag: "--audit-retention-days", type: int(1, 36500), default: 365, description: "Audit log entries older than this are deleted by the daily `audit.retention` job." },
  { key: "metricsToken", env: "OWLAT_METRICS_TOKEN", flag: "--metrics-token", type: str, default: undefined, secret: true, description: "Bearer token for GET /metrics. Without it, /metrics answers only requests from loopback addresses." },
  { key: "mta", env: "OWLAT_MTA", flag: "--mta", type: oneOf("on", "off"), default: "on", description: "The built-in MTA delivers all mail (direct to MX, or through OWLAT_SMTP_HOST as a smarthost). `off`: system mail goes straight to OWLAT_SMTP_HOST, and nothing else is sent." },
  { key: "mtaInboundPort", env: "OWLAT_MTA_INBOUND_PORT", flag: "--mta-inbound-port", type: int(0, 65535), default: 25, description: "Port of the inbound SMTP server that takes bounces and complaints (only for our own VERP and feedback addresses; it never relays). 0 turns it off." },
  { key: "mtaInboundHost", env: "OWLAT_MTA_INBOUND_HOST", flag: "--mta-inbound-host", type: str, default: "0.0.0.0", description: "Interface of the inbound SMTP server." },
  { key: "mtaDestinationPort", env: "OWLAT_MTA_DESTINATION_PORT", flag: "--mta-destination-port", type: int(1, 65535), default: 25, description: "Port the MTA connects to on receiving servers. Only labs and tests change it." },
  { key: "bounceDomain", env: "OWLAT_BOUNCE_DOMAIN", flag: "--bounce-domain", type: str, default: undefined, description: "Return-path domain for mail whose From domain is not a sending domain (system mail). Defaults to bounce.<EHLO host>. Sending domains use bounce.<their domain>." },
  { key: "ehloHostname", env: "OWLAT_EHLO_HOSTNAME", flag: "--ehlo-hostname", type: str, default: undefined, description: "Name the built-in MTA greets receiving servers with; it must match the PTR record of the sending IPs. Defaults to the host of the public URL." },
  { key: "sendingIps", env: "OWLAT_SENDING_IPS", flag: "--sending-ips", type: str, default: undefined, description: "Comma-separated public IPs the MTA sends from; used in the SPF records shown for sending domains. Unset: SPF authorizes the EHLO host's address (a:<host>)." },
  { key: "spfInclude", env: "OWLAT_SPF_INCLUDE", flag: "--spf-include", type: str, default: undefined, description: "Domain to `include:` in the SPF records shown for sending domains (instead of ip4/a terms)." },
  { key: "dnsServers", env: "OWLAT_DNS_SERVERS", flag: "--dns-servers", type: str, default: undefined, description: "Comma-separated DNS servers (host or host:port) for domain verification and MX lookups. Unset: the system resolver." },
  { key: "dmarcRua", env: "OWLAT_DMARC_RUA", flag: "--dmarc-rua", type: str, default: undefined, description: "Address for DMARC aggregate reports (rua=mailto:...) in the DMARC records shown for sending domains." },
  { key: "smtpHost", env: "OWLAT_SMTP_HOST", flag: "--smtp-host", type: str, default: undefined, description: "SMTP relay (smarthost). With the MTA on, every message is relayed through it instead of going direct to MX (for hosts whose port 25 is blocked); with the MTA off, system mail uses it." },
  { key: "smtpPort", env: "OWLAT_SMTP_PORT", flag: "--smtp-port", type: int(1, 65535), default: 587, description: "SMTP relay port." },
  { key: "smtpTls", env: "OWLAT_SMTP_TLS", flag: "--smtp-tls", type: oneOf("starttls", "implicit", "none"), default: "starttls", description: "`starttls` requires STARTTLS (587), `implicit` is TLS from the first byte (465), `none` sends in clear (lab only)." },
  { key: "smtpUser", env: "OWLAT_SMTP_USER", flag: "--smtp-user", type: str, default: undefined, description: "SMTP relay user name (AUTH is used when set)." },
  { key: "smtpPassword", env: "OWLAT_SMTP_PASSWORD", flag: "--smtp-password", type: str, default: undefined, secret: true, description: "SMTP relay password." },
  { key: "mailFrom", env: "OWLAT_MAIL_FROM", flag: "--mail-from", type: str, default: "Owlat <noreply@localhost>", description: "From address of system mail." },
] as const satisfies readonly Setting[];

type Entry = (typeof settings)[number];
type ValueOf<T extends SettingType> = T extends { kind: "int" } ? number : T extends { kind: "boolean" } ? boolean : string;
type HasDefault<E extends Entry> = E["default"] extends undefined ? false : true;

export type Config = {
  [E in Entry as E["key"]]: HasDefault<E> extends true ? ValueOf<E["type"]> : ValueOf<E["type"]> | undefined;
} & { configFile?: string };
