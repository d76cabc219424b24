-- =============================================================================
-- Notifications (lib/notifications): the email outbox, the in-app list and the
-- per-category email preferences. Outbox and in-app rows are written by server
-- code in the transaction of the change that causes them (enqueueNotification),
-- so a rolled-back change leaves nothing to send. Kinds and categories:
-- lib/notifications/kinds.ts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- notification_outbox: one email to send, delivered by the cron tick
-- -----------------------------------------------------------------------------

create table public.notification_outbox (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  kind text not null check (kind ~ '^[a-z0-9_]{1,64}$'),
  category text not null check (category in ('bookings', 'reminders', 'lessons', 'payments', 'disputes')),
  subject_type text not null check (subject_type in ('booking', 'session', 'dispute')),
  subject_id uuid not null,
  send_at timestamptz not null,
  data jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'dead', 'skipped')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz not null,
  locked_until timestamptz,
  last_error text check (char_length(last_error) <= 1000),
  -- Stable per row: a resend after a crash carries the same Message-ID, so receivers can drop the copy.
  message_id text not null unique default ('<' || gen_random_uuid()::text || '@notifications.tutoring>'),
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  constraint notification_outbox_dedupe_key unique (recipient_id, kind, subject_type, subject_id, send_at),
  constraint notification_outbox_sending_has_lease check (status <> 'sending' or locked_until is not null),
  constraint notification_outbox_sent_has_time check ((status = 'sent') = (sent_at is not null))
);
comment on table public.notification_outbox is
  'Emails to send (lib/notifications/deliver-due-notifications.ts): claimed with FOR UPDATE SKIP LOCKED, sent outside any transaction, retried with backoff, dead after N attempts.';
comment on column public.notification_outbox.next_attempt_at is
  'When the row is next due: send_at at first, the backoff after a failure, the lease end while sending (a crashed sender''s row is due again then).';
comment on column public.notification_outbox.locked_until is 'The sending lease; past it, another worker may reclaim the row.';
comment on column public.notification_outbox.status is
  'pending → sending → sent; dead after the last failed attempt; skipped when a reminder''s lesson was cancelled or moved.';

create index notification_outbox_due_idx on public.notification_outbox (next_attempt_at) where status in ('pending', 'sending');
create index notification_outbox_dead_idx on public.notification_outbox (created_at) where status = 'dead';
create index notification_outbox_subject_idx on public.notification_outbox (subject_type, subject_id);

alter table public.notification_outbox enable row level security;
revoke all on public.notification_outbox from anon, authenticated;
grant select on public.notification_outbox to authenticated;

create policy "Admins can read the notification outbox" on public.notification_outbox
  for select to authenticated using ((select public.is_admin()));

-- -----------------------------------------------------------------------------
-- notifications: the in-app list (the bell)
-- -----------------------------------------------------------------------------

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.profiles (id) on delete cascade,
  kind text not null check (kind ~ '^[a-z0-9_]{1,64}$'),
  subject_type text not null check (subject_type in ('booking', 'session', 'dispute')),
  subject_id uuid not null,
  send_at timestamptz not null,
  title text not null check (char_length(title) between 1 and 200),
  body text not null default '' check (char_length(body) <= 2000),
  -- Always one of the app's own paths, never an outside URL.
  link text check (link ~ '^/[A-Za-z0-9/_-]*$'),
  read_at timestamptz,
  created_at timestamptz not null default now(),
  constraint notifications_dedupe_key unique (recipient_id, kind, subject_type, subject_id, send_at)
);
comment on table public.notifications is 'In-app notifications: the recipient reads them and marks them read (read_at only).';

create index notifications_recipient_created_idx on public.notifications (recipient_id, created_at desc);
create index notifications_unread_idx on public.notifications (recipient_id) where read_at is null;

alter table public.notifications enable row level security;
revoke all on public.notifications from anon, authenticated;
grant select on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;

create policy "Users can read their own notifications" on public.notifications
  for select to authenticated using (recipient_id = (select auth.uid()));
create policy "Users can mark their own notifications read" on public.notifications
  for update to authenticated using (recipient_id = (select auth.uid())) with check (recipient_id = (select auth.uid()));

-- -----------------------------------------------------------------------------
-- notification_preferences: email on/off per category (no row = on)
-- -----------------------------------------------------------------------------

create table public.notification_preferences (
  user_id uuid not null references public.profiles (id) on delete cascade,
  category text not null check (category in ('bookings', 'reminders', 'lessons', 'payments', 'disputes')),
  email_enabled boolean not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, category),
  -- Receipts and money notices are transactional: they cannot be turned off.
  constraint notification_preferences_payments_locked check (category <> 'payments' or email_enabled)
);
comment on table public.notification_preferences is 'Per-category email opt-out; a missing row means email is on. Payments cannot be turned off.';

alter table public.notification_preferences enable row level security;
revoke all on public.notification_preferences from anon, authenticated;
grant select, insert, delete on public.notification_preferences to authenticated;
grant update (email_enabled, updated_at) on public.notification_preferences to authenticated;

create policy "Users can read their own notification preferences" on public.notification_preferences
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can add their own notification preferences" on public.notification_preferences
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "Users can change their own notification preferences" on public.notification_preferences
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users can remove their own notification preferences" on public.notification_preferences
  for delete to authenticated using (user_id = (select auth.uid()));

-- -----------------------------------------------------------------------------
-- Helpers for set-based jobs that notify in their own statement (the charge job,
-- payout release): the same facts and words lib/notifications writes from TypeScript
-- (TLessonFacts in notification-data.ts; formatMoney in lib/format/money.ts; the first
-- line of templates/money-templates.ts). Server code only.
-- -----------------------------------------------------------------------------

create or replace function public.notification_lesson_facts(session_id uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'booking_id', s.booking_id,
    'start_at', to_char(s.scheduled_start_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'duration_minutes', s.duration_minutes,
    'subject_name', sub.name,
    'tutor_name', tp.full_name,
    'student_name', sp.full_name)
  from public.sessions s
  join public.subjects sub on sub.id = s.subject_id
  join public.profiles tp on tp.id = s.tutor_id
  join public.profiles sp on sp.id = s.student_id
  where s.id = notification_lesson_facts.session_id;
$$;
comment on function public.notification_lesson_facts(uuid) is 'A session''s notification facts (lib/notifications/notification-data.ts TLessonFacts).';

create or replace function public.notification_money_text(amount_cents bigint, currency text) returns text
language sql immutable
set search_path = ''
as $$
  select case when upper(currency) = 'TTD' then 'TT$' else upper(currency) || ' ' end
         || to_char(amount_cents / 100.0, 'FM999,999,999,990.00');
$$;
comment on function public.notification_money_text(bigint, text) is 'Money as lib/format/money.ts formatMoney writes it (two-decimal currencies).';

revoke execute on function public.notification_lesson_facts(uuid) from public, anon, authenticated;
revoke execute on function public.notification_money_text(bigint, text) from public, anon, authenticated;
