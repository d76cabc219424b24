-- =============================================================================
-- booking_events: the audit trail of a booking's decisions (requested,
-- confirmed, declined, withdrawn), also for bookings that never get a session.
-- Append-only like session_events; written only by server code.
-- =============================================================================

create table public.booking_events (
  id bigint generated always as identity primary key,
  booking_id uuid not null references public.bookings (id) on delete restrict,
  type text not null check (type ~ '^[a-z_.]{1,64}$'),
  actor_id uuid references public.profiles (id) on delete restrict,
  actor_role text not null check (actor_role in ('student', 'tutor', 'parent', 'admin', 'system')),
  payload jsonb not null default '{}'::jsonb,
  at timestamptz not null default now()
);
comment on table public.booking_events is 'Append-only audit log of booking decisions. Event names: lib/bookings/booking-events.ts.';

create index booking_events_booking_id_at_idx on public.booking_events (booking_id, at);
create index booking_events_actor_id_idx on public.booking_events (actor_id) where actor_id is not null;

create trigger booking_events_append_only before update or delete on public.booking_events
  for each row execute function public.prevent_change();

alter table public.booking_events enable row level security;
revoke all on public.booking_events from anon, authenticated;
grant select on public.booking_events to authenticated;

create or replace function public.can_read_booking(booking_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.bookings b
    where b.id = can_read_booking.booking_id
      and (b.student_id = (select auth.uid())
           or b.tutor_id = (select auth.uid())
           or public.is_parent_of(b.student_id))
  );
$$;
comment on function public.can_read_booking(uuid) is 'True when the caller is the booking''s student, tutor or approved parent.';

create policy "Booking participants can read its decisions" on public.booking_events
  for select to authenticated using (public.can_read_booking(booking_id));
create policy "Admins can read every booking decision" on public.booking_events
  for select to authenticated using ((select public.is_admin()));
