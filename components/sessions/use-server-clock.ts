"use client";

import { useEffect, useState } from "react";

// A server time this far behind the device is more likely a page restored from
// the router cache than a real clock difference; trusting it would delay Join.
const STALE_SERVER_TIME_MS = 60_000;

/**
 * "Now" as the server sees it, ticking every second. The server renders with its
 * own `now`; the first client render uses the same instant (no hydration
 * mismatch), then the device clock advances it, corrected by the difference
 * measured at mount, so a device clock that is minutes off cannot open Join early.
 */
export function useServerClock(serverNowIso: string, tickMs = 1000): number {
  const serverNow = Date.parse(serverNowIso);
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const measured = serverNow - Date.now();
    const offset = measured < -STALE_SERVER_TIME_MS ? 0 : measured;
    const tick = () => setNow(Date.now() + offset);
    tick();
    const timer = window.setInterval(tick, tickMs);
    return () => window.clearInterval(timer);
  }, [serverNow, tickMs]);
  return now;
}
