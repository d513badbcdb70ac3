/** Counters per outcome since start, for the app's /metrics. */
export class Metrics {
  readonly counters = new Map<string, number>();

  inc(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counters.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Prometheus text: mta_events_total{type="bounced",class="hard"} 3 ... */
  prometheus(): string {
    const lines = ["# TYPE mta_events_total counter"];
    for (const [key, value] of Object.entries(this.snapshot())) {
      const [type, cls] = key.split(":");
      lines.push(`mta_events_total{type="${type}"${cls ? `,class="${cls}"` : ""}} ${value}`);
    }
    return lines.join("\n") + "\n";
  }
}
