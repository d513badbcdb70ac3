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
