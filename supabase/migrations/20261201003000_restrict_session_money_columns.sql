-- =============================================================================
-- Private money: students and parents see a session's price and charge; its
-- tutor also sees the payout (never the platform fee); admins see everything.
--
-- Design: RLS still decides which rows a browser role reads; column privileges
-- decide which columns. The columns that reveal the payout (payout_cents,
-- platform_fee_cents and the two payout splits) and the audit payloads lose
-- their grant. Two security definer functions hand them back, each stripped by
-- the caller's relation to the session (public.session_viewer_relation):
--   public.session_private_amounts(session_id): payout and split for the
--     tutor, plus the fee for an admin; no row for anyone else.
--   public.session_event_payload(event_id): the payload as the caller may see
--     it (no platform_fee_* keys for the tutor, no payout_* either for a student
--     or parent).
-- Payout events (payout.*) are not even rows for students and parents.
-- Server code that has already proved visibility under RLS reads the full row
-- as service (lib/sessions/read-visible-session.ts).
-- A column added to sessions or session_events later is readable by browser
-- roles only once a migration grants it.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- How the caller relates to a session
-- -----------------------------------------------------------------------------
create or replace function public.session_viewer_relation(session_id uuid) returns text
language sql stable security definer
set search_path = ''
as $$
  select case
    when public.is_admin() then 'admin'
    when s.tutor_id = (select auth.uid()) then 'tutor'
    when s.student_id = (select auth.uid()) then 'student'
    when public.is_parent_of(s.student_id) then 'parent'
  end
  from public.sessions s
  where s.id = session_viewer_relation.session_id;
$$;
comment on function public.session_viewer_relation(uuid) is
  'admin, tutor, student or parent (approved) for the calling user and this session; null when the caller may not read it.';

-- -----------------------------------------------------------------------------
-- sessions: every column but the payout side
-- -----------------------------------------------------------------------------
revoke select on public.sessions from authenticated;
grant select (
  id, booking_id, tutor_id, student_id, subject_id, provider,
  scheduled_start_at, scheduled_end_at, duration_minutes, no_show_wait_minutes, min_payable_minutes,
  status, charge_scheduled_at, charged_at, price_cents, charge_cents, currency, no_show_charge_bps,
  meeting_started_at, meeting_ended_at, student_joined_at, tutor_joined_at, marked_no_show_at, cancelled_at,
  created_at, updated_at
) on public.sessions to authenticated;

create or replace function public.session_private_amounts(session_id uuid)
returns table (payout_cents bigint, platform_fee_cents bigint, completion_payout_bps integer, no_show_payout_bps integer)
language sql stable security definer
set search_path = ''
as $$
  select s.payout_cents,
         case when r.relation = 'admin' then s.platform_fee_cents end,
         s.completion_payout_bps,
         s.no_show_payout_bps
  from public.sessions s
  cross join lateral (select public.session_viewer_relation(s.id) as relation) r
  where s.id = session_private_amounts.session_id
    and r.relation in ('tutor', 'admin');
$$;
comment on function public.session_private_amounts(uuid) is
  'The payout side of a session: payout and splits for its tutor, the platform fee too for an admin; no row for anyone else.';
revoke all on function public.session_private_amounts(uuid) from public, anon;
grant execute on function public.session_private_amounts(uuid) to authenticated;

-- -----------------------------------------------------------------------------
-- session_events: every column but the payload; payout events for the tutor only
-- -----------------------------------------------------------------------------
revoke select on public.session_events from authenticated;
grant select (id, session_id, type, actor_id, actor_role, provider_event_id, at) on public.session_events to authenticated;

drop policy "Session participants can read its audit trail" on public.session_events;
create policy "Tutors can read their sessions' audit trail" on public.session_events
  for select to authenticated using (public.session_viewer_relation(session_id) = 'tutor');
create policy "Students and parents can read their sessions' audit trail except payouts" on public.session_events
  for select to authenticated
  using (type not like 'payout.%' and public.session_viewer_relation(session_id) in ('student', 'parent'));

create or replace function public.session_event_payload(event_id bigint) returns jsonb
language sql stable security definer
set search_path = ''
as $$
  select case
    when public.is_admin() then e.payload
    when r.relation = 'tutor' then (
      select coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb)
      from jsonb_each(e.payload) p where p.key not like 'platform\_fee%')
    when r.relation in ('student', 'parent') and e.type not like 'payout.%' then (
      select coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb)
      from jsonb_each(e.payload) p where p.key not like 'platform\_fee%' and p.key not like 'payout%')
  end
  from public.session_events e
  left join lateral (select public.session_viewer_relation(e.session_id) as relation) r on true
  where e.id = session_event_payload.event_id;
$$;
comment on function public.session_event_payload(bigint) is
  'An audit event''s payload as the caller may read it: whole for admins, without platform_fee_* for the tutor, without payout_* and platform_fee_* for the student and parents; null otherwise.';
revoke all on function public.session_event_payload(bigint) from public, anon;
grant execute on function public.session_event_payload(bigint) to authenticated;
revoke all on function public.session_viewer_relation(uuid) from public, anon;
grant execute on function public.session_viewer_relation(uuid) to authenticated;
