import type { TTable } from "./operations.ts";
import { PERSONAS, type TPersona } from "./personas.ts";

/**
 * "allow": the write succeeds and touches the row. "deny": permission denied,
 * an RLS check failure, or zero rows touched. A list: select sees exactly
 * these fixture rows (an empty list is written "deny").
 */
export type TExpectation = "allow" | "deny" | readonly string[];
type TRow = Record<TPersona, TExpectation>;
export type TTableExpectations = { select: TRow; insert: TRow; update: TRow; delete: TRow };

/** Writes: only the listed personas may; everyone else is denied. */
function only(...allowed: TPersona[]): TRow {
  return Object.fromEntries(PERSONAS.map((p) => [p, allowed.includes(p) ? "allow" : "deny"])) as TRow;
}
const nobody = only();

/** Select: every signed-in persona sees `rows`; anon sees nothing. */
function signedIn(rows: readonly string[]): TRow {
  return Object.fromEntries(PERSONAS.map((p): [TPersona, TExpectation] => [p, p === "anon" ? "deny" : rows])) as TRow;
}

/** Select: everyone, anon included, sees `rows`. */
function everyone(rows: readonly string[]): TRow {
  return Object.fromEntries(PERSONAS.map((p): [TPersona, TExpectation] => [p, rows])) as TRow;
}

/** Select for tables split along the two lessons: student/tutor/parent see the first, the others the second. */
function byLesson(mine: readonly string[], theirs: readonly string[], all: readonly string[]): TRow {
  return {
    anon: "deny",
    student: mine,
    tutor: mine,
    parent: mine,
    otherStudent: theirs,
    otherTutor: theirs,
    unrelatedParent: theirs,
    admin: all,
  };
}

const serviceOnly: TTableExpectations = { select: only(), insert: nobody, update: nobody, delete: nobody };
const readOnly = (select: TRow): TTableExpectations => ({ select, insert: nobody, update: nobody, delete: nobody });

/**
 * The matrix (lib/README.md, Security): everyone reads what is theirs, approved parents
 * their children's, admins everything; money, status, meeting links, tokens
 * and the audit log are written only by server code (service role).
 */
export const EXPECTATIONS: Record<TTable, TTableExpectations> = {
  profiles: {
    select: {
      anon: "deny",
      // the student sees the parents who asked to be linked (so they can approve them)
      student: ["student", "tutor", "otherTutor", "parent", "pendingParent"],
      otherStudent: ["otherStudent", "tutor", "otherTutor", "unrelatedParent"],
      tutor: ["tutor", "otherTutor", "student"],
      otherTutor: ["otherTutor", "tutor", "otherStudent"],
      parent: ["parent", "tutor", "otherTutor", "student"],
      unrelatedParent: ["unrelatedParent", "tutor", "otherTutor", "otherStudent"],
      admin: ["student", "otherStudent", "tutor", "otherTutor", "parent", "unrelatedParent", "admin", "pendingParent"],
    },
    insert: nobody,
    update: only("student"),
    delete: nobody,
  },
  parent_students: {
    select: {
      anon: "deny",
      student: ["parent→student", "pendingParent→student"],
      otherStudent: ["unrelatedParent→otherStudent"],
      tutor: "deny",
      otherTutor: "deny",
      parent: ["parent→student"],
      unrelatedParent: ["unrelatedParent→otherStudent"],
      admin: ["parent→student", "unrelatedParent→otherStudent", "pendingParent→student"],
    },
    insert: nobody,
    // only the child approves; a parent cannot approve their own request
    update: only("student"),
    delete: only("student", "parent"),
  },
  subjects: {
    select: everyone(["math", "physics", "chemistry"]),
    insert: nobody,
    update: nobody,
    delete: nobody,
  },
  tutor_subjects: {
    // public since the marketplace (20261201010000): anonymous browsing shows subjects and prices
    select: everyone(["tutor:math", "tutor:physics", "otherTutor:math"]),
    insert: only("tutor"),
    update: only("tutor"),
    delete: only("tutor"),
  },
  tutor_availability: {
    select: signedIn(["A1", "A2"]),
    insert: only("tutor"),
    update: only("tutor"),
    delete: only("tutor"),
  },
  platform_settings: readOnly(signedIn(["settings"])),
  bookings: {
    select: byLesson(["B1", "B3", "B4"], ["B2"], ["B1", "B2", "B3", "B4"]),
    // requests go through server code only (lib/bookings/request-booking.ts, 20261201010000)
    insert: nobody,
    update: nobody,
    delete: nobody,
  },
  sessions: readOnly(byLesson(["S1", "S3"], ["S2"], ["S1", "S2", "S3"])),
  session_meeting_links: serviceOnly,
  // payout events are the tutor's (and admins'): the student and parents never see the payout
  session_events: readOnly({
    anon: "deny",
    student: ["E1"],
    tutor: ["E1", "E4"],
    parent: ["E1"],
    otherStudent: ["E2"],
    otherTutor: ["E2"],
    unrelatedParent: ["E2"],
    admin: ["E1", "E2", "E3", "E4"],
  }),
  tutor_video_provider_connections: readOnly({
    anon: "deny",
    student: "deny",
    otherStudent: "deny",
    tutor: ["C1"],
    otherTutor: ["C2"],
    parent: "deny",
    unrelatedParent: "deny",
    admin: ["C1", "C2"],
  }),
  ledger_entries: readOnly({
    anon: "deny",
    student: ["charge1"],
    otherStudent: ["charge2"],
    tutor: ["payout1"],
    otherTutor: ["payout2"],
    // a parent sees what their child is charged, never the tutor's payout or the fee
    parent: ["charge1"],
    unrelatedParent: ["charge2"],
    admin: ["charge1", "payout1", "fee1", "charge2", "payout2", "fee2"],
  }),
  tutor_video_connection_events: readOnly({
    anon: "deny",
    student: "deny",
    otherStudent: "deny",
    tutor: ["CE1"],
    otherTutor: ["CE2"],
    parent: "deny",
    unrelatedParent: "deny",
    admin: ["CE1", "CE2"],
  }),
  // the OAuth nonce and PKCE verifier: server only, in both directions
  oauth_states: serviceOnly,
  // written only by request_parent_link and the sign-up triggers; read and withdrawn only through
  // list_parent_link_requests / withdraw_parent_link_request, so a parent cannot tell an invitation
  // (no account) from a pending link (20261201003100)
  parent_link_invitations: serviceOnly,
  booking_events: readOnly(byLesson(["BE1"], ["BE2"], ["BE1", "BE2"])),
  // request counters of the rate limiter: server only
  api_rate_limits: serviceOnly,
  // the daily cap's log of requests, withdrawn ones included: server only
  parent_link_request_log: serviceOnly,
  session_meeting_instances: serviceOnly,
  session_attendance_syncs: serviceOnly,
  // cancel
  session_meeting_cleanups: serviceOnly,
  // --- ratings --- the lesson's people and admins read the row (the public reads go through
  // tutor_public_ratings / tutor_rating_summary); the rater side writes stars (the tutor's update of
  // stars is refused by the trigger), nobody deletes. The tutor's reply: tests/integration/ratings-rls.test.ts.
  session_ratings: {
    select: byLesson(["SR1"], [], ["SR1"]),
    insert: only("otherStudent", "unrelatedParent"),
    update: only("student", "parent"),
    delete: nobody,
  },
  // -- reschedule (issue 10) --
  // participants read a session's proposals; only server code writes them
  reschedule_proposals: readOnly(byLesson(["RP1"], ["RP2"], ["RP1", "RP2"])),
  session_meeting_update_retries: serviceOnly,
  // each user sees that they have a feed (never the hash); only server code writes
  calendar_feed_tokens: readOnly({
    anon: "deny",
    student: ["FT1"],
    otherStudent: ["FT2"],
    tutor: "deny",
    otherTutor: "deny",
    parent: "deny",
    unrelatedParent: "deny",
    admin: "deny",
  }),
  // --- notifications (lib/notifications): own rows only; the outbox is the admins' to read ---
  notifications: {
    select: { ...only(), student: ["N1"], otherStudent: ["N2"] },
    insert: nobody,
    update: only("student"),
    delete: nobody,
  },
  notification_outbox: readOnly({ ...only(), admin: ["OB1", "OB2"] }),
  notification_preferences: {
    select: { ...only(), student: ["student:reminders"], otherStudent: ["otherStudent:bookings"] },
    insert: only("student"),
    update: only("student"),
    delete: only("student"),
  },
  // --- marketplace (20261201010000): public face and settings, private overrides ---
  tutor_profiles: {
    select: everyone(["profile:tutor", "profile:otherTutor"]),
    insert: nobody,
    update: only("tutor"),
    delete: nobody,
  },
  tutor_booking_settings: {
    select: everyone(["settings:tutor", "settings:otherTutor"]),
    insert: nobody,
    update: only("tutor"),
    delete: nobody,
  },
  tutor_availability_overrides: {
    select: {
      anon: "deny",
      student: "deny",
      otherStudent: "deny",
      tutor: ["OV1"],
      otherTutor: ["OV2"],
      parent: "deny",
      unrelatedParent: "deny",
      admin: ["OV1", "OV2"],
    },
    insert: only("tutor"),
    // no update grant: a tutor replaces an override (delete + insert)
    update: nobody,
    delete: only("tutor"),
  },
  // -- payments (issue 11): read your own, admins everything; only server code writes --
  payment_methods: readOnly({
    ...only(),
    student: ["pm:student"],
    unrelatedParent: ["pm:unrelatedParent"],
    admin: ["pm:student", "pm:unrelatedParent"],
  }),
  payee_accounts: readOnly({ ...only(), tutor: ["pa:tutor"], otherTutor: ["pa:otherTutor"], admin: ["pa:tutor", "pa:otherTutor"] }),
  payment_attempts: readOnly({
    ...only(),
    student: ["PAT1"],
    unrelatedParent: ["PAT2"],
    tutor: ["PAT3"],
    admin: ["PAT1", "PAT2", "PAT3"],
  }),
  payment_webhook_events: readOnly({ ...only(), admin: ["WE1"] }),
  disputes: readOnly(byLesson(["D1"], ["D2"], ["D1", "D2"])),
  admin_decisions: readOnly({ ...only(), admin: ["AD1"] }),
};
