import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Badge, Button, Card, CsrfField, PageHeader, formatTime } from "./ui";

interface ScheduledJobRow {
  name: string;
  schedule: string;
  description: string;
  nextRunAt: number;
  lastStartedAt: number | null;
  lastFinishedAt: number | null;
  lastDurationMs: number | null;
  lastStatus: string | null;
  lastError: string | null;
}

interface JobRow {
  kind: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  createdAt: number;
  lastError: string | null;
}

export interface SystemView {
  version: string;
  dataDir: string;
  mailKind: string;
  scheduled: ScheduledJobRow[];
  queueCounts: { status: string; n: number }[];
  recentJobs: JobRow[];
  organizations: { slug: string; name: string; bytes: number }[];
}

const size = (b: number) => (b > 1e9 ? `${(b / 1e9).toFixed(2)} GB` : b > 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(0)} KB`);

export function SystemPage(p: { shell: Shell; view: SystemView }) {
  const { shell, view } = p;
  const slug = shell.org!.slug;
  return (
    <AppLayout shell={shell}>
      <PageHeader title="System" subtitle={`Owlat ${view.version} · data in ${view.dataDir}`} />
      <div class="grid gap-5">
        <Card title="Scheduled jobs">
          <div class="overflow-x-auto">
            <table class="w-full text-left text-sm">
              <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Job</th><th>Schedule</th><th>Last run</th><th>Duration</th><th>Result</th><th>Next run</th><th></th></tr></thead>
              <tbody>
                {view.scheduled.map((j) => (
                  <tr class="border-b border-slate-100" data-job={j.name}>
                    <td class="py-2 pr-3"><code safe>{j.name}</code><div class="text-xs text-slate-500" safe>{j.description}</div></td>
                    <td class="pr-3"><code class="text-xs" safe>{j.schedule}</code></td>
                    <td class="pr-3 text-slate-600" safe>{formatTime(j.lastFinishedAt ?? j.lastStartedAt)}</td>
                    <td class="pr-3" safe>{j.lastDurationMs === null ? "—" : `${j.lastDurationMs} ms`}</td>
                    <td class="pr-3">{j.lastStatus ? <Badge tone={j.lastStatus === "ok" ? "green" : j.lastStatus === "running" ? "amber" : "red"}><span safe>{j.lastStatus}</span></Badge> : "—"}{j.lastError ? <div class="text-xs text-red-600" safe>{j.lastError}</div> : ""}</td>
                    <td class="pr-3 text-slate-600" safe>{formatTime(j.nextRunAt)}</td>
                    <td class="text-right">
                      <form method="post" action={`/o/${slug}/settings/system/jobs/${j.name}/run`}>
                        <CsrfField token={shell.csrf} />
                        <Button variant="secondary">Run now</Button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card title="Job queue">
          <p class="mb-3 text-sm">{view.queueCounts.length ? view.queueCounts.map((c) => <span class="mr-3"><span safe>{c.status}</span>: <strong safe>{String(c.n)}</strong></span>) : "Empty."}</p>
          {view.recentJobs.length === 0 ? "" : <table class="w-full text-left text-sm">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Kind</th><th>Status</th><th>Attempts</th><th>Created</th><th>Error</th></tr></thead>
            <tbody>
              {view.recentJobs.map((j) => (
                <tr class="border-b border-slate-100"><td class="py-2"><code safe>{j.kind}</code></td><td safe>{j.status}</td><td safe>{`${j.attempts}/${j.maxAttempts}`}</td><td safe>{formatTime(j.createdAt)}</td><td class="text-xs text-red-600" safe>{j.lastError ?? ""}</td></tr>
              ))}
            </tbody>
          </table>}
        </Card>
        <Card title="Organizations">
          <table class="w-full text-left text-sm">
            <thead><tr class="border-b border-slate-200 text-xs uppercase text-slate-500"><th class="py-2">Organization</th><th>Slug</th><th>Database</th></tr></thead>
            <tbody>{view.organizations.map((o) => <tr class="border-b border-slate-100"><td class="py-2" safe>{o.name}</td><td><code safe>{o.slug}</code></td><td safe>{size(o.bytes)}</td></tr>)}</tbody>
          </table>
        </Card>
        <Card title="System mail"><p class="text-sm">Transport: <code safe>{view.mailKind}</code></p></Card>
      </div>
    </AppLayout>
  );
}
