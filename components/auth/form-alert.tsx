import type { ReactNode } from "react";

/**
 * The form's error region. It is always in the DOM so screen readers announce
 * a message the moment it appears.
 */
export function FormAlert({ children }: { children?: ReactNode }) {
  return (
    <div role="alert" className={children ? "rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800" : ""}>
      {children}
    </div>
  );
}
