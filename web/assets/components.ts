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
}
