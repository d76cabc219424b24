"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeApiError, NETWORK_ERROR_MESSAGE } from "@/lib/format/api-error";

/** POSTs to one of the reschedule routes; on success the page re-renders with the new state. */
export function usePost(timeZone: string) {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function post(path: string, body?: unknown): Promise<boolean> {
    setIsPending(true);
    setError(null);
    try {
      const response = await fetch(path, {
        method: "POST",
        headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        credentials: "same-origin",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.ok) {
        router.refresh();
        return true;
      }
      setError(describeApiError(await response.json().catch(() => null), response.status, timeZone));
      return false;
    } catch {
      setError(NETWORK_ERROR_MESSAGE);
      return false;
    } finally {
      setIsPending(false);
    }
  }

  return { post, isPending, error, setError };
}
