import { existsSync, mkdirSync, statSync } from "node:fs";
import type { Config } from "../config/schema";
import { publicUrlOf } from "../config/load";
import { openSystemDb, systemDbPath, type SystemDb } from "../db/system";
import { TenantRegistry, tenantDbPath } from "../db/tenants";
import { createLogger, type Logger } from "../lib/logger";
import { Metrics } from "../lib/metrics";
import { systemClock, type Clock } from "../lib/time";
import type { Mailer } from "../domain/mail/model";
import { createAuditService, type AuditService } from "../domain/audit/service";
import { createFlagsService, type FlagsService } from "../domain/flags/service";
import { createSettingsService, type SettingsService } from "../domain/settings/service";
import { createOrganizationsService, type OrganizationsService } from "../domain/organizations/service";
import { createAccountsService, type AccountsService } from "../domain/accounts/service";
import { createOnboardingService, type OnboardingService } from "../domain/onboarding/service";
import { Scheduler } from "../jobs/scheduler";
import { JobQueue } from "../jobs/queue";
import { loadOrCreateSecret } from "./secret";
import { mailerFromConfig } from "./mailer";
import { coreRecurringJobs } from "./recurring-jobs";
import { ehloHostnameOf } from "./domains";
import { wireDomains } from "./domains";
import { wireMedia } from "./media";
import { createDomainRegistry } from "./domain-registry";
import { createEngine } from "./mta";
import { createMtaMailer } from "./mta-mailer";
import type { RecipeComposer } from "./mta-adapters";
import type { MediaService } from "../domain/media/service";
import type { DomainsService } from "../domain/domains/service";
import { createDeliveriesService, type DeliveriesService } from "../domain/deliveries/service";
import type { TenantContext } from "../domain/context";
import type { DnsResolve } from "../lib/dns";
import type { Mta } from "../../mta/index";
import { connectDeliveriesToAudience, installAudience } from "./audience";
import { installTemplates } from "./templates";

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  mailer?: Mailer;
  /** argon2id cost override (tests). */
  passwordCost?: { memoryCost: number; timeCost: number };
  /** DNS lookups (tests point them at a local dnsmasq). */
  resolve?: DnsResolve;
  /** Create the data directory when missing (serve, migrate, admin create). */
  createDataDir?: boolean;
}

/** Whether mail to an address must not be sent (blocklist). The audience area provides it. */
export interface SuppressionPort {
  isSuppressed(ctx: Pick<TenantContext, "org" | "db">, email: string): boolean;
}

export interface App {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  secret: string;
  publicUrl: string;
  system: SystemDb;
  tenants: TenantRegistry;
  /** The system-mail port; replaceable (the built-in MTA plugs in here). */
  mail: { current: Mailer };
  audit: AuditService;
  flags: FlagsService;
  settings: SettingsService;
  orgs: OrganizationsService;
  accounts: AccountsService;
  onboarding: OnboardingService;
  domains: DomainsService;
  domainRegistry: ReturnType<typeof createDomainRegistry>;
  media: MediaService;
  deliveries: DeliveriesService;
  suppression: SuppressionPort;
  /** Composers of mail built at delivery time, by recipe kind (campaigns register theirs). */
  composers: Map<string, RecipeComposer>;
  /** The delivery engine, created on first use (one-shot CLI commands never open it). */
  mta(): Mta;
  scheduler: Scheduler;
  queue: JobQueue;
  /** Health probes by component; features add theirs (e.g. the MTA). */
  health: Record<string, () => boolean>;
  startBackground(): Promise<void>;
  close(): Promise<void>;
}

export class DataDirMissing extends Error {}

export function createApp(config: Config, opts: AppOptions = {}): App {
  if (!existsSync(config.dataDir)) {
    if (!opts.createDataDir) {
      throw new DataDirMissing(`No data directory at ${config.dataDir}. Point --data-dir (or OWLAT_DATA_DIR) at an existing one, or run \`owlat serve\` to create it.`);
    }
    mkdirSync(config.dataDir, { recursive: true });
  }
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger({ level: config.logLevel as "info" });
  const secret = loadOrCreateSecret(config.dataDir, config.secret);
  const publicUrl = publicUrlOf(config);
  const system = openSystemDb(config.dataDir, (name) => logger.info("system migration applied", { migration: name }));
  const tenants = new TenantRegistry(config.dataDir, config.tenantCacheSize);
  const mail = { current: opts.mailer ?? mailerFromConfig(config, system, clock) };
  const composers = new Map<string, RecipeComposer>();
  let engine: Mta | null = null;
  let engineStarted = false;
  const mailer = () => mail.current;

  const audit = createAuditService(system, clock);
  const flags = createFlagsService(system, clock, audit);
  const settings = createSettingsService(system, clock, audit);
  const orgs = createOrganizationsService({ db: system, tenants, clock, audit, mailer, publicUrl });
  const accounts = createAccountsService({ db: system, clock, audit, orgs, mailer, publicUrl, secret, passwordCost: opts.passwordCost });
  const onboarding = createOnboardingService(settings);
  const metrics = new Metrics();
  const scheduler = new Scheduler(system, clock, logger);
  const queue = new JobQueue(system, clock, logger);

  const domainRegistry = createDomainRegistry(system, clock);
  const deliveries = createDeliveriesService({ clock, audit, settings });
  const base = {
    config, clock, logger, metrics, secret, publicUrl, system, tenants, mail,
    audit, flags, settings, orgs, accounts, onboarding, scheduler, queue, domainRegistry, deliveries, composers,
    suppression: { isSuppressed: () => false } as SuppressionPort,
    mta: () => (engine ??= createEngine(app, composers)),
    health: {
      database: () => {
        try {
          return system.$client.query("SELECT 1 AS ok").get() !== null;
        } catch {
          return false;
        }
      },
      mta: () => engineStarted && (engine?.health().ok ?? false),
    } as Record<string, () => boolean>,
    async startBackground() {
      scheduler.start();
      queue.start();
      if (config.mta === "on") await startEngine(app);
      engineStarted = config.mta === "on";
    },
    async close() {
      await scheduler.stop();
      await queue.stop();
      if (engine && engineStarted) await engine.stop();
      tenants.closeAll();
      system.$client.close();
    },
  };
  const app = Object.assign(base, {
    domains: wireDomains(base, domainRegistry, opts.resolve),
    media: wireMedia(base),
  }) as App;
  if (!opts.mailer && !config.dev && config.mta === "on") mail.current = createMtaMailer(app.mta, config.mailFrom, ehloHostnameOf(app));

  for (const job of coreRecurringJobs(app)) scheduler.register(job);
  onboarding.addStep({
    id: "sending",
    order: 1,
    label: "Configure a sending provider",
    path: "/settings",
    done: () => ["smtp-relay", "mta"].includes(app.mail.current.kind),
  });
  installAudience(app);
  connectDeliveriesToAudience(app);
  installTemplates(app);
  scheduler.onRun = (name, ok) => metrics.inc("owlat_job_runs_total", "Recurring job runs", { job: name, status: ok ? "ok" : "error" });
  queue.onFinish = (job) => metrics.inc("owlat_queue_jobs_total", "Finished queued jobs", { kind: job.kind, status: job.status });
  metrics.collect(() => {
    metrics.set("owlat_db_bytes", "Database file size in bytes", { db: "system" }, fileSize(systemDbPath(config.dataDir)));
    for (const org of orgs.list()) {
      metrics.set("owlat_db_bytes", "Database file size in bytes", { db: "tenant", org: org.slug }, fileSize(tenantDbPath(config.dataDir, org.id)));
    }
  });
  return app;
}

/** Starts delivery and the bounce intake; a port that cannot be bound is logged, not fatal (outbound still works). */
async function startEngine(app: App): Promise<void> {
  const engine = app.mta();
  await engine.start();
  if (app.config.mtaInboundPort > 0) {
    try {
      await engine.startInbound({ port: app.config.mtaInboundPort, host: app.config.mtaInboundHost });
    } catch (e) {
      app.logger.warn("bounce intake not started: bounces and complaints will not be recorded", { port: app.config.mtaInboundPort, error: (e as Error).message });
    }
  }
  app.metrics.collect(() => {
    const s = engine.stats();
    for (const [state, n] of Object.entries(s.byState)) app.metrics.set("owlat_mta_queue", "Deliveries in the MTA spool by state", { state }, n);
  });
}

function fileSize(path: string): number {
  let total = 0;
  for (const p of [path, `${path}-wal`]) if (existsSync(p)) total += statSync(p).size;
  return total;
}
