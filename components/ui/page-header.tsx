import type { ReactNode } from "react";

/** The page's one h1, an optional line under it, and optional navigation above. */
export function PageHeader({ title, subtitle, nav }: { title: ReactNode; subtitle?: ReactNode; nav?: ReactNode }) {
  return (
    <header className="mb-6 flex flex-col gap-3">
      {nav}
      <h1 className="text-2xl font-semibold text-slate-900">{title}</h1>
      {subtitle ? <p className="text-sm text-slate-700">{subtitle}</p> : null}
    </header>
  );
}
