import type { ReactNode } from "react";

/** The form's primary button, disabled while its request is in flight. */
export function SubmitButton({ isPending, pendingLabel, children }: { isPending: boolean; pendingLabel: string; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={isPending}
      className="w-full rounded-md bg-blue-700 px-4 py-2.5 text-base font-semibold text-white shadow-sm hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-60"
    >
      {isPending ? pendingLabel : children}
    </button>
  );
}
