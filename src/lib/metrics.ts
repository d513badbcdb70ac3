/** A tiny Prometheus text-format registry: counters and gauges with labels. */
type Labels = Record<string, string>;

const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
};

interface Family {
  type: "counter" | "gauge";
  help: string;
  values: Map<string, { labels: Labels; value: number }>;
}

export class Metrics {
  private families = new Map<string, Family>();
  private collectors: (() => void)[] = [];

  private family(name: string, type: Family["type"], help: string): Family {
    let f = this.families.get(name);
    if (!f) this.families.set(name, (f = { type, help, values: new Map() }));
    return f;
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const f = this.family(name, "counter", help);
    const key = labelText(labels);
    const cur = f.values.get(key);
    if (cur) cur.value += by;
    else f.values.set(key, { labels, value: by });
  }

  set(name: string, help: string, labels: Labels, value: number): void {
    this.family(name, "gauge", help).values.set(labelText(labels), { labels, value });
  }

  /** Gauges computed when /metrics is read (DB sizes, queue depth). */
  collect(fn: () => void): void {
    this.collectors.push(fn);
  }

  render(): string {
    for (const c of this.collectors) c();
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const { labels, value } of f.values.values()) out.push(`${name}${labelText(labels)} ${value}`);
    }
    return out.join("\n") + "\n";
  }
}
