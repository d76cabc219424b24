import { formatTimeZoneName } from "@/lib/format/date-time";

/** "Times in America/New_York (EST)", saying where the zone came from. */
export function ZoneLabel({ timeZone, source, now }: { timeZone: string; source: "profile" | "browser" | "default"; now: Date }) {
  const origin = source === "profile" ? "your profile's zone" : source === "browser" ? "your browser's zone" : "the default zone";
  return (
    <p className="text-sm text-slate-700" data-testid="viewer-zone">
      Times in <span className="font-medium">{timeZone.replaceAll("_", " ")}</span> ({formatTimeZoneName(now, timeZone)}), {origin}.
    </p>
  );
}
