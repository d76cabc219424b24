import Link from "next/link";
import type { ComponentProps } from "react";

/**
 * An in-app link styled for body text, with a visible focus ring. Not prefetched by default:
 * the targets are dynamic pages, and prefetching them re-renders each on every router refresh.
 */
export function TextLink({ className, prefetch = false, ...props }: ComponentProps<typeof Link>) {
  return (
    <Link
      prefetch={prefetch}
      className={`font-medium text-blue-700 underline underline-offset-2 hover:text-blue-900 focus-visible:rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${className ?? ""}`}
      {...props}
    />
  );
}
