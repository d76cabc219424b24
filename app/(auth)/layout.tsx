import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return <div className="py-2 sm:py-8">{children}</div>;
}
