"use client";

import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

/** The tutor's IANA zone: the saved one by default; the browser's is offered when it differs. */
export function TimeZoneField({
  value,
  timeZones,
  onChange,
}: {
  value: string;
  timeZones: readonly string[];
  onChange: (zone: string) => void;
}) {
  // The server can't know the browser's zone: null there (and while hydrating), the device's zone after.
  const browserZone = useSyncExternalStore(noSubscription, deviceZone, () => null);
  return (
    <div className="flex flex-col gap-2">
      <TextField
        id="time-zone"
        label="Your time zone"
        type="text"
        autoComplete="off"
        spellCheck={false}
        list="availability-time-zones"
        value={value}
        onChange={(event) => onChange(event.target.value.trim())}
        hint="All the hours on this page are in this zone (an IANA name, like America/Port_of_Spain)."
      />
      <datalist id="availability-time-zones">
        {timeZones.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {browserZone && browserZone !== value ? (
        <div>
          <Button variant="secondary" onClick={() => onChange(browserZone)}>
            Use this device&apos;s zone ({browserZone})
          </Button>
        </div>
      ) : null}
    </div>
  );
}

const noSubscription = () => () => {};
const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
