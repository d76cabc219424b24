import type { ReactNode } from "react";

/** The centred panel every sign-in and sign-up page sits in. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <section
      className="mx-auto w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8"
      aria-labelledby="auth-title"
    >
      <h1 id="auth-title" className="text-2xl font-semibold text-slate-900">
        {title}
      </h1>
      {subtitle ? <p className="mt-1 text-sm text-slate-600">{subtitle}</p> : null}
      <div className="mt-6">{children}</div>
      {footer ? <div className="mt-6 space-y-2 border-t border-slate-200 pt-4 text-sm text-slate-700">{footer}</div> : null}
    </section>
  );
}
