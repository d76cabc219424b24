-- =============================================================================
-- bookings.decline_reason: the optional sentence a tutor gives when declining a
-- request, shown to the student and their parents on the booking's page.
-- Written only by server code (lib/bookings/decline-booking.ts, as service).
-- =============================================================================

alter table public.bookings
  add column decline_reason text
    constraint bookings_decline_reason_length check (decline_reason is null or char_length(decline_reason) between 1 and 500),
  -- Browser roles may insert bookings (requests): a reason on anything but a decline is refused.
  add constraint bookings_decline_reason_only_when_declined check (decline_reason is null or status = 'declined');

comment on column public.bookings.decline_reason is
  'Why the tutor declined (optional, at most 500 characters, shown to the student and parents); null unless status = declined.';
