import type { Children } from "@kitajs/html";

/** Small shared building blocks for pages. Every dynamic text child is escaped with `safe`. */
export interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value?: string | number | null;
  error?: string | null;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  placeholder?: string;
  autofocus?: boolean;
  minlength?: number;
  maxlength?: number;
  inputmode?: string;
  readonly?: boolean;
}

export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  return (
    <div class="mb-4">
      <label for={id} class="block text-sm font-medium text-slate-700 mb-1" safe>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value === null || p.value === undefined ? undefined : String(p.value)}
        required={p.required}
        autocomplete={p.autocomplete}
        placeholder={p.placeholder}
        autofocus={p.autofocus}
        minlength={p.minlength}
        maxlength={p.maxlength}
        inputmode={p.inputmode as never}
        readonly={p.readonly}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={p.error ? `${id}-error` : p.hint ? `${id}-hint` : undefined}
        class={`w-full rounded-md border px-3 py-2 text-sm outline-none focus:ring-2 focus:ring-indigo-500 ${p.error ? "border-red-500" : "border-slate-300"}`}
      />
      {p.error ? <p id={`${id}-error`} class="mt-1 text-sm text-red-600" safe>{p.error}</p> : ""}
      {p.hint && !p.error ? <p id={`${id}-hint`} class="mt-1 text-xs text-slate-500" safe>{p.hint}</p> : ""}
    </div>
  );
}

export function SelectField(p: { label: string; name: string; options: { value: string; label: string }[]; value?: string; error?: string | null }) {
  const id = `f-${p.name}`;
  return (
    <div class="mb-4">
      <label for={id} class="block text-sm font-medium text-slate-700 mb-1" safe>{p.label}</label>
      <select id={id} name={p.name} class="w-full rounded-md border border-slate-300 px-3 py-2 text-sm bg-white focus:ring-2 focus:ring-indigo-500">
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} safe>{o.label}</option>
        ))}
      </select>
      {p.error ? <p class="mt-1 text-sm text-red-600" safe>{p.error}</p> : ""}
    </div>
  );
}

export function CsrfField(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}

type Variant = "primary" | "secondary" | "danger" | "ghost";
const variants: Record<Variant, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700 border-indigo-600",
  secondary: "bg-white text-slate-700 hover:bg-slate-50 border-slate-300",
  danger: "bg-white text-red-700 hover:bg-red-50 border-red-300",
  ghost: "bg-transparent text-slate-600 hover:bg-slate-100 border-transparent",
};

export function Button(p: { children?: Children; variant?: Variant; type?: "submit" | "button"; name?: string; value?: string; disabled?: boolean; class?: string; [k: string]: unknown }) {
  const { children, variant, type, class: cls, ...rest } = p;
  return (
    <button
      type={type ?? "submit"}
      class={`inline-flex items-center justify-center gap-1 rounded-md border px-3 py-2 text-sm font-medium focus:outline-none focus:ring-2 focus:ring-indigo-500 disabled:opacity-50 ${variants[variant ?? "primary"]} ${cls ?? ""}`}
      {...rest}
    >
      {children}
    </button>
  );
}

export function LinkButton(p: { href: string; children?: Children; variant?: Variant }) {
  return (
    <a href={p.href} class={`inline-flex items-center rounded-md border px-3 py-2 text-sm font-medium ${variants[p.variant ?? "secondary"]}`}>
      {p.children}
    </a>
  );
}

export function Card(p: { title?: string; children?: Children; class?: string }) {
  return (
    <section class={`rounded-lg border border-slate-200 bg-white p-5 shadow-sm ${p.class ?? ""}`}>
      {p.title ? <h2 class="mb-3 text-base font-semibold text-slate-900" safe>{p.title}</h2> : ""}
      {p.children}
    </section>
  );
}

export function Alert(p: { kind?: "error" | "info" | "success" | "warning"; children?: Children }) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    info: "border-sky-200 bg-sky-50 text-sky-800",
    success: "border-emerald-200 bg-emerald-50 text-emerald-800",
    warning: "border-amber-200 bg-amber-50 text-amber-800",
  };
  return <div role={p.kind === "error" ? "alert" : "status"} class={`mb-4 rounded-md border px-4 py-3 text-sm ${styles[p.kind ?? "info"]}`}>{p.children}</div>;
}

export function Badge(p: { children?: Children; tone?: "gray" | "green" | "red" | "amber" | "indigo" }) {
  const tones = { gray: "bg-slate-100 text-slate-700", green: "bg-emerald-100 text-emerald-800", red: "bg-red-100 text-red-800", amber: "bg-amber-100 text-amber-800", indigo: "bg-indigo-100 text-indigo-800" };
  return <span class={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tones[p.tone ?? "gray"]}`}>{p.children}</span>;
}

export function EmptyState(p: { title: string; text?: string; children?: Children }) {
  const safeChildren = p.children;
  return (
    <div class="rounded-lg border border-dashed border-slate-300 p-10 text-center">
      <p class="text-sm font-medium text-slate-900" safe>{p.title}</p>
      {p.text ? <p class="mt-1 text-sm text-slate-500" safe>{p.text}</p> : ""}
      {safeChildren ? <div class="mt-4">{safeChildren}</div> : ""}
    </div>
  );
}

export function PageHeader(p: { title: string; subtitle?: string; children?: Children }) {
  const safeActions = p.children;
  return (
    <div class="mb-6 flex flex-wrap items-center justify-between gap-3">
      <div>
        <h1 class="text-xl font-semibold text-slate-900" safe>{p.title}</h1>
        {p.subtitle ? <p class="mt-1 text-sm text-slate-500" safe>{p.subtitle}</p> : ""}
      </div>
      {safeActions ? <div class="flex gap-2">{safeActions}</div> : ""}
    </div>
  );
}

export function formatTime(ms: number | null | undefined): string {
  return ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—";
}
