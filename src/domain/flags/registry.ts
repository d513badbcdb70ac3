/** The feature-flag registry of features.md §20: 35 core flags, their packs and the operating-mode presets. */
export type FlagCategory = "sending" | "receiving" | "ai" | "integrations" | "security" | "deliverability" | "hosted";

export interface FlagDefinition {
  key: string;
  label: string;
  category: FlagCategory;
  default: boolean;
  requires: string[];
  /** Groups of which at least one member must be on. Never switched on automatically. */
  requiresAny: string[][];
  cascadesOff: string[];
  requiredEnvVars: string[];
  hostedOnly: boolean;
}

type Def = [key: string, label: string, category: FlagCategory, dflt: boolean, extra?: Partial<Omit<FlagDefinition, "key" | "label" | "category" | "default">>];

const defs: Def[] = [
  ["campaigns", "Campaigns", "sending", true],
  ["campaigns.archive", "Campaign archive", "sending", true, { requires: ["campaigns"] }],
  ["transactional", "Transactional email", "sending", true],
  ["automations", "Automations", "sending", false],
  ["inbox", "Team inbox", "receiving", false],
  ["inbox.codeTasks", "Code tasks", "receiving", false, { requires: ["inbox", "ai.agent"] }],
  ["chat", "Team chat", "receiving", false],
  ["postbox", "Postbox", "receiving", false],
  ["postbox.aiDraft", "Postbox AI drafts", "ai", false, { requires: ["ai"], requiresAny: [["postbox", "mail.external"]] }],
  ["mail.external", "External mailbox", "receiving", false],
  ["ai", "AI", "ai", false, {
    cascadesOff: ["ai.agent", "ai.autonomy", "ai.knowledge", "ai.knowledge.autoLink", "ai.knowledge.graphRetrieval", "ai.knowledge.analytics", "ai.assistant", "ai.visualizations"],
    requiredEnvVars: ["LLM_PROVIDER", "LLM_API_KEY"],
  }],
  ["ai.agent", "AI agent", "ai", false, { requires: ["ai", "inbox"], cascadesOff: ["ai.autonomy", "inbox.codeTasks"] }],
  ["ai.autonomy", "AI autonomy", "ai", false, { requires: ["ai", "ai.agent"] }],
  ["ai.knowledge", "Knowledge graph", "ai", false, { requires: ["ai"] }],
  ["ai.knowledge.autoLink", "Knowledge auto-link", "ai", false, { requires: ["ai.knowledge"] }],
  ["ai.knowledge.graphRetrieval", "Graph retrieval", "ai", false, { requires: ["ai.knowledge"] }],
  ["ai.knowledge.analytics", "Knowledge analytics", "ai", false, { requires: ["ai.knowledge"] }],
  ["ai.assistant", "AI assistant", "ai", false, { requires: ["ai"] }],
  ["ai.visualizations", "AI visualizations", "ai", false, { requires: ["ai"] }],
  ["webhooks", "Webhooks", "integrations", false],
  ["forms", "Forms", "integrations", true],
  ["imports.mailchimp", "Mailchimp import", "integrations", false],
  ["imports.stripe", "Stripe import", "integrations", false],
  ["imports.mandrill", "Mandrill import", "integrations", false],
  ["scan.content", "Content scanning", "security", true],
  ["scan.files", "Attachment scanning", "security", true],
  ["scan.urls", "URL scanning", "security", false, { requiredEnvVars: ["GOOGLE_SAFE_BROWSING_API_KEY"] }],
  ["senderAuthBadges", "Sender authenticity badges", "security", true, { requires: ["postbox"] }],
  ["sealedMail", "Sealed mail", "security", true, { requires: ["postbox", "senderAuthBadges"] }],
  ["analytics.posthog", "PostHog analytics", "deliverability", false, { requiredEnvVars: ["POSTHOG_API_KEY", "POSTHOG_HOST"] }],
  ["domains.verification", "Domain verification", "deliverability", true],
  ["domains.dkimRotation", "DKIM key rotation", "deliverability", true],
  ["billing.stripe", "Stripe billing", "hosted", false, { requiredEnvVars: ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"], hostedOnly: true }],
  ["multiTenancy", "Multi-tenancy", "hosted", false, { hostedOnly: true }],
  ["tier.autoProvision", "Auto-provisioning", "hosted", false, { requiredEnvVars: ["HETZNER_API_TOKEN"], hostedOnly: true }],
];

export const FLAGS: readonly FlagDefinition[] = defs.map(([key, label, category, dflt, extra]) => ({
  key,
  label,
  category,
  default: dflt,
  requires: extra?.requires ?? [],
  requiresAny: extra?.requiresAny ?? [],
  cascadesOff: extra?.cascadesOff ?? [],
  requiredEnvVars: extra?.requiredEnvVars ?? [],
  hostedOnly: extra?.hostedOnly ?? false,
}));

export const FLAG_BY_KEY = new Map(FLAGS.map((f) => [f.key, f]));

export function isFlagKey(key: string): boolean {
  return FLAG_BY_KEY.has(key);
}

export const PACKS: Record<string, string[]> = {
  marketing: ["campaigns", "automations", "transactional"],
  emailClient: ["inbox", "chat", "postbox"],
  ai: ["ai", "ai.agent", "ai.autonomy", "ai.knowledge", "ai.knowledge.autoLink", "ai.knowledge.graphRetrieval", "ai.knowledge.analytics", "ai.assistant", "ai.visualizations"],
};

const SENDING = ["campaigns", "campaigns.archive", "transactional", "automations"];

export interface OperatingMode {
  key: string;
  on: string[];
  off: string[];
  needsProvider: boolean;
  needsMta: boolean;
}

export const OPERATING_MODES: OperatingMode[] = [
  { key: "crm_only", on: [], off: SENDING, needsProvider: false, needsMta: false },
  { key: "imap_only", on: ["mail.external"], off: SENDING, needsProvider: false, needsMta: false },
  { key: "transactional", on: ["transactional"], off: ["campaigns", "campaigns.archive", "automations"], needsProvider: true, needsMta: false },
  { key: "marketing", on: SENDING, off: [], needsProvider: true, needsMta: false },
  { key: "hosted_mail", on: ["postbox"], off: SENDING, needsProvider: false, needsMta: true },
  { key: "team_inbox", on: ["inbox", "transactional"], off: ["campaigns", "campaigns.archive", "automations"], needsProvider: true, needsMta: true },
  { key: "team_inbox_ai", on: ["inbox", "transactional", "ai", "ai.agent"], off: ["campaigns", "campaigns.archive", "automations"], needsProvider: true, needsMta: true },
  {
    key: "full",
    on: [...SENDING, "inbox", "chat", "postbox", "mail.external", "ai", "ai.agent", "ai.knowledge", "ai.assistant"],
    off: [],
    needsProvider: true,
    needsMta: true,
  },
];
