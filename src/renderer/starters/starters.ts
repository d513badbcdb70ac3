import type { Block } from "../model/blocks.ts";
import { DOCUMENT_VERSION, type EmailDocument } from "../model/document.ts";

/** TE-02 starter library, as data. Image URLs are placeholders the author replaces from the media library. */
export interface StarterTemplate {
  id: "blank" | "welcome" | "newsletter" | "announcement" | "product-update" | "plain-text";
  name: string;
  description: string;
  subject: string;
  preheader: string;
  document: EmailDocument;
}

const IMG = "https://example.com/images";
const doc = (blocks: Block[]): EmailDocument => ({ version: DOCUMENT_VERSION, blocks });
const footer = (id: string): Block => ({
  id, type: "text", fontSize: 12, textColor: "#71717a", textAlign: "center",
  html: "<p>You receive this email because you subscribed to our updates.</p><p><a href=\"{{unsubscribeUrl}}\" data-no-track>Unsubscribe</a> · <a href=\"{{preferencesUrl}}\" data-no-track>Email preferences</a></p>",
});

function article(n: number): Block[] {
  return [
    { id: `article-${n}-image`, type: "image", src: `${IMG}/article-${n}.jpg`, alt: `Illustration for story ${n}`, width: 552, linkUrl: `https://example.com/blog/story-${n}` },
    { id: `article-${n}-title`, type: "text", blockType: "h2", html: `<p>Story ${n}: what we shipped this month</p>` },
    { id: `article-${n}-body`, type: "text", html: `<p>Hi {{firstName|'there'}}, here is the short version of story ${n}. We rebuilt the part you asked about and it is faster now.</p>` },
    { id: `article-${n}-button`, type: "button", text: "Read the full story", url: `https://example.com/blog/story-${n}`, align: "left" },
  ];
}

export function newsletterDocument(): EmailDocument {
  return doc([
    { id: "header", type: "text", blockType: "h1", textAlign: "center", html: "<p>The Monthly Owl</p>" },
    { id: "hero", type: "image", src: `${IMG}/hero.jpg`, alt: "This month at a glance", width: 600, fullWidth: true, linkUrl: "https://example.com/blog" },
    ...article(1),
    ...article(2),
    ...article(3),
    { id: "divider", type: "divider", color: "#e4e4e7" },
    footer("footer"),
  ]);
}

const STARTERS: StarterTemplate[] = [
  { id: "blank", name: "Start from Blank", description: "An empty canvas.", subject: "", preheader: "", document: doc([]) },
  {
    id: "welcome", name: "Welcome Email", description: "Greet new subscribers and point them to a first step.",
    subject: "Welcome, {{firstName|'friend'}}!", preheader: "Here is how to get started",
    document: doc([
      { id: "welcome-title", type: "text", blockType: "h1", html: "<p>Welcome aboard, {{firstName|'friend'}}!</p>" },
      { id: "welcome-body", type: "text", html: "<p>Thanks for joining. Here is what you can expect from us: one useful email a month, no noise.</p>" },
      { id: "welcome-cta", type: "button", text: "Get started", url: "https://example.com/start" },
      { id: "welcome-list", type: "list", listType: "check", items: ["Set up your profile", "Pick the topics you care about", "Reply to this email if you need help"] },
      footer("welcome-footer"),
    ]),
  },
  { id: "newsletter", name: "Newsletter", description: "Header, hero image, three stories and a footer.", subject: "The Monthly Owl: three stories for {{firstName|'you'}}", preheader: "What we shipped this month", document: newsletterDocument() },
  {
    id: "announcement", name: "Announcement", description: "One big message with a call to action.",
    subject: "Big news", preheader: "Something new is here",
    document: doc([
      {
        id: "announce-hero", type: "hero", backgroundImage: `${IMG}/announcement.jpg`, overlayColor: "#00000080", height: 320,
        items: [
          { id: "announce-title", type: "text", blockType: "h1", textColor: "#ffffff", textAlign: "center", html: "<p>Something new is here</p>" },
          { id: "announce-cta", type: "button", text: "See what's new", url: "https://example.com/news" },
        ],
      },
      { id: "announce-body", type: "text", html: "<p>We have been working on this for a while and cannot wait for you to try it.</p>" },
      footer("announce-footer"),
    ]),
  },
  {
    id: "product-update", name: "Product Update", description: "Release notes in two columns with a changelog link.",
    subject: "What's new in {{data.version|'this release'}}", preheader: "The highlights of this release",
    document: doc([
      { id: "update-title", type: "text", blockType: "h1", html: "<p>Product update</p>" },
      {
        id: "update-columns", type: "columns", ratio: "equal",
        columns: [
          { blocks: [{ id: "update-img-1", type: "image", src: `${IMG}/feature-1.png`, alt: "Faster search" }, { id: "update-text-1", type: "text", html: "<p><strong>Faster search.</strong> Results appear as you type.</p>" }] },
          { blocks: [{ id: "update-img-2", type: "image", src: `${IMG}/feature-2.png`, alt: "Dark mode" }, { id: "update-text-2", type: "text", html: "<p><strong>Dark mode.</strong> Easy on the eyes at night.</p>" }] },
        ],
      },
      { id: "update-cta", type: "button", text: "Read the changelog", url: "https://example.com/changelog" },
      footer("update-footer"),
    ]),
  },
  {
    id: "plain-text", name: "Plain Text", description: "A personal-looking note without images or buttons.",
    subject: "A quick note", preheader: "",
    document: doc([
      { id: "plain-body", type: "text", html: "<p>Hi {{firstName|'there'}},</p><p>I wanted to share a quick update with you.</p><p>Best,<br>The team</p>" },
      footer("plain-footer"),
    ]),
  },
];

/** Starter list; each entry's document is a fresh copy the caller may mutate. */
export const STARTER_TEMPLATES: readonly Omit<StarterTemplate, "document">[] = STARTERS.map(({ document: _d, ...meta }) => meta);

export function getStarterTemplate(id: StarterTemplate["id"]): StarterTemplate | undefined {
  const s = STARTERS.find((t) => t.id === id);
  return s ? structuredClone(s) : undefined;
}
