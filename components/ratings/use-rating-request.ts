"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { describeApiError, NETWORK_ERROR_MESSAGE } from "@/lib/format/api-error";

/** Sends one JSON request to a rating route; on success refreshes the page's server data. */
export function useRatingRequest(timeZone: string) {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(url: string, method: "PUT" | "POST", body: unknown): Promise<boolean> {
    setIsPending(true);
    setError(null);
    try {
      const response = await fetch(url, {
        method,
        headers: { accept: "application/json", "content-type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body),
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

  return { send, isPending, error };
}
