import "server-only";
import postgres, { type Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import { listOpenSlots } from "@/lib/availability/server";
import type { TBookingSettings } from "@/lib/availability";
import { asService, type Tx } from "@/lib/db";
import { confirmBooking } from "@/lib/bookings/confirm-booking";
import { expirePendingRequests } from "@/lib/bookings/expire-pending-requests";
import { recordBookingEvent } from "@/lib/bookings/record-booking-event";
import { ZRequestBooking, type TRequestBooking, type TRequestedBooking } from "@/lib/bookings/request-booking-schema";
import { log } from "@/lib/log";
import { getPaymentProvider } from "@/lib/payments/providers";
import type { PaymentProvider } from "@/lib/payments/providers/types";
import { readSavedCard } from "@/lib/payments/save-payment-method";
import { toCents } from "@/lib/sessions/shared";
import { enqueueLessonNotice } from "@/lib/notifications/enqueue-lesson-notice";
import { refreshTutorNextSlot } from "@/lib/tutors/refresh-next-slot";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A tutor answers a request within 24 hours, or before the slot's minimum-notice cut-off if that is sooner. */
export const REQUEST_DEADLINE_MS = 24 * HOUR_MS;
const EXCLUSION_VIOLATION = "23P01";
/** The widest reach of a request's busy time: the largest buffer on either side (tutor_booking_settings checks). */
const MAX_BUFFER_MS = 120 * MINUTE_MS;

type TTutorOffer = { hourlyPriceCents: number; currency: string };

/**
 * A student (for themself) or a parent (for an approved child) requests one of a tutor's open slots
 * (README "Booking rules"). Everything is decided here, never by the client: the slot is re-checked
 * against the slots engine inside the transaction that inserts the request, the price comes from the
 * tutor's hourly price for the subject, the tutor's buffers are frozen on the row, and the deadline is
 * the earlier of 24 h from now and the slot's minimum-notice cut-off. Two requests for overlapping time
 * cannot both commit: the exclusion constraints refuse the slower one (409 `slot_taken`).
 *
 * With instant booking on, the request is confirmed right after it commits (session and meeting
 * created, as the service); if that fails (the provider is down) the request stays pending for the
 * tutor — it is never lost — and the result says `pending`.
 *
 * With a provider that charges saved cards (stripe), the payer — the viewer, a student or a parent
 * paying with their own card — must have saved one first: 409 `payment_method_required`, nothing written.
 */
export async function requestBooking(options: {
  db: Sql;
  viewer: TAppViewer;
  input: TRequestBooking;
  now: Date;
  /** Defaults to the configured provider; tests pass the fake's. */
  provider?: Pick<PaymentProvider, "requiresSavedPaymentMethod">;
}): Promise<TRequestedBooking> {
  const { db, viewer, now } = options;
  // Parsed here too: a server action or script may hand in what a form sent.
  const input = ZRequestBooking.parse(options.input);
  const studentId = await resolveStudent(db, viewer, input.student_id);
  await assertPayerHasCard(db, viewer, options.provider ?? getPaymentProvider());
  const startAt = new Date(input.start_at);
  const endAt = new Date(startAt.getTime() + input.duration_minutes * MINUTE_MS);

  let inserted: { booking: TRequestedBooking; settings: TBookingSettings };
  try {
    inserted = await asService(db, async (tx) => {
      // Requests for one tutor (and reschedule proposals, which take the same row lock) run one at a time, then one
      // student's: two conflicting inserts checked by an exclusion constraint at once can deadlock each other
      // (Postgres aborts one with 40P01) instead of one getting slot_taken. Always tutor first, then student.
      await tx`select 1 from public.tutor_booking_settings where tutor_id = ${input.tutor_id} for update`;
      await tx`select pg_advisory_xact_lock(hashtextextended(${`booking-student:${studentId}`}, 0))`;
      const offer = await readTutorOffer(tx, input.tutor_id, input.subject_id);
      // Stale requests of either party that overlap no longer hold their slot: clear them first.
      await expirePendingRequests(tx, {
        now,
        scope: {
          tutorId: input.tutor_id,
          studentId,
          from: new Date(startAt.getTime() - 2 * MAX_BUFFER_MS),
          to: new Date(endAt.getTime() + 2 * MAX_BUFFER_MS),
        },
      });
      const { availability, slots } = await listOpenSlots({
        tx,
        tutorId: input.tutor_id,
        durationMinutes: input.duration_minutes,
        now,
      });
      const { settings } = availability;
      if (!slots.some((slot) => slot.startAt.getTime() === startAt.getTime())) {
        await throwSlotNotOffered(tx, {
          tutorId: input.tutor_id,
          studentId,
          isOwnLesson: viewer.id === studentId,
          startAt,
          endAt,
          settings,
          timeZone: availability.timeZone,
          now,
        });
      }
      const expiresAt = new Date(
        Math.min(now.getTime() + REQUEST_DEADLINE_MS, startAt.getTime() - settings.minimumNoticeMinutes * MINUTE_MS),
      );
      const priceCents = priceForMinutes(offer.hourlyPriceCents, input.duration_minutes);
      const [row] = await tx<{ id: string }[]>`
        insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
          price_cents, currency, status, note, expires_at, buffer_before_minutes, buffer_after_minutes)
        values (${studentId}, ${input.tutor_id}, ${input.subject_id}, ${viewer.id}, ${startAt}, ${endAt},
          ${priceCents}, ${offer.currency}, 'pending', ${input.note || null}, ${expiresAt},
          ${settings.bufferBeforeMinutes}, ${settings.bufferAfterMinutes})
        returning id`;
      if (!row) throw new Error("the booking insert returned no row");
      await recordBookingEvent(tx, {
        bookingId: row.id,
        type: "booking.requested",
        actor: { id: viewer.id, role: viewer.role === "parent" ? "parent" : "student" },
        payload: { expires_at: expiresAt.toISOString() },
        at: now,
      });
      // The tutor hears of it in this transaction: a request that rolls back is never announced.
      await enqueueLessonNotice(tx, { bookingId: row.id, kind: "booking_requested", audience: "tutor", extra: {} });
      await refreshTutorNextSlot(tx, { tutorId: input.tutor_id, now });
      const booking: TRequestedBooking = {
        id: row.id,
        status: "pending",
        tutor_id: input.tutor_id,
        student_id: studentId,
        subject_id: input.subject_id,
        start_at: startAt.toISOString(),
        end_at: endAt.toISOString(),
        duration_minutes: input.duration_minutes,
        price_cents: priceCents,
        currency: offer.currency,
        expires_at: expiresAt.toISOString(),
        session_id: null,
      };
      return { booking, settings };
    });
  } catch (error) {
    throw toSlotConflict(error, viewer.id === studentId);
  }

  if (!inserted.settings.isInstantBooking) return inserted.booking;
  return confirmAtOnce(db, inserted.booking, now);
}

/** The hourly price for `minutes`, rounded half up to a whole cent (integer math: no float drift). */
export function priceForMinutes(hourlyPriceCents: number, minutes: number): number {
  return Math.floor((hourlyPriceCents * minutes + 30) / 60);
}

/** The payer (the viewer who books) has a saved card when the provider charges one; read before anything is written. */
async function assertPayerHasCard(db: Sql, viewer: TAppViewer, provider: Pick<PaymentProvider, "requiresSavedPaymentMethod">) {
  if (!provider.requiresSavedPaymentMethod) return;
  const saved = await asService(db, (tx) => readSavedCard(tx, { userId: viewer.id }));
  if (!saved?.card) {
    throw new AppError("payment_method_required", "Add a card to book: it is charged after the lesson, not now.");
  }
}

/** Who the lesson is for: a student books for themself, a parent for an approved child; nobody else books. */
async function resolveStudent(db: Sql, viewer: TAppViewer, requested: string | undefined): Promise<string> {
  if (viewer.role === "student") {
    if (requested !== undefined && requested !== viewer.id) {
      throw new AppError("forbidden", "A student books lessons for themself; leave out student_id.");
    }
    return viewer.id;
  }
  if (viewer.role === "parent") {
    if (requested === undefined) throw new AppError("invalid_input", "student_id: say which of your children the lesson is for.");
    const [link] = await db`
      select 1 from public.parent_students
      where parent_id = ${viewer.id} and student_id = ${requested} and approved_at is not null`;
    if (!link) throw new AppError("not_found", "None of your approved children has that id.");
    return requested;
  }
  throw new AppError("forbidden", "Only students and parents can book lessons.");
}

async function readTutorOffer(tx: Tx, tutorId: string, subjectId: string): Promise<TTutorOffer> {
  const [tutor] = await tx<{ price_cents: string | null; currency: string | null; is_bookable: boolean }[]>`
    select ts.price_cents, ts.currency, public.is_tutor_bookable(p.id) as is_bookable
    from public.profiles p
    left join public.tutor_subjects ts on ts.tutor_id = p.id and ts.subject_id = ${subjectId}
    where p.id = ${tutorId} and p.role = 'tutor'`;
  if (!tutor) throw new AppError("not_found", "There is no tutor with that id.");
  if (tutor.price_cents === null || tutor.currency === null) {
    throw new AppError("not_offered", "This tutor does not teach that subject.");
  }
  if (!tutor.is_bookable) {
    throw new AppError("tutor_not_bookable", "This tutor cannot take bookings right now (no video connection). Try another tutor.");
  }
  return { hourlyPriceCents: toCents(tutor.price_cents), currency: tutor.currency };
}

/** Why the engine does not offer this start: taken by someone else (409), or never offered (422, with the rule). */
async function throwSlotNotOffered(
  tx: Tx,
  input: {
    tutorId: string;
    studentId: string;
    isOwnLesson: boolean;
    startAt: Date;
    endAt: Date;
    settings: TBookingSettings;
    timeZone: string;
    now: Date;
  },
): Promise<never> {
  const { startAt, settings, now } = input;
  if (startAt <= now) throw new AppError("slot_unavailable", "That time has already passed; pick a later slot.");
  if (startAt.getTime() < now.getTime() + settings.minimumNoticeMinutes * MINUTE_MS) {
    throw new AppError("slot_unavailable", `This tutor needs ${describeMinutes(settings.minimumNoticeMinutes)} notice; pick a later slot.`);
  }
  if (startAt.getTime() >= now.getTime() + settings.horizonDays * DAY_MS) {
    throw new AppError("slot_unavailable", `This tutor takes bookings up to ${settings.horizonDays} days ahead; pick an earlier slot.`);
  }
  const [busy] = await tx<{ student_id: string }[]>`
    select b.student_id from public.bookings b
    where b.tutor_id = ${input.tutorId}
      and (b.status = 'confirmed' or (b.status = 'pending' and (b.expires_at is null or b.expires_at > ${now})))
      and tstzrange(public.shift_minutes(coalesce(b.confirmed_start_at, b.requested_start_at), -b.buffer_before_minutes),
                    public.shift_minutes(coalesce(b.confirmed_end_at, b.requested_end_at), b.buffer_after_minutes), '[)')
       && tstzrange(public.shift_minutes(${startAt}::timestamptz, ${-settings.bufferBeforeMinutes}::int),
                    public.shift_minutes(${input.endAt}::timestamptz, ${settings.bufferAfterMinutes}::int), '[)')
    limit 1`;
  if (busy) throw busy.student_id === input.studentId ? ownLesson(input.isOwnLesson) : slotTaken();
  const local = new Intl.DateTimeFormat("en-GB", {
    timeZone: input.timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(startAt);
  throw new AppError(
    "slot_unavailable",
    `${local} (${input.timeZone}) is not one of this tutor's open slots for that length; pick a time from their availability.`,
  );
}

function ownLesson(isOwnLesson: boolean): AppError {
  return new AppError(
    "conflict",
    isOwnLesson ? "You already have a lesson at that time." : "Your child already has a lesson at that time.",
  );
}

function slotTaken(): AppError {
  return new AppError("slot_taken", "Someone else just booked this time with this tutor. Please pick another slot.");
}

/** The exclusion constraints' refusal, in words: the tutor's time is taken, or the student already has a lesson then. */
function toSlotConflict(error: unknown, isOwnLesson: boolean): unknown {
  if (!(error instanceof postgres.PostgresError) || error.code !== EXCLUSION_VIOLATION) return error;
  if (error.constraint_name === "bookings_student_no_overlap") {
    return ownLesson(isOwnLesson);
  }
  return slotTaken();
}

/** Instant booking: confirm as the service; a failure leaves the committed request pending for the tutor. */
async function confirmAtOnce(db: Sql, booking: TRequestedBooking, now: Date): Promise<TRequestedBooking> {
  try {
    const { session } = await confirmBooking({ db, viewer: "service", bookingId: booking.id, now });
    return { ...booking, status: "confirmed", session_id: session.id };
  } catch (error) {
    log.warn("instant_booking_confirm_failed", { bookingId: booking.id, error });
    return booking;
  }
}

function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? "" : "s"}'`;
  return `${minutes} minutes'`;
}
