/** Everything the page frame needs; pages build it once per request. */
export interface NavItem {
  label: string;
  href: string;
  active: boolean;
  section?: "main" | "settings";
}

export interface Shell {
  title: string;
  csrf: string;
  assets: { css: string; js: string };
  user: { email: string; name: string; isInstanceAdmin: boolean } | null;
  org: { slug: string; name: string } | null;
  role: string | null;
  orgs: { slug: string; name: string }[];
  nav: NavItem[];
  flash: { kind: "success" | "error" | "info"; message: string } | null;
  dev: boolean;
  /** Shown above the content, e.g. "Feature X is disabled". */
  notice?: string | null;
}
