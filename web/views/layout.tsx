import type { Children } from "@kitajs/html";
import type { Shell } from "./shell";

function Head(p: { shell: Shell }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="csrf-token" content={p.shell.csrf} />
      <link rel="icon" href="data:," />
      <title safe>{`${p.shell.title} · Owlat`}</title>
      <link rel="stylesheet" href={p.shell.assets.css} />
      <script src={p.shell.assets.js} defer></script>
    </head>
  );
}

function Toasts(p: { flash: Shell["flash"] }) {
  return (
    <div id="toasts" class="fixed bottom-4 right-4 z-50 flex flex-col gap-2" aria-live="polite">
      {p.flash ? (
        <div class={`toast rounded-md px-4 py-3 text-sm shadow-lg ${p.flash.kind === "error" ? "bg-red-600 text-white" : "bg-slate-900 text-white"}`} role="status" safe>
          {p.flash.message}
        </div>
      ) : ""}
    </div>
  );
}

function OrgSwitcher(p: { shell: Shell }) {
  const { org, orgs } = p.shell;
  if (!org) return "";
  return (
    <details class="relative mb-6">
      <summary class="cursor-pointer list-none rounded-md bg-slate-800 px-3 py-2 text-sm font-medium text-white" aria-label="Switch organization">
        <span safe>{org.name}</span> <span aria-hidden="true">▾</span>
      </summary>
      <ul class="absolute left-0 right-0 z-10 mt-1 rounded-md bg-white py-1 text-sm text-slate-800 shadow-lg">
        {orgs.map((o) => (
          <li>
            <a class={`block px-3 py-1.5 hover:bg-slate-100 ${o.slug === org.slug ? "font-semibold" : ""}`} href={`/o/${o.slug}`} safe>{o.name}</a>
          </li>
        ))}
        {p.shell.user?.isInstanceAdmin ? <li><a class="block border-t border-slate-100 px-3 py-1.5 text-indigo-700 hover:bg-slate-100" href="/orgs/new">New organization…</a></li> : ""}
      </ul>
    </details>
  );
}

function Sidebar(p: { shell: Shell }) {
  const main = p.shell.nav.filter((n) => n.section !== "settings");
  const settings = p.shell.nav.filter((n) => n.section === "settings");
  const link = (n: Shell["nav"][number]) => (
    <li>
      <a href={n.href} aria-current={n.active ? "page" : undefined}
        class={`block rounded-md px-3 py-1.5 text-sm ${n.active ? "bg-slate-700 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"}`} safe>{n.label}</a>
    </li>
  );
  return (
    <nav class="flex w-full shrink-0 flex-col bg-slate-900 px-3 py-4 md:w-60" aria-label="Main">
      <a href="/" class="mb-4 px-2 text-lg font-bold text-white">🦉 Owlat</a>
      <OrgSwitcher shell={p.shell} />
      <ul class="flex flex-col gap-0.5">{main.map(link)}</ul>
      {settings.length ? <p class="mb-1 mt-6 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Settings</p> : ""}
      <ul class="flex flex-col gap-0.5">{settings.map(link)}</ul>
      <div class="mt-auto border-t border-slate-800 pt-3 text-sm">
        <a href="/account" class="block truncate px-3 py-1 text-slate-300 hover:text-white" safe>{p.shell.user?.email ?? ""}</a>
        {p.shell.dev ? <a href="/dev/outbox" class="block px-3 py-1 text-amber-300 hover:text-white">Dev outbox</a> : ""}
        <form method="post" action="/logout" class="px-3 py-1">
          <input type="hidden" name="_csrf" value={p.shell.csrf} />
          <button type="submit" class="text-slate-400 hover:text-white">Sign out</button>
        </form>
      </div>
    </nav>
  );
}

/** The signed-in frame: sidebar with organization switcher and flag-driven navigation. */
export function AppLayout(p: { shell: Shell; children?: Children }) {
  return (
    <>
      {"<!doctype html>"}
      <html lang="en">
        <Head shell={p.shell} />
        <body class="bg-slate-50 text-slate-900 antialiased" hx-boost="true" hx-headers={JSON.stringify({ "X-CSRF-Token": p.shell.csrf })}>
          <a href="#main" class="sr-only focus:not-sr-only">Skip to content</a>
          <div class="flex min-h-screen flex-col md:flex-row">
            <Sidebar shell={p.shell} />
            <main id="main" class="min-w-0 flex-1 px-4 py-6 md:px-8">
              {p.shell.notice ? <div role="status" class="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800" safe>{p.shell.notice}</div> : ""}
              {p.children}
            </main>
          </div>
          <Toasts flash={p.shell.flash} />
        </body>
      </html>
    </>
  );
}

/** Frame for signed-out pages (setup, sign-in, password reset, invitations). */
export function CenteredLayout(p: { shell: Shell; children?: Children }) {
  return (
    <>
      {"<!doctype html>"}
      <html lang="en">
        <Head shell={p.shell} />
        <body class="bg-slate-50 text-slate-900 antialiased" hx-boost="true" hx-headers={JSON.stringify({ "X-CSRF-Token": p.shell.csrf })}>
          <main id="main" class="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
            <p class="mb-6 text-center text-2xl font-bold">🦉 Owlat</p>
            <div class="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{p.children}</div>
          </main>
          <Toasts flash={p.shell.flash} />
        </body>
      </html>
    </>
  );
}
