import type { ReactNode } from "react";

export type TAlertTone = "error" | "success" | "info";

const TONES: Record<TAlertTone, string> = {
  error: "border-red-300 bg-red-50 text-red-900",
  success: "border-green-300 bg-green-50 text-green-900",
  info: "border-blue-200 bg-blue-50 text-blue-900",
};

/**
 * A message region that is always in the DOM (so screen readers announce text
 * the moment it appears); it only takes up space when it has something to say.
 */
export function Alert({ tone = "error", children }: { tone?: TAlertTone; children?: ReactNode }) {
  return (
    <div role={tone === "error" ? "alert" : "status"} className={children ? `rounded-md border px-3 py-2 text-sm ${TONES[tone]}` : ""}>
      {children}
    </div>
  );
}
