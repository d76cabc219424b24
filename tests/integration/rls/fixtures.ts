import type { TransactionSql } from "postgres";
import { USER_IDS } from "./personas.ts";

/**
 * The world every RLS case starts from, inserted as the owner inside the
 * case's own transaction (which always rolls back). Row labels used by the
 * expectation table:
 *
 *   subjects          math, physics, chemistry (nobody teaches chemistry yet)
 *   tutor_subjects    tutor:math, tutor:physics, otherTutor:math
 *   availability      A1 (tutor), A2 (otherTutor)
 *   parent_students   parent→student (approved), unrelatedParent→otherStudent (approved),
 *                     pendingParent→student (NOT approved)
 *   bookings          B1 student↔tutor confirmed, two days ago (session S1)
 *                     B2 otherStudent↔otherTutor confirmed, two days ago (session S2)
 *                     B3 student↔tutor confirmed, in two days (session S3)
 *                     B4 student↔tutor pending, in three days (no session)
 *   sessions          S1, S2 charged (COMPLETED_ASSUMED), S3 SCHEDULED
 *   meeting links     L1 (S1), L2 (S2)
 *   meeting instances MI1 (S1), MI2 (S2)
 *   attendance syncs  AS1 (S1), AS2 (S2)
 *   session_events    E1 (S1, its charge: charge, payout and fee in the payload), E2 (S2),
 *                     E3 (a provider event that matched no session), E4 (S1's payout.released)
 *   connections       C1 (tutor, zoom), C2 (otherTutor, google_meet)
 *   connection events CE1 (C1), CE2 (C2)
 *   booking_events    BE1 (B1), BE2 (B2)
 *   api_rate_limits   a counter for student and for tutor
 *   oauth_states      O1 (tutor connecting Zoom)
 *   ledger_entries    charge1/payout1/fee1 (S1), charge2/payout2/fee2 (S2)
 *   invitations       parent→invited, unrelatedParent→otherInvited (emails with no account)
 *   request log       R1 (parent asked for invited)
 *   session_ratings   SR1 (S1, 4 stars by student; no reply). S2 stays unrated: the insert case rates it.
 *   -- reschedule (issue 10) --
 *   reschedule_proposals       RP1 (S3, tutor proposed, pending), RP2 (S2, declined)
 *   meeting update retries     MR1 (S3)
 *   calendar_feed_tokens       FT1 (student), FT2 (otherStudent)
 *   notifications     N1 (student, about B1), N2 (otherStudent, about B2)
 *   notification_outbox OB1 (student, pending), OB2 (tutor, dead)
 *   notification_preferences student:reminders off, otherStudent:bookings off
 *   tutor profiles    profile:tutor, profile:otherTutor; booking settings settings:tutor, settings:otherTutor
 *                     (both made by the profiles trigger for every tutor)
 *   overrides         OV1 (tutor: other hours on one date), OV2 (otherTutor: a day off)
 *   -- payments (issue 11) --
 *   payment_methods   pm:student (saved card), pm:unrelatedParent (B2's payer, saved card)
 *   payee_accounts    pa:tutor (onboarded), pa:otherTutor (not yet)
 *   payment_attempts  PAT1 (charge1, payer student), PAT2 (charge2, payer unrelatedParent): written by the
 *                     ledger trigger; PAT3 (payout1's transfer to tutor)
 *   webhook events    WE1
 *   disputes          D1 (S1, opened by student), D2 (S2, opened by unrelatedParent, answered): both released,
 *                     so S1 and S2 stay ratable
 *   admin_decisions   AD1 (on D2)
 */
export const IDS = {
  math: "b0000000-0000-4000-8000-000000000001",
  physics: "b0000000-0000-4000-8000-000000000002",
  chemistry: "b0000000-0000-4000-8000-000000000003",
  A1: "c0000000-0000-4000-8000-000000000001",
  A2: "c0000000-0000-4000-8000-000000000002",
  B1: "d0000000-0000-4000-8000-000000000001",
  B2: "d0000000-0000-4000-8000-000000000002",
  B3: "d0000000-0000-4000-8000-000000000003",
  B4: "d0000000-0000-4000-8000-000000000004",
  S1: "e0000000-0000-4000-8000-000000000001",
  S2: "e0000000-0000-4000-8000-000000000002",
  S3: "e0000000-0000-4000-8000-000000000003",
  E1: "900001",
  E2: "900002",
  E3: "900003",
  E4: "900004",
  C1: "f0000000-0000-4000-8000-000000000001",
  C2: "f0000000-0000-4000-8000-000000000002",
  BE1: "920001",
  BE2: "920002",
  R1: "930001",
  CE1: "910001",
  CE2: "910002",
  O1: "20000000-0000-4000-8000-000000000001",
  charge1: "10000000-0000-4000-8000-000000000001",
  payout1: "10000000-0000-4000-8000-000000000002",
  fee1: "10000000-0000-4000-8000-000000000003",
  charge2: "10000000-0000-4000-8000-000000000004",
  payout2: "10000000-0000-4000-8000-000000000005",
  fee2: "10000000-0000-4000-8000-000000000006",
  // notifications (lib/notifications): in-app N1 (student), N2 (otherStudent); outbox OB1 (student, pending), OB2 (tutor, dead)
  N1: "a1000000-0000-4000-8000-000000000001",
  N2: "a1000000-0000-4000-8000-000000000002",
  OB1: "a2000000-0000-4000-8000-000000000001",
  OB2: "a2000000-0000-4000-8000-000000000002",
  invitedEmail: "rls.invited@fixtures.test",
  otherInvitedEmail: "rls.other-invited@fixtures.test",
  // --- ratings ---
  SR1: "30000000-0000-4000-8000-000000000001",
  // -- reschedule (issue 10) --
  RP1: "31000000-0000-4000-8000-000000000001",
  RP2: "31000000-0000-4000-8000-000000000002",
  OV1: "c1000000-0000-4000-8000-000000000001",
  OV2: "c1000000-0000-4000-8000-000000000002",
  // -- payments (issue 11) --
  PAT3: "a3000000-0000-4000-8000-000000000003",
  D1: "a4000000-0000-4000-8000-000000000001",
  D2: "a4000000-0000-4000-8000-000000000002",
  AD1: "a5000000-0000-4000-8000-000000000001",
} as const;

/** Tutor's hourly price for math (the booking trigger must use it, not the client's). */
export const TUTOR_MATH_PRICE_CENTS = 12_000;

const U = USER_IDS;
const I = IDS;

function user(key: keyof typeof USER_IDS, role: string, fullName: string): string {
  const app = key === "admin" ? `'{"role":"admin"}'` : `'{}'`;
  const meta = JSON.stringify({ role, full_name: fullName });
  return `('${U[key]}', 'rls.${key.toLowerCase()}@fixtures.test', '${meta}'::jsonb, ${app}::jsonb)`;
}

function session(id: string, booking: string, student: string, tutor: string, price: number, start: string, charged: boolean): string {
  const money = charged
    ? `'COMPLETED_ASSUMED', ${start} + interval '60 minutes', ${price}, ${(price * 9) / 10}, ${price / 10}`
    : `'SCHEDULED', null, null, null, null`;
  return `('${id}', '${booking}', '${tutor}', '${student}', '${I.math}', 'zoom', ${start}, ${start} + interval '60 minutes', 60, 19, 39,
    ${start} + interval '60 minutes', ${price}, 9000, 5000, 4500, ${money})`;
}

function ledger(
  id: string,
  session: string,
  kind: string,
  party: string | null,
  amount: number,
  status: string,
  releaseAt: string,
): string {
  return `('${id}', '${session}', '${kind}', ${party ? `'${party}'` : "null"}, ${amount}, 'TTD', '${status}', ${releaseAt}, 'session:${session}:${kind}')`;
}

const PAST = "(date_trunc('hour', now()) - interval '2 days')";
const SOON = "(date_trunc('hour', now()) + interval '2 days')";
const LATER = "(date_trunc('hour', now()) + interval '3 days')";

export const FIXTURE_SQL = `
insert into auth.users (id, email, raw_user_meta_data, raw_app_meta_data) values
  ${user("student", "student", "Sam Student")},
  ${user("otherStudent", "student", "Olive Otherstudent")},
  ${user("tutor", "tutor", "Tara Tutor")},
  ${user("otherTutor", "tutor", "Omar Othertutor")},
  ${user("parent", "parent", "Pat Parent")},
  ${user("unrelatedParent", "parent", "Uma Unrelated")},
  ${user("admin", "student", "Ada Admin")},
  ${user("pendingParent", "parent", "Pete Pending")};

insert into public.parent_students (parent_id, student_id, approved_at) values
  ('${U.parent}', '${U.student}', now()),
  ('${U.unrelatedParent}', '${U.otherStudent}', now()),
  ('${U.pendingParent}', '${U.student}', null);

insert into public.subjects (id, slug, name) values
  ('${I.math}', 'rls-fixture-math', 'Mathematics'),
  ('${I.physics}', 'rls-fixture-physics', 'Physics'),
  ('${I.chemistry}', 'rls-fixture-chemistry', 'Chemistry');

insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values
  ('${U.tutor}', '${I.math}', ${TUTOR_MATH_PRICE_CENTS}),
  ('${U.tutor}', '${I.physics}', 15000),
  ('${U.otherTutor}', '${I.math}', 10000);

insert into public.tutor_availability (id, tutor_id, weekday, start_time, end_time, timezone) values
  ('${I.A1}', '${U.tutor}', 1, '09:00', '17:00', 'America/Port_of_Spain'),
  ('${I.A2}', '${U.otherTutor}', 2, '10:00', '14:00', 'America/Port_of_Spain');

insert into public.bookings (id, student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at,
  confirmed_start_at, confirmed_end_at, price_cents, status, decided_at) values
  ('${I.B1}', '${U.student}', '${U.tutor}', '${I.math}', '${U.student}', ${PAST}, ${PAST} + interval '60 minutes',
    ${PAST}, ${PAST} + interval '60 minutes', 12000, 'confirmed', ${PAST} - interval '1 day'),
  ('${I.B2}', '${U.otherStudent}', '${U.otherTutor}', '${I.math}', '${U.unrelatedParent}', ${PAST}, ${PAST} + interval '60 minutes',
    ${PAST}, ${PAST} + interval '60 minutes', 10000, 'confirmed', ${PAST} - interval '1 day'),
  ('${I.B3}', '${U.student}', '${U.tutor}', '${I.math}', '${U.parent}', ${SOON}, ${SOON} + interval '60 minutes',
    ${SOON}, ${SOON} + interval '60 minutes', 12000, 'confirmed', now()),
  ('${I.B4}', '${U.student}', '${U.tutor}', '${I.math}', '${U.student}', ${LATER}, ${LATER} + interval '60 minutes',
    null, null, 12000, 'pending', null);

insert into public.sessions (id, booking_id, tutor_id, student_id, subject_id, provider, scheduled_start_at, scheduled_end_at,
  duration_minutes, no_show_wait_minutes, min_payable_minutes, charge_scheduled_at, price_cents,
  completion_payout_bps, no_show_charge_bps, no_show_payout_bps, status, charged_at, charge_cents, payout_cents, platform_fee_cents) values
  ${session(I.S1, I.B1, U.student, U.tutor, 12000, PAST, true)},
  ${session(I.S2, I.B2, U.otherStudent, U.otherTutor, 10000, PAST, true)},
  ${session(I.S3, I.B3, U.student, U.tutor, 12000, SOON, false)};

insert into public.session_meeting_links (session_id, provider, meeting_external_id, join_url, host_url) values
  ('${I.S1}', 'zoom', 'zoom-meeting-1', 'https://zoom.example/j/1?pwd=secret1', 'https://zoom.example/s/1?zak=host1'),
  ('${I.S2}', 'zoom', 'zoom-meeting-2', 'https://zoom.example/j/2?pwd=secret2', 'https://zoom.example/s/2?zak=host2');

insert into public.session_meeting_instances (session_id, provider, instance_external_id, started_at, ended_at) values
  ('${I.S1}', 'zoom', 'zoom-run-1', ${PAST}, ${PAST} + interval '60 minutes'),
  ('${I.S2}', 'zoom', 'zoom-run-2', ${PAST}, ${PAST} + interval '60 minutes');

insert into public.session_attendance_syncs (session_id, attempts, synced_at) values
  ('${I.S1}', 1, ${PAST} + interval '61 minutes'), ('${I.S2}', 1, ${PAST} + interval '61 minutes');

-- cancel: provider deletes waiting for a retry (service only)
insert into public.session_meeting_cleanups (session_id, provider, meeting_external_id, next_attempt_at, last_error) values
  ('${I.S1}', 'zoom', 'zoom-meeting-1', ${PAST}, 'Zoom answered 500'), ('${I.S2}', 'zoom', 'zoom-meeting-2', ${PAST}, 'Zoom answered 500');

insert into public.session_events (id, session_id, type, actor_id, actor_role, payload, provider_event_id, at)
  overriding system value values
  (${I.E1}, '${I.S1}', 'session.charged', null, 'system',
    '{"charge_cents":12000,"payout_cents":10800,"platform_fee_cents":1200,"payout_release_at":"2026-01-01T00:00:00Z"}', null, ${PAST} + interval '60 minutes'),
  (${I.E2}, '${I.S2}', 'session.completed', null, 'system', '{"charge_cents":10000}', null, ${PAST} + interval '60 minutes'),
  (${I.E3}, null, 'provider.unmatched', null, 'provider', '{"meeting":"unknown"}', 'rls-fixture-evt-3', now()),
  (${I.E4}, '${I.S1}', 'payout.released', null, 'system', '{"payout_cents":10800}', null, ${PAST} + interval '25 hours');

insert into public.tutor_video_provider_connections (id, tutor_id, provider, status, access_token_encrypted,
  refresh_token_encrypted, token_key_id, expires_at, scopes, provider_account_id, provider_account_email) values
  ('${I.C1}', '${U.tutor}', 'zoom', 'connected', 'v1.aaaa.bbbb.cccc', 'v1.dddd.eeee.ffff', 'k1',
    now() + interval '1 hour', '{meeting:write}', 'zoom-acct-1', 'tara@zoom.example'),
  ('${I.C2}', '${U.otherTutor}', 'google_meet', 'connected', 'v1.gggg.hhhh.iiii', 'v1.jjjj.kkkk.llll', 'k1',
    now() + interval '1 hour', '{calendar.events}', 'google-acct-2', 'omar@google.example');

insert into public.booking_events (id, booking_id, type, actor_id, actor_role, payload, at) overriding system value values
  (${I.BE1}, '${I.B1}', 'booking.confirmed', '${U.tutor}', 'tutor', '{}', ${PAST}),
  (${I.BE2}, '${I.B2}', 'booking.confirmed', '${U.otherTutor}', 'tutor', '{}', ${PAST});

insert into public.api_rate_limits (user_id, bucket, window_start, hits) values
  ('${U.student}', 'write', now(), 1), ('${U.tutor}', 'write', now(), 1);

insert into public.tutor_video_connection_events (id, connection_id, tutor_id, type, payload) overriding system value values
  (${I.CE1}, '${I.C1}', '${U.tutor}', 'connection.connected', '{"provider":"zoom"}'),
  (${I.CE2}, '${I.C2}', '${U.otherTutor}', 'connection.connected', '{"provider":"google_meet"}');

insert into public.oauth_states (id, tutor_id, provider, code_verifier_encrypted, token_key_id, return_to, expires_at) values
  ('${I.O1}', '${U.tutor}', 'zoom', 'v1.mmmm.nnnn.oooo', 'k1', '/tutor/settings', now() + interval '10 minutes');

insert into public.ledger_entries (id, session_id, kind, party_id, amount_cents, currency, status, release_at, idempotency_key) values
  ${ledger(I.charge1, I.S1, "charge", U.student, 12000, "posted", "null")},
  ${ledger(I.payout1, I.S1, "payout", U.tutor, 10800, "held", `${PAST} + interval '25 hours'`)},
  ${ledger(I.fee1, I.S1, "platform_fee", null, 1200, "posted", "null")},
  ${ledger(I.charge2, I.S2, "charge", U.otherStudent, 10000, "posted", "null")},
  ${ledger(I.payout2, I.S2, "payout", U.otherTutor, 9000, "held", `${PAST} + interval '25 hours'`)},
  ${ledger(I.fee2, I.S2, "platform_fee", null, 1000, "posted", "null")};

insert into public.parent_link_invitations (parent_id, child_email) values
  ('${U.parent}', '${I.invitedEmail}'),
  ('${U.unrelatedParent}', '${I.otherInvitedEmail}');

insert into public.parent_link_request_log (id, parent_id, child_email) overriding system value values
  (${I.R1}, '${U.parent}', '${I.invitedEmail}');

-- ratings
insert into public.session_ratings (id, session_id, tutor_id, student_id, rated_by, stars, comment, created_at, updated_at, editable_until)
  values ('${I.SR1}', '${I.S1}', '${U.tutor}', '${U.student}', '${U.student}', 4, 'Clear and patient', now(), now(), now() + interval '7 days');
-- reschedule (issue 10)
insert into public.reschedule_proposals (id, session_id, booking_id, tutor_id, student_id, proposed_by, proposed_by_role,
  start_at, end_at, status, expires_at, decided_by, decided_at) values
  ('${I.RP1}', '${I.S3}', '${I.B3}', '${U.tutor}', '${U.student}', '${U.tutor}', 'tutor',
    ${SOON} + interval '3 days', ${SOON} + interval '3 days 1 hour', 'pending', ${SOON}, null, null),
  ('${I.RP2}', '${I.S2}', '${I.B2}', '${U.otherTutor}', '${U.otherStudent}', '${U.otherStudent}', 'student',
    ${PAST} + interval '1 day', ${PAST} + interval '1 day 1 hour', 'declined', ${PAST}, '${U.otherTutor}', ${PAST});

insert into public.session_meeting_update_retries (session_id) values ('${I.S3}');

insert into public.calendar_feed_tokens (user_id, token_hash) values
  ('${U.student}', repeat('a', 64)), ('${U.otherStudent}', repeat('b', 64));
-- notifications (lib/notifications)
insert into public.notifications (id, recipient_id, kind, subject_type, subject_id, send_at, title, body, link) values
  ('${I.N1}', '${U.student}', 'booking_confirmed', 'booking', '${I.B1}', ${PAST}, 'Booking confirmed', '', '/student/bookings/${I.B1}'),
  ('${I.N2}', '${U.otherStudent}', 'booking_confirmed', 'booking', '${I.B2}', ${PAST}, 'Booking confirmed', '', '/student/bookings/${I.B2}');
insert into public.notification_outbox (id, recipient_id, kind, category, subject_type, subject_id, send_at, next_attempt_at, status, attempts) values
  ('${I.OB1}', '${U.student}', 'booking_confirmed', 'bookings', 'booking', '${I.B1}', ${PAST}, ${PAST}, 'pending', 0),
  ('${I.OB2}', '${U.tutor}', 'booking_requested', 'bookings', 'booking', '${I.B1}', ${PAST}, ${PAST}, 'dead', 6);
insert into public.notification_preferences (user_id, category, email_enabled) values
  ('${U.student}', 'reminders', false), ('${U.otherStudent}', 'bookings', false);
insert into public.tutor_availability_overrides (id, tutor_id, on_date, start_time, end_time) values
  ('${I.OV1}', '${U.tutor}', (now() + interval '9 days')::date, '10:00', '12:00'),
  ('${I.OV2}', '${U.otherTutor}', (now() + interval '9 days')::date, null, null);
-- payments (issue 11); PAT1 and PAT2 were written by the ledger trigger above
insert into public.payment_methods (user_id, provider, customer_ref, payment_method_ref, brand, last4, exp_month, exp_year, saved_at) values
  ('${U.student}', 'stripe', 'cus_rls_student', 'pm_rls_student', 'visa', '4242', 12, 2030, now()),
  ('${U.unrelatedParent}', 'stripe', 'cus_rls_unrelated', 'pm_rls_unrelated', 'mastercard', '4444', 1, 2031, now());
insert into public.payee_accounts (tutor_id, provider, account_ref, payouts_enabled, details_submitted, onboarded_at) values
  ('${U.tutor}', 'stripe', 'acct_rls_tutor', true, true, now()),
  ('${U.otherTutor}', 'stripe', 'acct_rls_other', false, false, null);
insert into public.payment_attempts (id, ledger_entry_id, session_id, kind, party_id, amount_cents, currency, idempotency_key) values
  ('${I.PAT3}', '${I.payout1}', '${I.S1}', 'transfer', '${U.tutor}', 10800, 'TTD', 'session:${I.S1}:payout');
insert into public.payment_webhook_events (event_id, provider, type, provider_created_at) values
  ('evt_rls_1', 'stripe', 'checkout.session.completed', now());
insert into public.disputes (id, session_id, tutor_id, student_id, opened_by, kind, description, status, respond_by,
  tutor_response, responded_at, outcome, resolved_at) values
  ('${I.D1}', '${I.S1}', '${U.tutor}', '${U.student}', '${U.student}', 'lesson_problem', 'The tutor left after ten minutes.',
    'resolved', now() + interval '48 hours', null, null, 'release', now()),
  ('${I.D2}', '${I.S2}', '${U.otherTutor}', '${U.otherStudent}', '${U.unrelatedParent}', 'lesson_problem', 'The audio kept dropping out.',
    'resolved', now() + interval '48 hours', 'We finished the lesson by chat.', now(), 'release', now());
insert into public.admin_decisions (id, subject_type, subject_id, session_id, admin_id, outcome, reason) values
  ('${I.AD1}', 'dispute', '${I.D2}', '${I.S2}', '${U.admin}', 'release', 'The lesson happened.');
`;

/** Inserts the fixture world as the owner. Call first thing inside a rolled-back transaction. */
export async function insertFixtures(tx: TransactionSql): Promise<void> {
  await tx.unsafe(FIXTURE_SQL);
}
