import type { OutboxMessage } from "../../src/domain/mail/outbox-mailer";
import { CenteredLayout } from "./layout";
import type { Shell } from "./shell";
import { EmptyState, formatTime } from "./ui";

/** --dev mode only: system mail that would have been sent. */
export function DevOutboxPage(p: { shell: Shell; messages: OutboxMessage[]; open: OutboxMessage | null }) {
  return (
    <CenteredLayout shell={p.shell}>
      <h1 class="mb-1 text-lg font-semibold">Dev outbox</h1>
      <p class="mb-4 text-sm text-slate-500">Mail captured in development mode. Nothing here left this machine. <a class="text-indigo-700 hover:underline" href="/">Back to Owlat</a></p>
      {p.open ? (
        <article class="mb-6 rounded-md border border-slate-200 p-3" id="outbox-message">
          <p class="text-sm"><strong>To:</strong> <span safe>{p.open.to}</span></p>
          <p class="mb-2 text-sm"><strong>Subject:</strong> <span safe>{p.open.subject}</span></p>
          <pre class="whitespace-pre-wrap break-all text-sm" safe>{p.open.text}</pre>
        </article>
      ) : ""}
      {p.messages.length === 0 ? <EmptyState title="No mail yet" /> : (
        <ul class="divide-y divide-slate-100 text-sm">
          {p.messages.map((m) => (
            <li class="py-2"><a class="text-indigo-700 hover:underline" href={`/dev/outbox/${m.id}`} safe>{m.subject}</a><div class="text-xs text-slate-500" safe>{`${m.to} · ${formatTime(m.createdAt)}`}</div></li>
          ))}
        </ul>
      )}
    </CenteredLayout>
  );
}
