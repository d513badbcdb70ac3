import { CenteredLayout } from "./layout";
import type { Shell } from "./shell";

export function ErrorPage(p: { shell: Shell; status: number; message: string; requestId?: string }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-2 text-lg font-semibold">{p.status === 404 ? "Not found" : p.status === 403 ? "Not allowed" : p.status >= 500 ? "Something went wrong" : "Cannot do that"}</h1>
      <p class="mb-4 text-sm text-slate-600" safe>{p.message}</p>
      {p.requestId ? <p class="mb-4 text-xs text-slate-400">Request id: <code safe>{p.requestId}</code></p> : ""}
      <a class="text-sm text-indigo-700 hover:underline" href="/">Go to the dashboard</a>
    </CenteredLayout>
  );
}
