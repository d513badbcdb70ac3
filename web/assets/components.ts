import type { Alpine as AlpineType } from "alpinejs";

/**
 * Alpine components, registered by name (the CSP build evaluates no inline expressions).
 * Product areas add their page components here.
 */
export function registerComponents(Alpine: AlpineType): void {
  // A disclosure toggled by a button: x-data="disclosure", @click="toggle", x-show="open".
  Alpine.data("disclosure", () => ({
    open: false,
    toggle() {
      this.open = !this.open;
    },
  }));

  // File drop area of the media library: dropped or chosen files are submitted at once.
  Alpine.data("dropzone", () => ({
    init(this: { $el: HTMLFormElement }) {
      const form = this.$el;
      const zone = form.querySelector<HTMLElement>("[data-dropzone]");
      const input = form.querySelector<HTMLInputElement>("[data-dropzone-input]");
      if (!zone || !input) return;
      const highlight = (on: boolean) => zone.classList.toggle("border-indigo-500", on);
      zone.addEventListener("dragover", (e) => { e.preventDefault(); highlight(true); });
      zone.addEventListener("dragleave", () => highlight(false));
      zone.addEventListener("drop", (e) => {
        e.preventDefault();
        highlight(false);
        if (e.dataTransfer?.files.length) {
          input.files = e.dataTransfer.files;
          form.requestSubmit();
        }
      });
      input.addEventListener("change", () => input.files?.length && form.requestSubmit());
    },
  }));

  // Copy the text of the element referenced by data-copy-target to the clipboard.
  Alpine.data("copyable", () => ({
    copied: false,
    async copy(this: { copied: boolean; $el: HTMLElement }) {
      const target = document.getElementById(this.$el.dataset.copyTarget ?? "");
      if (!target) return;
      await navigator.clipboard.writeText(target.textContent ?? (target as HTMLInputElement).value ?? "");
      this.copied = true;
      setTimeout(() => (this.copied = false), 2000);
    },
  }));

  // Contacts list: header checkbox selects the page's rows; deleting asks first.
  Alpine.data("bulkSelect", () => ({
    toggleAll(this: { $el: HTMLElement }, e: Event) {
      const on = (e.target as HTMLInputElement).checked;
      this.$el.closest("form")?.querySelectorAll<HTMLInputElement>('input[name="ids"]').forEach((box) => (box.checked = on));
    },
    confirmDelete(e: SubmitEvent) {
      const form = e.target as HTMLFormElement;
      const action = (form.querySelector('[name="action"]') as HTMLSelectElement | null)?.value;
      const scope = (e.submitter as HTMLButtonElement | null)?.value;
      if (action === "delete" && scope !== "all" && !window.confirm("Delete the selected contacts? This cannot be undone.")) e.preventDefault();
    },
  }));

  // CSV import: streams the file to the server in 8 MB chunks with a progress bar (any size, resumable per chunk).
  Alpine.data("csvUpload", () => ({
    busy: false,
    pct: 0,
    status: "",
    error: "",
    async upload(this: { $el: HTMLFormElement; busy: boolean; pct: number; status: string; error: string }, e: Event) {
      const input = this.$el.querySelector<HTMLInputElement>('input[type="file"]');
      const file = input?.files?.[0];
      if (!file || !window.fetch) return;
      e.preventDefault();
      const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? "";
      const headers = { "x-csrf-token": csrf, accept: "application/json" };
      const call = async (url: string, init: RequestInit) => {
        const res = await fetch(url, { ...init, headers: { ...headers, ...(init.headers ?? {}) }, credentials: "same-origin" });
        const text = await res.text();
        if (!res.ok) {
          let message = text.slice(0, 300);
          try {
            message = JSON.parse(text).error.message;
          } catch {}
          throw new Error(message || `Upload failed (${res.status})`);
        }
        return JSON.parse(text);
      };
      this.busy = true;
      this.error = "";
      try {
        const begun = await call(this.$el.dataset.uploads!, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: file.name }) });
        const size = 8 * 1024 * 1024;
        for (let offset = 0; offset < file.size; offset += size) {
          await call(`${begun.chunk}?offset=${offset}`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: file.slice(offset, offset + size) });
          this.pct = Math.round((Math.min(offset + size, file.size) / file.size) * 100);
          this.status = `Uploaded ${this.pct}% of ${(file.size / 1e6).toFixed(1)} MB`;
        }
        const done = await call(begun.finish, { method: "POST" });
        window.location.href = done.next;
      } catch (err) {
        this.error = (err as Error).message;
        this.busy = false;
      }
    },
  }));
}

