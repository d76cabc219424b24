import type { TransactionSql } from "postgres";
import { IDS as I } from "./fixtures.ts";
import { USER_IDS as U } from "./personas.ts";

export const TABLES = [
  "profiles",
  "parent_students",
  "subjects",
  "tutor_subjects",
  "tutor_availability",
  "platform_settings",
  "bookings",
  "sessions",
  "session_meeting_links",
  "session_events",
  "tutor_video_provider_connections",
  "ledger_entries",
  "tutor_video_connection_events",
  "oauth_states",
  "parent_link_invitations",
  "booking_events",
  "api_rate_limits",
  "parent_link_request_log",
  "session_meeting_instances",
  "session_attendance_syncs",
  // cancel
  "session_meeting_cleanups",
  // --- ratings ---
  "session_ratings",
  // -- reschedule (issue 10) --
  "reschedule_proposals",
  "session_meeting_update_retries",
  "calendar_feed_tokens",
  // notifications
  "notifications",
  "notification_outbox",
  "notification_preferences",
  // --- marketplace (20261201010000) ---
  "tutor_profiles",
  "tutor_booking_settings",
  "tutor_availability_overrides",
  // -- payments (issue 11) --
  "payment_methods",
  "payee_accounts",
  "payment_attempts",
  "payment_webhook_events",
  "disputes",
  "admin_decisions",
] as const;
export type TTable = (typeof TABLES)[number];
export const OPERATIONS = ["select", "insert", "update", "delete"] as const;
export type TOperation = (typeof OPERATIONS)[number];

type TWrite = { describe: string; run: (tx: TransactionSql) => Promise<{ count: number }> };
type TTableOperations = {
  /** Every row the caller can see, as `k`; fixture keys map to labels through `labels`. */
  select: (tx: TransactionSql) => Promise<{ k: string }[]>;
  labels: Record<string, string>;
  insert: TWrite;
  update: TWrite;
  delete: TWrite;
};

const byId = (entries: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).map(([label, id]) => [id, label]));

const LATER_SLOT = "date_trunc('hour', now()) + interval '5 days'";

/**
 * What each grid cell does. Writes always aim at rows of `student`/`tutor`
 * (the same statement for every persona), so a persona is allowed exactly
 * when the policies say that row is theirs to write.
 */
export const TABLE_OPERATIONS: Record<TTable, TTableOperations> = {
  profiles: {
    select: (tx) => tx`select id::text as k from public.profiles`,
    labels: byId(U),
    insert: {
      describe: "a new profile row",
      run: (tx) => tx`insert into public.profiles (id, role, full_name) values (gen_random_uuid(), 'student', 'Nobody')`,
    },
    update: { describe: "student's full_name", run: (tx) => tx`update public.profiles set full_name = 'Renamed' where id = ${U.student}` },
    delete: { describe: "student's profile", run: (tx) => tx`delete from public.profiles where id = ${U.student}` },
  },
  parent_students: {
    select: (tx) => tx`select parent_id::text || '>' || student_id::text as k from public.parent_students`,
    labels: {
      [`${U.parent}>${U.student}`]: "parent→student",
      [`${U.unrelatedParent}>${U.otherStudent}`]: "unrelatedParent→otherStudent",
      [`${U.pendingParent}>${U.student}`]: "pendingParent→student",
    },
    insert: {
      describe: "a link parent→otherStudent",
      run: (tx) => tx`insert into public.parent_students (parent_id, student_id) values (${U.parent}, ${U.otherStudent})`,
    },
    update: {
      describe: "approved_at of parent→student",
      run: (tx) => tx`update public.parent_students set approved_at = now() where parent_id = ${U.parent} and student_id = ${U.student}`,
    },
    delete: {
      describe: "the link parent→student",
      run: (tx) => tx`delete from public.parent_students where parent_id = ${U.parent} and student_id = ${U.student}`,
    },
  },
  subjects: {
    select: (tx) => tx`select id::text as k from public.subjects`,
    labels: byId({ math: I.math, physics: I.physics, chemistry: I.chemistry }),
    insert: {
      describe: "a new subject",
      run: (tx) => tx`insert into public.subjects (slug, name) values ('rls-fixture-biology', 'Biology')`,
    },
    update: { describe: "math's name", run: (tx) => tx`update public.subjects set name = 'Maths' where id = ${I.math}` },
    delete: { describe: "chemistry (unused)", run: (tx) => tx`delete from public.subjects where id = ${I.chemistry}` },
  },
  tutor_subjects: {
    select: (tx) => tx`select tutor_id::text || ':' || subject_id::text as k from public.tutor_subjects`,
    labels: {
      [`${U.tutor}:${I.math}`]: "tutor:math",
      [`${U.tutor}:${I.physics}`]: "tutor:physics",
      [`${U.otherTutor}:${I.math}`]: "otherTutor:math",
    },
    insert: {
      describe: "tutor:chemistry",
      run: (tx) => tx`insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values (${U.tutor}, ${I.chemistry}, 9000)`,
    },
    update: {
      describe: "tutor:math price",
      run: (tx) => tx`update public.tutor_subjects set price_cents = 13000 where tutor_id = ${U.tutor} and subject_id = ${I.math}`,
    },
    delete: {
      describe: "tutor:physics",
      run: (tx) => tx`delete from public.tutor_subjects where tutor_id = ${U.tutor} and subject_id = ${I.physics}`,
    },
  },
  tutor_availability: {
    select: (tx) => tx`select id::text as k from public.tutor_availability`,
    labels: byId({ A1: I.A1, A2: I.A2 }),
    insert: {
      describe: "a rule for tutor",
      run: (tx) =>
        tx`insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone) values (${U.tutor}, 4, '09:00', '12:00', 'America/Port_of_Spain')`,
    },
    update: { describe: "tutor's rule A1", run: (tx) => tx`update public.tutor_availability set end_time = '18:00' where id = ${I.A1}` },
    delete: { describe: "tutor's rule A1", run: (tx) => tx`delete from public.tutor_availability where id = ${I.A1}` },
  },
  platform_settings: {
    select: (tx) => tx`select id::text as k from public.platform_settings`,
    labels: { true: "settings" },
    insert: { describe: "a second settings row", run: (tx) => tx`insert into public.platform_settings (id) values (true)` },
    update: { describe: "the completion payout", run: (tx) => tx`update public.platform_settings set completion_payout_bps = 9500` },
    delete: { describe: "the settings row", run: (tx) => tx`delete from public.platform_settings` },
  },
  bookings: {
    select: (tx) => tx`select id::text as k from public.bookings`,
    labels: byId({ B1: I.B1, B2: I.B2, B3: I.B3, B4: I.B4 }),
    insert: {
      describe: "a booking for student with tutor",
      run: (tx) =>
        tx.unsafe(`insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at, price_cents)
        values ('${U.student}', '${U.tutor}', '${I.math}', '${U.student}', ${LATER_SLOT}, ${LATER_SLOT} + interval '1 hour', 12000)`),
    },
    update: {
      describe: "student's pending B4 → cancelled",
      run: (tx) => tx`update public.bookings set status = 'cancelled' where id = ${I.B4}`,
    },
    delete: { describe: "student's pending B4", run: (tx) => tx`delete from public.bookings where id = ${I.B4}` },
  },
  sessions: {
    select: (tx) => tx`select id::text as k from public.sessions`,
    labels: byId({ S1: I.S1, S2: I.S2, S3: I.S3 }),
    insert: {
      describe: "a session for student's B4",
      run: (tx) =>
        tx`insert into public.sessions (booking_id, tutor_id, student_id, subject_id, provider, scheduled_start_at, scheduled_end_at,
             duration_minutes, no_show_wait_minutes, min_payable_minutes, charge_scheduled_at, price_cents,
             completion_payout_bps, no_show_charge_bps, no_show_payout_bps)
           select id, tutor_id, student_id, subject_id, 'zoom', requested_start_at, requested_end_at, 60, 19, 39, requested_end_at, price_cents, 9000, 5000, 4500
           from public.bookings where id = ${I.B4}`,
    },
    update: {
      describe: "student's S3 → CANCELLED",
      run: (tx) => tx`update public.sessions set status = 'CANCELLED', cancelled_at = now() where id = ${I.S3}`,
    },
    delete: { describe: "student's S3", run: (tx) => tx`delete from public.sessions where id = ${I.S3}` },
  },
  session_meeting_links: {
    select: (tx) => tx`select session_id::text as k from public.session_meeting_links`,
    labels: byId({ L1: I.S1, L2: I.S2 }),
    insert: {
      describe: "a link for student's S3",
      run: (tx) =>
        tx`insert into public.session_meeting_links (session_id, provider, meeting_external_id, join_url) values (${I.S3}, 'zoom', 'zoom-3', 'https://zoom.example/j/3')`,
    },
    update: {
      describe: "L1's join_url",
      run: (tx) => tx`update public.session_meeting_links set join_url = 'https://evil.example/j' where session_id = ${I.S1}`,
    },
    delete: { describe: "L1", run: (tx) => tx`delete from public.session_meeting_links where session_id = ${I.S1}` },
  },
  session_events: {
    select: (tx) => tx`select id::text as k from public.session_events`,
    labels: byId({ E1: I.E1, E2: I.E2, E3: I.E3, E4: I.E4 }),
    insert: {
      describe: "an event on S1",
      run: (tx) =>
        tx`insert into public.session_events (session_id, type, actor_id, actor_role) values (${I.S1}, 'note.added', ${U.student}, 'student')`,
    },
    update: { describe: "E1's payload", run: (tx) => tx`update public.session_events set payload = '{}'::jsonb where id = ${I.E1}` },
    delete: { describe: "E1", run: (tx) => tx`delete from public.session_events where id = ${I.E1}` },
  },
  tutor_video_provider_connections: {
    select: (tx) => tx`select id::text as k from public.tutor_video_provider_connections`,
    labels: byId({ C1: I.C1, C2: I.C2 }),
    insert: {
      describe: "a connection for tutor",
      run: (tx) =>
        tx`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${U.tutor}, 'jitsi', 'revoked')`,
    },
    update: {
      describe: "tutor's C1 status",
      run: (tx) => tx`update public.tutor_video_provider_connections set status = 'revoked' where id = ${I.C1}`,
    },
    delete: { describe: "tutor's C1", run: (tx) => tx`delete from public.tutor_video_provider_connections where id = ${I.C1}` },
  },
  ledger_entries: {
    select: (tx) => tx`select id::text as k from public.ledger_entries`,
    labels: byId({ charge1: I.charge1, payout1: I.payout1, fee1: I.fee1, charge2: I.charge2, payout2: I.payout2, fee2: I.fee2 }),
    insert: {
      describe: "a refund to student on S1",
      run: (tx) =>
        tx`insert into public.ledger_entries (session_id, kind, party_id, amount_cents, currency, status, idempotency_key)
           values (${I.S1}, 'refund', ${U.student}, 500, 'TTD', 'posted', ${`session:${I.S1}:refund`})`,
    },
    update: {
      describe: "tutor's payout1 → released",
      run: (tx) => tx`update public.ledger_entries set status = 'released', released_at = now() where id = ${I.payout1}`,
    },
    delete: { describe: "student's charge1", run: (tx) => tx`delete from public.ledger_entries where id = ${I.charge1}` },
  },
  tutor_video_connection_events: {
    select: (tx) => tx`select id::text as k from public.tutor_video_connection_events`,
    labels: byId({ CE1: I.CE1, CE2: I.CE2 }),
    insert: {
      describe: "an event on tutor's C1",
      run: (tx) =>
        tx`insert into public.tutor_video_connection_events (connection_id, tutor_id, type) values (${I.C1}, ${U.tutor}, 'connection.refreshed')`,
    },
    update: {
      describe: "CE1's payload",
      run: (tx) => tx`update public.tutor_video_connection_events set payload = '{}'::jsonb where id = ${I.CE1}`,
    },
    delete: { describe: "CE1", run: (tx) => tx`delete from public.tutor_video_connection_events where id = ${I.CE1}` },
  },
  oauth_states: {
    select: (tx) => tx`select id::text as k from public.oauth_states`,
    labels: byId({ O1: I.O1 }),
    insert: {
      describe: "a state for tutor",
      run: (tx) =>
        tx`insert into public.oauth_states (id, tutor_id, provider, return_to, expires_at) values (gen_random_uuid(), ${U.tutor}, 'zoom', '/', now() + interval '10 minutes')`,
    },
    update: { describe: "O1 → consumed", run: (tx) => tx`update public.oauth_states set consumed_at = now() where id = ${I.O1}` },
    delete: { describe: "O1", run: (tx) => tx`delete from public.oauth_states where id = ${I.O1}` },
  },
  parent_link_invitations: {
    select: (tx) => tx`select parent_id::text || '>' || child_email as k from public.parent_link_invitations`,
    labels: {
      [`${U.parent}>${I.invitedEmail}`]: "parent→invited",
      [`${U.unrelatedParent}>${I.otherInvitedEmail}`]: "unrelatedParent→otherInvited",
    },
    insert: {
      describe: "an invitation from parent",
      run: (tx) =>
        tx`insert into public.parent_link_invitations (parent_id, child_email) values (${U.parent}, 'rls.someone@fixtures.test')`,
    },
    update: {
      describe: "parent's invitation email",
      run: (tx) => tx`update public.parent_link_invitations set child_email = 'rls.student@fixtures.test' where parent_id = ${U.parent}`,
    },
    delete: { describe: "parent's invitation", run: (tx) => tx`delete from public.parent_link_invitations where parent_id = ${U.parent}` },
  },
  booking_events: {
    select: (tx) => tx`select id::text as k from public.booking_events`,
    labels: byId({ BE1: I.BE1, BE2: I.BE2 }),
    insert: {
      describe: "a decision on B1",
      run: (tx) =>
        tx`insert into public.booking_events (booking_id, type, actor_id, actor_role) values (${I.B1}, 'booking.confirmed', ${U.tutor}, 'tutor')`,
    },
    update: { describe: "BE1's payload", run: (tx) => tx`update public.booking_events set payload = '{}'::jsonb where id = ${I.BE1}` },
    delete: { describe: "BE1", run: (tx) => tx`delete from public.booking_events where id = ${I.BE1}` },
  },
  api_rate_limits: {
    select: (tx) => tx`select user_id::text || ':' || bucket as k from public.api_rate_limits`,
    labels: { [`${U.student}:write`]: "student:write", [`${U.tutor}:write`]: "tutor:write" },
    insert: {
      describe: "a counter for student",
      run: (tx) => tx`insert into public.api_rate_limits (user_id, bucket, window_start, hits) values (${U.student}, 'join', now(), 1)`,
    },
    update: {
      describe: "student's write counter",
      run: (tx) => tx`update public.api_rate_limits set hits = 0 where user_id = ${U.student}`,
    },
    delete: { describe: "student's counters", run: (tx) => tx`delete from public.api_rate_limits where user_id = ${U.student}` },
  },
  parent_link_request_log: {
    select: (tx) => tx`select id::text as k from public.parent_link_request_log`,
    labels: byId({ R1: I.R1 }),
    insert: {
      describe: "a request by parent",
      run: (tx) =>
        tx`insert into public.parent_link_request_log (parent_id, child_email) values (${U.parent}, 'rls.someone@fixtures.test')`,
    },
    update: {
      describe: "R1's time",
      run: (tx) => tx`update public.parent_link_request_log set requested_at = now() - interval '2 days' where id = ${I.R1}`,
    },
    delete: { describe: "R1", run: (tx) => tx`delete from public.parent_link_request_log where id = ${I.R1}` },
  },
  session_meeting_instances: {
    select: (tx) => tx`select session_id::text || ':' || instance_external_id as k from public.session_meeting_instances`,
    labels: { [`${I.S1}:zoom-run-1`]: "MI1", [`${I.S2}:zoom-run-2`]: "MI2" },
    insert: {
      describe: "a run of S3's meeting",
      run: (tx) =>
        tx`insert into public.session_meeting_instances (session_id, provider, instance_external_id, started_at) values (${I.S3}, 'zoom', 'forged', now())`,
    },
    update: {
      describe: "MI1's end",
      run: (tx) => tx`update public.session_meeting_instances set ended_at = now() where session_id = ${I.S1}`,
    },
    delete: { describe: "MI1", run: (tx) => tx`delete from public.session_meeting_instances where session_id = ${I.S1}` },
  },
  session_attendance_syncs: {
    select: (tx) => tx`select session_id::text as k from public.session_attendance_syncs`,
    labels: byId({ AS1: I.S1, AS2: I.S2 }),
    insert: {
      describe: "a sync row for S3",
      run: (tx) => tx`insert into public.session_attendance_syncs (session_id, synced_at) values (${I.S3}, now())`,
    },
    update: {
      describe: "AS1 marked synced",
      run: (tx) => tx`update public.session_attendance_syncs set synced_at = now() where session_id = ${I.S1}`,
    },
    delete: { describe: "AS1", run: (tx) => tx`delete from public.session_attendance_syncs where session_id = ${I.S1}` },
  },
  // cancel: failed provider deletes, retried by the cron job
  session_meeting_cleanups: {
    select: (tx) => tx`select session_id::text as k from public.session_meeting_cleanups`,
    labels: byId({ MC1: I.S1, MC2: I.S2 }),
    insert: {
      describe: "a cleanup for S3",
      run: (tx) =>
        tx`insert into public.session_meeting_cleanups (session_id, provider, meeting_external_id, next_attempt_at, last_error) values (${I.S3}, 'zoom', 'zoom-3', now(), 'x')`,
    },
    update: {
      describe: "MC1 marked completed",
      run: (tx) => tx`update public.session_meeting_cleanups set completed_at = now() where session_id = ${I.S1}`,
    },
    delete: { describe: "MC1", run: (tx) => tx`delete from public.session_meeting_cleanups where session_id = ${I.S1}` },
  },
  // --- ratings ---
  session_ratings: {
    select: (tx) => tx`select id::text as k from public.session_ratings`,
    labels: byId({ SR1: I.SR1 }),
    insert: {
      describe: "a first rating of S2 (otherStudent's completed lesson) by the caller",
      run: (tx) => tx`
        insert into public.session_ratings (session_id, tutor_id, student_id, rated_by, stars)
        values (${I.S2}, ${U.otherTutor}, ${U.otherStudent}, (select auth.uid()), 5)`,
    },
    update: { describe: "SR1's stars", run: (tx) => tx`update public.session_ratings set stars = 2 where id = ${I.SR1}` },
    delete: { describe: "SR1", run: (tx) => tx`delete from public.session_ratings where id = ${I.SR1}` },
  },
  // -- reschedule (issue 10) --
  reschedule_proposals: {
    select: (tx) => tx`select id::text as k from public.reschedule_proposals`,
    labels: byId({ RP1: I.RP1, RP2: I.RP2 }),
    insert: {
      describe: "a proposal for S1 by student",
      run: (tx) =>
        tx`insert into public.reschedule_proposals (session_id, booking_id, tutor_id, student_id, proposed_by, proposed_by_role, start_at, end_at, expires_at)
           values (${I.S1}, ${I.B1}, ${U.tutor}, ${U.student}, ${U.student}, 'student', now() + interval '5 days', now() + interval '5 days 1 hour', now())`,
    },
    update: {
      describe: "RP1 accepted",
      run: (tx) => tx`update public.reschedule_proposals set status = 'accepted', decided_at = now() where id = ${I.RP1}`,
    },
    delete: { describe: "RP1", run: (tx) => tx`delete from public.reschedule_proposals where id = ${I.RP1}` },
  },
  session_meeting_update_retries: {
    select: (tx) => tx`select session_id::text as k from public.session_meeting_update_retries`,
    labels: byId({ MR1: I.S3 }),
    insert: {
      describe: "a retry for S1",
      run: (tx) => tx`insert into public.session_meeting_update_retries (session_id) values (${I.S1})`,
    },
    update: {
      describe: "MR1's next attempt",
      run: (tx) => tx`update public.session_meeting_update_retries set next_attempt_at = now() where session_id = ${I.S3}`,
    },
    delete: { describe: "MR1", run: (tx) => tx`delete from public.session_meeting_update_retries where session_id = ${I.S3}` },
  },
  calendar_feed_tokens: {
    select: (tx) => tx`select user_id::text as k from public.calendar_feed_tokens`,
    labels: { [U.student]: "FT1", [U.otherStudent]: "FT2" },
    insert: {
      describe: "a token for tutor",
      run: (tx) => tx`insert into public.calendar_feed_tokens (user_id, token_hash) values (${U.tutor}, repeat('c', 64))`,
    },
    update: {
      describe: "student's token hash",
      run: (tx) => tx`update public.calendar_feed_tokens set token_hash = repeat('d', 64) where user_id = ${U.student}`,
    },
    delete: { describe: "student's token", run: (tx) => tx`delete from public.calendar_feed_tokens where user_id = ${U.student}` },
  },
  // --- notifications (lib/notifications) ---
  notifications: {
    select: (tx) => tx`select id::text as k from public.notifications`,
    labels: byId({ N1: I.N1, N2: I.N2 }),
    insert: {
      describe: "a notification for student",
      run: (tx) =>
        tx`insert into public.notifications (recipient_id, kind, subject_type, subject_id, send_at, title) values (${U.student}, 'booking_confirmed', 'booking', ${I.B3}, now(), 'Forged')`,
    },
    update: { describe: "N1 marked read", run: (tx) => tx`update public.notifications set read_at = now() where id = ${I.N1}` },
    delete: { describe: "N1", run: (tx) => tx`delete from public.notifications where id = ${I.N1}` },
  },
  notification_outbox: {
    select: (tx) => tx`select id::text as k from public.notification_outbox`,
    labels: byId({ OB1: I.OB1, OB2: I.OB2 }),
    insert: {
      describe: "an email to student",
      run: (tx) =>
        tx`insert into public.notification_outbox (recipient_id, kind, category, subject_type, subject_id, send_at, next_attempt_at) values (${U.student}, 'booking_confirmed', 'bookings', 'booking', ${I.B3}, now(), now())`,
    },
    update: { describe: "OB1 marked sent", run: (tx) => tx`update public.notification_outbox set status = 'skipped' where id = ${I.OB1}` },
    delete: { describe: "OB1", run: (tx) => tx`delete from public.notification_outbox where id = ${I.OB1}` },
  },
  notification_preferences: {
    select: (tx) => tx`select user_id::text || ':' || category as k from public.notification_preferences`,
    labels: { [`${U.student}:reminders`]: "student:reminders", [`${U.otherStudent}:bookings`]: "otherStudent:bookings" },
    insert: {
      describe: "student turns off bookings email",
      run: (tx) =>
        tx`insert into public.notification_preferences (user_id, category, email_enabled) values (${U.student}, 'bookings', false)`,
    },
    update: {
      describe: "student turns reminders back on",
      run: (tx) =>
        tx`update public.notification_preferences set email_enabled = true where user_id = ${U.student} and category = 'reminders'`,
    },
    delete: {
      describe: "student's reminders preference",
      run: (tx) => tx`delete from public.notification_preferences where user_id = ${U.student} and category = 'reminders'`,
    },
  },
  // --- marketplace (20261201010000): profiles and settings exist for every tutor (a trigger) ---
  tutor_profiles: {
    select: (tx) => tx`select tutor_id::text as k from public.tutor_profiles`,
    labels: byId({ "profile:tutor": U.tutor, "profile:otherTutor": U.otherTutor }),
    insert: {
      describe: "a profile for student",
      run: (tx) => tx`insert into public.tutor_profiles (tutor_id, display_name) values (${U.student}, 'Sam the tutor')`,
    },
    update: {
      describe: "tutor's headline",
      run: (tx) => tx`update public.tutor_profiles set headline = 'Algebra, kindly' where tutor_id = ${U.tutor}`,
    },
    delete: { describe: "tutor's profile", run: (tx) => tx`delete from public.tutor_profiles where tutor_id = ${U.tutor}` },
  },
  tutor_booking_settings: {
    select: (tx) => tx`select tutor_id::text as k from public.tutor_booking_settings`,
    labels: byId({ "settings:tutor": U.tutor, "settings:otherTutor": U.otherTutor }),
    insert: {
      describe: "settings for student",
      run: (tx) => tx`insert into public.tutor_booking_settings (tutor_id) values (${U.student})`,
    },
    update: {
      describe: "tutor's instant booking",
      run: (tx) => tx`update public.tutor_booking_settings set is_instant_booking = true where tutor_id = ${U.tutor}`,
    },
    delete: { describe: "tutor's settings", run: (tx) => tx`delete from public.tutor_booking_settings where tutor_id = ${U.tutor}` },
  },
  tutor_availability_overrides: {
    select: (tx) => tx`select id::text as k from public.tutor_availability_overrides`,
    labels: byId({ OV1: I.OV1, OV2: I.OV2 }),
    insert: {
      describe: "a day off for tutor",
      run: (tx) =>
        tx`insert into public.tutor_availability_overrides (tutor_id, on_date) values (${U.tutor}, (now() + interval '20 days')::date)`,
    },
    update: {
      describe: "tutor's OV1 hours",
      run: (tx) => tx`update public.tutor_availability_overrides set end_time = '13:00' where id = ${I.OV1}`,
    },
    delete: { describe: "tutor's OV1", run: (tx) => tx`delete from public.tutor_availability_overrides where id = ${I.OV1}` },
  },
  // -- payments (issue 11): everything is written by server code; browser roles only read their own --
  payment_methods: {
    select: (tx) => tx`select user_id::text as k from public.payment_methods`,
    labels: { [U.student]: "pm:student", [U.unrelatedParent]: "pm:unrelatedParent" },
    insert: {
      describe: "a card for the caller",
      run: (tx) =>
        tx`insert into public.payment_methods (user_id, provider, customer_ref) values ((select auth.uid()), 'stripe', 'cus_injected')`,
    },
    update: {
      describe: "student's card swapped",
      run: (tx) => tx`update public.payment_methods set payment_method_ref = 'pm_swapped' where user_id = ${U.student}`,
    },
    delete: { describe: "student's card", run: (tx) => tx`delete from public.payment_methods where user_id = ${U.student}` },
  },
  payee_accounts: {
    select: (tx) => tx`select tutor_id::text as k from public.payee_accounts`,
    labels: { [U.tutor]: "pa:tutor", [U.otherTutor]: "pa:otherTutor" },
    insert: {
      describe: "a payee account for the caller",
      run: (tx) =>
        tx`insert into public.payee_accounts (tutor_id, provider, account_ref) values ((select auth.uid()), 'stripe', 'acct_injected')`,
    },
    update: {
      describe: "otherTutor's account enabled",
      run: (tx) => tx`update public.payee_accounts set payouts_enabled = true, onboarded_at = now() where tutor_id = ${U.otherTutor}`,
    },
    delete: { describe: "tutor's account", run: (tx) => tx`delete from public.payee_accounts where tutor_id = ${U.tutor}` },
  },
  payment_attempts: {
    select: (tx) => tx`select ledger_entry_id::text as k from public.payment_attempts`,
    labels: { [I.charge1]: "PAT1", [I.charge2]: "PAT2", [I.payout1]: "PAT3" },
    insert: {
      describe: "a transfer of payout2 to the caller",
      run: (tx) =>
        tx`insert into public.payment_attempts (ledger_entry_id, session_id, kind, party_id, amount_cents, currency, idempotency_key)
           values (${I.payout2}, ${I.S2}, 'transfer', (select auth.uid()), 9000, 'TTD', 'injected')`,
    },
    update: {
      describe: "PAT1 marked succeeded",
      run: (tx) =>
        tx`update public.payment_attempts set status = 'succeeded', succeeded_at = now(), provider_ref = 'pi_forged' where ledger_entry_id = ${I.charge1}`,
    },
    delete: { describe: "PAT3", run: (tx) => tx`delete from public.payment_attempts where id = ${I.PAT3}` },
  },
  payment_webhook_events: {
    select: (tx) => tx`select event_id as k from public.payment_webhook_events`,
    labels: { evt_rls_1: "WE1" },
    insert: {
      describe: "a forged event",
      run: (tx) =>
        tx`insert into public.payment_webhook_events (event_id, provider, type, provider_created_at) values ('evt_forged', 'stripe', 'x', now())`,
    },
    update: {
      describe: "WE1 marked processed",
      run: (tx) => tx`update public.payment_webhook_events set processed_at = now() where event_id = 'evt_rls_1'`,
    },
    delete: { describe: "WE1", run: (tx) => tx`delete from public.payment_webhook_events where event_id = 'evt_rls_1'` },
  },
  disputes: {
    select: (tx) => tx`select id::text as k from public.disputes`,
    labels: byId({ D1: I.D1, D2: I.D2 }),
    insert: {
      describe: "a dispute on S3 by the caller",
      run: (tx) =>
        tx`insert into public.disputes (session_id, tutor_id, student_id, opened_by, kind, description, status, respond_by)
           values (${I.S3}, ${U.tutor}, ${U.student}, (select auth.uid()), 'lesson_problem', 'Injected straight into the table.', 'open', now())`,
    },
    update: {
      describe: "D1 resolved with a full refund",
      run: (tx) => tx`update public.disputes set status = 'resolved', outcome = 'refund_full', resolved_at = now() where id = ${I.D1}`,
    },
    delete: { describe: "D1", run: (tx) => tx`delete from public.disputes where id = ${I.D1}` },
  },
  admin_decisions: {
    select: (tx) => tx`select id::text as k from public.admin_decisions`,
    labels: byId({ AD1: I.AD1 }),
    insert: {
      describe: "a decision on D1 by the caller",
      run: (tx) =>
        tx`insert into public.admin_decisions (subject_type, subject_id, session_id, admin_id, outcome, reason)
           values ('dispute', ${I.D1}, ${I.S1}, (select auth.uid()), 'refund_full', 'Injected decision')`,
    },
    update: { describe: "AD1's reason", run: (tx) => tx`update public.admin_decisions set reason = 'Rewritten' where id = ${I.AD1}` },
    delete: { describe: "AD1", run: (tx) => tx`delete from public.admin_decisions where id = ${I.AD1}` },
  },
};
