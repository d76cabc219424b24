"use client";

import { LESSON_LENGTHS, MAX_BUFFER_MINUTES, MAX_HORIZON_DAYS, MAX_MINIMUM_NOTICE_MINUTES, SLOT_STEP_MINUTES } from "@/lib/availability";
import type { TTutorAvailabilityRequest } from "@/lib/availability/save-tutor-availability-schema";
import { formatDuration } from "@/lib/format/date-time";

type TSettings = TTutorAvailabilityRequest["settings"];

const INPUT =
  "min-h-10 w-28 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-base text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

function NumberField(props: {
  id: string;
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (value: number) => void;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={props.id} className="text-sm font-medium text-slate-800">
        {props.label}
      </label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        className={INPUT}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={Number.isNaN(props.value) ? "" : props.value}
        aria-describedby={`${props.id}-hint`}
        onChange={(event) => props.onChange(event.target.value === "" ? Number.NaN : Number(event.target.value))}
      />
      <p id={`${props.id}-hint`} className="text-sm text-slate-600">
        {props.hint}
      </p>
    </div>
  );
}

/** Lesson lengths, start step, buffers, notice (typed in hours, stored in minutes), horizon and instant booking. */
export function BookingSettingsFields({ settings, onChange }: { settings: TSettings; onChange: (settings: TSettings) => void }) {
  const set = (change: Partial<TSettings>) => onChange({ ...settings, ...change });
  const toggleLength = (length: number) =>
    set({
      lesson_lengths: settings.lesson_lengths.includes(length)
        ? settings.lesson_lengths.filter((value) => value !== length)
        : [...settings.lesson_lengths, length].sort((a, b) => a - b),
    });
  return (
    <div className="flex flex-col gap-5">
      <fieldset className="flex flex-col gap-2">
        <legend className="text-sm font-medium text-slate-800">Lesson lengths you offer</legend>
        <div className="flex flex-wrap gap-2">
          {LESSON_LENGTHS.map((length) => (
            <label key={length} className="flex min-h-10 items-center gap-2 rounded-md border border-slate-300 px-3 text-sm">
              <input type="checkbox" checked={settings.lesson_lengths.includes(length)} onChange={() => toggleLength(length)} />
              {formatDuration(length)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor="step-minutes" className="text-sm font-medium text-slate-800">
          Lessons can start every
        </label>
        <select
          id="step-minutes"
          className={INPUT}
          value={settings.step_minutes}
          onChange={(event) => set({ step_minutes: Number(event.target.value) })}
        >
          {SLOT_STEP_MINUTES.map((step) => (
            <option key={step} value={step}>
              {step} minutes
            </option>
          ))}
        </select>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <NumberField
          id="buffer-before"
          label="Buffer before a lesson (minutes)"
          hint={`Free time kept before each lesson, 0–${MAX_BUFFER_MINUTES}.`}
          value={settings.buffer_before_minutes}
          min={0}
          max={MAX_BUFFER_MINUTES}
          onChange={(value) => set({ buffer_before_minutes: value })}
        />
        <NumberField
          id="buffer-after"
          label="Buffer after a lesson (minutes)"
          hint={`Free time kept after each lesson, 0–${MAX_BUFFER_MINUTES}.`}
          value={settings.buffer_after_minutes}
          min={0}
          max={MAX_BUFFER_MINUTES}
          onChange={(value) => set({ buffer_after_minutes: value })}
        />
        <NumberField
          id="minimum-notice"
          label="Minimum notice (hours)"
          hint="How long before a lesson it can be booked at the latest."
          value={settings.minimum_notice_minutes / 60}
          min={0}
          max={MAX_MINIMUM_NOTICE_MINUTES / 60}
          step={0.25}
          onChange={(hours) => set({ minimum_notice_minutes: Math.round(hours * 60) })}
        />
        <NumberField
          id="horizon-days"
          label="Bookable up to (days ahead)"
          hint={`How far ahead students can book, 1–${MAX_HORIZON_DAYS} days.`}
          value={settings.horizon_days ?? 14}
          min={1}
          max={MAX_HORIZON_DAYS}
          onChange={(value) => set({ horizon_days: value })}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            checked={settings.is_instant_booking}
            onChange={(event) => set({ is_instant_booking: event.target.checked })}
            aria-describedby="instant-booking-hint"
          />
          Instant booking
        </label>
        <p id="instant-booking-hint" className="text-sm text-slate-600">
          On: a booking is confirmed at once and its meeting link is created. Off: each request waits for you to confirm or decline it.
        </p>
      </div>
    </div>
  );
}
