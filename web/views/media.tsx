import type { MediaAsset } from "../../src/domain/media/model";
import { AppLayout } from "./layout";
import type { Shell } from "./shell";
import { Alert, Button, Card, CsrfField, EmptyState, Field, PageHeader, formatTime } from "./ui";

export const sizeText = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(b / 1e3))} KB`);

function Thumb(p: { a: MediaAsset }) {
  return p.a.kind === "image"
    ? <img src={p.a.url} alt={p.a.alt} loading="lazy" class="h-28 w-full rounded bg-slate-100 object-contain" />
    : <div class="flex h-28 w-full items-center justify-center rounded bg-slate-100 text-xs uppercase text-slate-500" safe>{p.a.ext}</div>;
}

export interface MediaListView {
  assets: MediaAsset[];
  summary: { files: number; bytes: number };
  tags: string[];
  filter: { q: string; tag: string };
  canManage: boolean;
  errors: string[];
}

export function MediaPage(p: { shell: Shell; view: MediaListView }) {
  const { shell, view } = p;
  const base = `/o/${shell.org!.slug}/media`;
  return (
    <AppLayout shell={shell}>
      <PageHeader title="Media" subtitle={`${view.summary.files} files · ${sizeText(view.summary.bytes)} used`} />
      {view.errors.length ? <Alert kind="error"><ul>{view.errors.map((e) => <li safe>{e}</li>)}</ul></Alert> : ""}
      {view.canManage ? (
        <form method="post" action={base} enctype="multipart/form-data" class="mb-5" x-data="dropzone" hx-boost="false">
          <CsrfField token={shell.csrf} />
          <div data-dropzone class="rounded-lg border-2 border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
            <p class="mb-2">Drop files here, or</p>
            <label class="inline-block cursor-pointer rounded-md bg-indigo-600 px-3 py-2 text-white">
              Choose files<input type="file" name="files" multiple class="sr-only" data-dropzone-input accept="image/*,application/pdf,video/*,audio/*" />
            </label>
            <p class="mt-2 text-xs text-slate-500">JPEG, PNG, GIF, WebP, SVG, PDF, video and audio, up to 20 MB each.</p>
          </div>
          <noscript><Button class="mt-2">Upload</Button></noscript>
        </form>
      ) : ""}
      <form method="get" action={base} class="mb-4 flex flex-wrap items-end gap-3">
        <label class="text-sm"><span class="mb-1 block text-xs font-medium text-slate-600">Search</span>
          <input type="search" name="q" value={view.filter.q} placeholder="name, alt text, tag" class="rounded-md border border-slate-300 px-2 py-1.5 text-sm" /></label>
        <label class="text-sm"><span class="mb-1 block text-xs font-medium text-slate-600">Tag</span>
          <select name="tag" class="rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="">All tags</option>
            {view.tags.map((t) => <option value={t} selected={t === view.filter.tag} safe>{t}</option>)}
          </select></label>
        <Button variant="secondary">Filter</Button>
      </form>
      {view.assets.length === 0 ? <EmptyState title="No files" text={view.filter.q || view.filter.tag ? "Nothing matches." : "Upload images to use them in your emails."} /> : (
        <form method="post" action={`${base}/delete`} data-confirm="Delete the selected files? Emails that use them will show broken images.">
          <CsrfField token={shell.csrf} />
          <ul class="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
            {view.assets.map((a) => (
              <li class="rounded-lg border border-slate-200 bg-white p-2" data-asset={a.fileName}>
                <a href={`${base}/${a.id}`}><Thumb a={a} /></a>
                <div class="mt-2 flex items-center gap-2 text-xs">
                  {view.canManage ? <input type="checkbox" name="ids" value={a.id} aria-label={`Select ${a.fileName}`} /> : ""}
                  <a href={`${base}/${a.id}`} class="truncate text-slate-700 hover:underline" safe>{a.fileName}</a>
                </div>
              </li>
            ))}
          </ul>
          {view.canManage ? <Button variant="danger" class="mt-4">Delete selected</Button> : ""}
        </form>
      )}
    </AppLayout>
  );
}

export function MediaDetailPage(p: { shell: Shell; asset: MediaAsset; usage: number; canManage: boolean; errors: Record<string, string> }) {
  const { asset: a, shell } = p;
  const base = `/o/${shell.org!.slug}/media`;
  return (
    <AppLayout shell={shell}>
      <PageHeader title={a.fileName} subtitle={`${a.mime} · ${sizeText(a.bytes)} · uploaded ${formatTime(a.createdAt)} · used in ${p.usage} place(s)`} />
      <div class="grid gap-5 lg:grid-cols-2">
        <Card><Thumb a={a} /><p class="mt-3 break-all text-xs"><code id="asset-url" safe>{a.url}</code></p></Card>
        <Card title="Details">
          <form method="post" action={`${base}/${a.id}`} novalidate>
            <CsrfField token={shell.csrf} />
            <fieldset disabled={!p.canManage}>
              <Field label="Alt text" name="alt" value={a.alt} error={p.errors.alt} hint="Describes the image for screen readers and when images are off." />
              <Field label="Tags" name="tags" value={a.tags.join(", ")} error={p.errors.tags} hint="Comma-separated." />
              {p.canManage ? <Button>Save</Button> : ""}
            </fieldset>
          </form>
        </Card>
      </div>
    </AppLayout>
  );
}

/** Image picker fragment for the editor: each item carries its URL and alt text. */
export function MediaPicker(p: { assets: MediaAsset[] }) {
  if (p.assets.length === 0) return <p class="p-4 text-sm text-slate-500">No images yet. Upload some under Media.</p>;
  return (
    <ul class="grid grid-cols-3 gap-3 p-2" data-media-picker>
      {p.assets.map((a) => (
        <li>
          <button type="button" class="w-full rounded border border-slate-200 p-1 hover:border-indigo-500" data-pick-url={a.url} data-pick-alt={a.alt} aria-label={`Use ${a.fileName}`}>
            <img src={a.url} alt={a.alt} loading="lazy" class="h-20 w-full object-contain" />
          </button>
        </li>
      ))}
    </ul>
  );
}
