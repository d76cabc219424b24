"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { localDateIn, tutorAvailabilitySchema, type TTutorAvailabilityRequest } from "@/lib/availability/save-tutor-availability-schema";
import { describeApiError } from "@/lib/format/api-error";
import { isIanaTimeZone } from "@/lib/profiles/account-form";
import { AvailabilityPreview, type TAvailabilityPreviewData } from "./availability-preview";
import { BookableNotice } from "./bookable-notice";
import { BookingSettingsFields } from "./booking-settings-fields";
import { DateOverridesEditor } from "./date-overrides-editor";
import { TimeZoneField } from "./time-zone-field";
import { WeeklyHoursEditor } from "./weekly-hours-editor";

type TBookable = { is_bookable: boolean; reason: string | null };
type TDocument = TTutorAvailabilityRequest;
type TSaveState =
  | { status: "idle" }
  | { status: "saving" }
  | { status: "error"; messages: string[] }
  | { status: "saved"; preview: TAvailabilityPreviewData };

/**
 * The whole schedule on one page, saved as one document (PUT /api/tutor/availability, validated again
 * there as a whole). The same schema checks it here first, so problems are listed before anything is sent.
 */
export function AvailabilityEditor({
  initial,
  bookable,
  timeZones,
}: {
  initial: TTutorAvailabilityRequest;
  bookable: TBookable;
  timeZones: readonly string[];
}) {
  const [document, setDocument] = useState<TDocument>(initial);
  const [state, setState] = useState<TSaveState>({ status: "idle" });
  const [bookability, setBookability] = useState(bookable);
  const set = (change: Partial<TDocument>) => setDocument((current) => ({ ...current, ...change }));
  const today = localDateIn(isIanaTimeZone(document.time_zone) ? document.time_zone : initial.time_zone, new Date());

  async function save() {
    const checked = tutorAvailabilitySchema(new Date()).safeParse(document);
    if (!checked.success) return setState({ status: "error", messages: checked.error.issues.map((issue) => issue.message) });
    setState({ status: "saving" });
    try {
      const response = await fetch("/api/tutor/availability", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(document),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) return setState({ status: "error", messages: [describeApiError(body, response.status, document.time_zone)] });
      const saved = body as { availability: TDocument; bookable: TBookable; preview: TAvailabilityPreviewData };
      setDocument(saved.availability);
      setBookability(saved.bookable);
      setState({ status: "saved", preview: saved.preview });
    } catch {
      setState({ status: "error", messages: ["We couldn't reach the server. Check your connection and save again."] });
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <BookableNotice isBookable={bookability.is_bookable} reason={bookability.reason} />
      <Card title="Time zone" titleId="zone-title">
        <TimeZoneField value={document.time_zone} timeZones={timeZones} onChange={(zone) => set({ time_zone: zone })} />
      </Card>
      <Card title="Weekly hours" titleId="weekly-title">
        <p className="mb-2 text-sm text-slate-700">
          Add as many ranges per day as you like. A range can end at 24:00 (midnight). Overlapping or touching ranges on the same day are
          merged into one when you save.
        </p>
        <WeeklyHoursEditor
          rules={document.weekly.map((rule) => ({ ...rule, weekday: rule.weekday as 0 }))}
          onChange={(weekly) => set({ weekly })}
        />
      </Card>
      <Card title="Date overrides" titleId="overrides-title">
        <p className="mb-2 text-sm text-slate-700">A day off, or different hours on one date, instead of that weekday&apos;s hours.</p>
        <DateOverridesEditor overrides={document.overrides} today={today} onChange={(overrides) => set({ overrides })} />
      </Card>
      <Card title="Booking settings" titleId="settings-title">
        <BookingSettingsFields settings={document.settings} onChange={(settings) => set({ settings })} />
      </Card>
      <Card>
        <div className="flex flex-col gap-3">
          <div role="alert">
            {state.status === "error" ? (
              <div className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
                <p className="font-semibold">Nothing was saved:</p>
                <ul className="list-disc pl-5">
                  {state.messages.map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
          <Alert tone="success">{state.status === "saved" ? "Saved. Students now see these hours." : null}</Alert>
          <div>
            <Button onClick={save} disabled={state.status === "saving"}>
              {state.status === "saving" ? "Saving…" : "Save availability"}
            </Button>
          </div>
          {state.status === "saved" ? <AvailabilityPreview preview={state.preview} /> : null}
        </div>
      </Card>
    </div>
  );
}
