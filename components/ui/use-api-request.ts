"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeApiError, NETWORK_ERROR_MESSAGE } from "@/lib/format/api-error";

/**
 * Sends one JSON request to an app route from a client component; on success the page's server data is
 * refreshed, otherwise `error` holds the route's message (times in `timeZone`) or the network message.
 */
export function useApiRequest(timeZone: string) {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(url: string, method: "POST" | "PUT", body?: unknown): Promise<boolean> {
    setIsPending(true);
    setError(null);
    try {
      const response = await fetch(url, {
        method,
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

  return { send, isPending, error, setError };
}
