import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentProps } from "react";

export type TButtonVariant = "primary" | "secondary" | "danger" | "ghost";

const BASE =
  "inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-60";

const VARIANTS: Record<TButtonVariant, string> = {
  primary: "bg-blue-700 text-white hover:bg-blue-800 disabled:hover:bg-blue-700",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:hover:bg-white",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:hover:bg-red-700",
  ghost: "text-slate-700 shadow-none hover:bg-slate-100",
};

export function buttonClassName(variant: TButtonVariant = "primary", className?: string): string {
  return `${BASE} ${VARIANTS[variant]} ${className ?? ""}`.trim();
}

type TButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: TButtonVariant };

/** A button; `type` defaults to "button" so it never submits a form by accident. */
export function Button({ variant = "primary", className, type = "button", ...props }: TButtonProps) {
  return <button type={type} className={buttonClassName(variant, className)} {...props} />;
}

type TButtonLinkProps = ComponentProps<typeof Link> & { variant?: TButtonVariant };

/** A link that looks like a button (navigation stays a link for assistive technology). */
export function ButtonLink({ variant = "secondary", className, ...props }: TButtonLinkProps) {
  return <Link className={buttonClassName(variant, className)} {...props} />;
}
