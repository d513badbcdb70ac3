// The one browser bundle: htmx, Alpine (CSP build: no eval), toasts, and the per-page Alpine components.
import htmx from "htmx.org";
import Alpine from "@alpinejs/csp";
import { registerComponents } from "./components";

htmx.config.allowEval = false;
htmx.config.allowScriptTags = false;
htmx.config.includeIndicatorStyles = false;
htmx.config.historyCacheSize = 0;
htmx.config.selfRequestsOnly = true;
// 422 carries a re-rendered form with its errors: swap it like a success.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "422", swap: true },
  { code: "[45]..", swap: false, error: true },
];
(window as unknown as { htmx: typeof htmx }).htmx = htmx;

export function showToast(message: string, kind: "success" | "error" | "info" = "success"): void {
  const box = document.getElementById("toasts");
  if (!box) return;
  const el = document.createElement("div");
  el.className = `toast rounded-md px-4 py-3 text-sm shadow-lg ${kind === "error" ? "bg-red-600 text-white" : "bg-slate-900 text-white"}`;
  el.setAttribute("role", kind === "error" ? "alert" : "status");
  el.textContent = message;
  box.appendChild(el);
  setTimeout(() => el.remove(), 6000);
}

// Server-sent toasts: `HX-Trigger: {"toast": {"message": "...", "kind": "success"}}`.
document.addEventListener("toast", (e) => {
  const d = (e as CustomEvent).detail as { message?: string; kind?: "success" | "error" | "info" };
  if (d?.message) showToast(d.message, d.kind);
});

document.addEventListener("htmx:responseError", (e) => {
  const xhr = (e as CustomEvent).detail?.xhr as XMLHttpRequest | undefined;
  const text = xhr?.responseText?.trim();
  showToast(text && text.length < 300 && !text.startsWith("<") ? text : `Request failed (${xhr?.status ?? "network"})`, "error");
});
document.addEventListener("htmx:sendError", () => showToast("Cannot reach the server. Check your connection.", "error"));

// Forms and buttons with data-confirm ask before submitting.
document.addEventListener("submit", (e) => {
  const form = e.target as HTMLFormElement;
  const submitter = (e as SubmitEvent).submitter as HTMLElement | null;
  const question = submitter?.dataset.confirm ?? form.dataset.confirm;
  if (question && !window.confirm(question)) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}, true);

function fadeFlash(): void {
  document.querySelectorAll("#toasts .toast").forEach((el) => setTimeout(() => el.remove(), 6000));
}
document.addEventListener("DOMContentLoaded", fadeFlash);
document.addEventListener("htmx:afterSettle", fadeFlash);

registerComponents(Alpine);
(window as unknown as { Alpine: typeof Alpine }).Alpine = Alpine;
Alpine.start();
