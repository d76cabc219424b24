import type { TTutorAvailabilitySettings } from "@/lib/availability/get-tutor-availability-settings";
import { toAvailabilityRequest } from "@/lib/availability/save-tutor-availability-schema";
import type { TSavedTutorAvailability } from "@/lib/availability/save-tutor-availability";

/** The GET body: the document in the same wire format PUT takes, plus whether students can book. */
export function availabilityJson({ document, bookability }: Pick<TTutorAvailabilitySettings, "document" | "bookability">) {
  return {
    availability: toAvailabilityRequest(document),
    bookable: { is_bookable: bookability.isBookable, reason: bookability.reason },
  };
}

/** The PUT body: the saved document, the refreshed next slot and the preview (ISO instants, UTC). */
export function savedAvailabilityJson(saved: TSavedTutorAvailability) {
  return {
    ...availabilityJson(saved),
    next_slot_at: saved.nextSlotAt?.toISOString() ?? null,
    preview: {
      time_zone: saved.preview.timeZone,
      duration_minutes: saved.preview.durationMinutes,
      days: saved.preview.days,
      slots: saved.preview.slots.map((slot) => ({ start_at: slot.startAt.toISOString(), end_at: slot.endAt.toISOString() })),
    },
  };
}
