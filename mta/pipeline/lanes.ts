import type { Settings } from "../options.ts";
import { profileFor } from "../shaping/profiles.ts";
import { Lane } from "../smtp/lane.ts";
import type { ShapingProfile } from "../types.ts";

/** Registry of lanes keyed by (egress IP, site) plus the live, editable shaping table. */
export class Lanes {
  private readonly map = new Map<string, Lane>();
  table: ShapingProfile[];

  constructor(
    private readonly settings: Settings,
    private readonly now: () => number,
  ) {
    this.table = settings.shaping.map((p) => structuredClone(p));
  }

  private readonly profileCache = new Map<string, ShapingProfile>();

  profileFor(mxHosts: string[]): ShapingProfile {
    if (this.settings.smarthost) return this.smarthostProfile();
    const key = mxHosts.join(",");
    let p = this.profileCache.get(key);
    if (!p) {
      p = profileFor(this.table, mxHosts);
      if (this.profileCache.size > 10_000) this.profileCache.clear();
      this.profileCache.set(key, p);
    }
    return p;
  }

  private smarthostProfile(): ShapingProfile {
    const base = this.table.find((p) => p.name === "smarthost") ?? this.table.find((p) => p.name === "other")!;
    return { ...base, name: "smarthost", maxConnections: this.settings.smarthost?.maxConnections ?? base.maxConnections };
  }

  /** Site = provider for named profiles (Gmail/Workspace share one bucket), else the MX host set. */
  siteOf(profile: ShapingProfile, mxHosts: string[]): string {
    if (this.settings.smarthost) return "smarthost";
    return profile.mxSuffixes.length ? `provider:${profile.name}` : `mx:${[...mxHosts].sort().join(",")}`;
  }

  get(ip: string | null, ehlo: string, site: string, profile: ShapingProfile): Lane {
    const key = `${ip ?? "-"}|${site}`;
    let lane = this.map.get(key);
    if (!lane) {
      const sh = this.settings.smarthost;
      lane = new Lane(
        {
          key,
          ip,
          ehlo,
          port: sh ? sh.port : this.settings.port,
          timeouts: this.settings.timeouts,
          idleMs: this.settings.idleConnectionMs,
          secure: sh?.secure,
          auth: sh?.user ? { user: sh.user, pass: sh.password ?? "" } : undefined,
        },
        profile,
        this.now,
      );
      this.map.set(key, lane);
    }
    return lane;
  }

  /** Replace one profile at run time; live lanes pick it up at once. */
  setProfile(p: ShapingProfile): void {
    this.profileCache.clear();
    const i = this.table.findIndex((x) => x.name === p.name);
    if (i >= 0) this.table[i] = p;
    else this.table.splice(Math.max(0, this.table.length - 1), 0, p);
    for (const lane of this.map.values()) if (lane.profile.name === p.name) lane.setProfile(p);
  }

  all(): Lane[] {
    return [...this.map.values()];
  }

  sweep(): void {
    const t = Date.now();
    for (const [key, lane] of this.map) if (lane.sweep(t) && lane.throttle.isPristine()) this.map.delete(key);
  }

  close(): void {
    for (const lane of this.map.values()) lane.close();
    this.map.clear();
  }
}
