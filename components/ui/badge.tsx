import type { ReactNode } from "react";

export type TBadgeTone = "neutral" | "info" | "success" | "warning" | "danger" | "muted";

const TONES: Record<TBadgeTone, string> = {
  neutral: "border-slate-300 bg-slate-100 text-slate-800",
  info: "border-blue-300 bg-blue-50 text-blue-900",
  success: "border-green-300 bg-green-50 text-green-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  danger: "border-red-300 bg-red-50 text-red-900",
  muted: "border-slate-200 bg-white text-slate-600",
};

/** A short label; colour is never the only signal, the text says it all. */
export function Badge({ tone = "neutral", children, testId }: { tone?: TBadgeTone; children: ReactNode; testId?: string }) {
  return (
    <span
      data-testid={testId}
      className={`inline-flex items-center whitespace-nowrap rounded-full border px-2.5 py-0.5 text-xs font-semibold ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}
