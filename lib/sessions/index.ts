import "server-only";

/**
 * The sessions service's public surface: what routes, server actions, pages and other
 * domains may call. Everything else in lib/sessions is internal (the lint rule in
 * eslint.config.mjs refuses deep imports from outside). Pure rules, statuses and event
 * names that client components need come from "@/lib/sessions/shared".
 */
export { createSessionForBooking } from "./create-session-for-booking";
export { joinSession, type TJoinRole } from "./join-session";
export { markNoShow } from "./mark-no-show";
export { recordAttendance, type TAttendanceFact, type TAttendanceOutcome, type TAttendee } from "./record-attendance";
export { processDueCharges, type TChargeRunResult } from "./process-due-charges";
export { recordSessionEvent, type TSessionEventActor, type TSessionEventInput } from "./record-session-event";
export { readVisibleSession, type TSessionRelation } from "./read-visible-session";
export { getSessionDetail, type TSessionDetailView } from "./get-session-detail";
export type { TSessionDetail, TSessionRuleTimes } from "./session-detail";
export type { TAuditEvent } from "./read-session-audit-trail";
export type { TLedgerLine } from "./read-session-ledger";
export { listSessionsForViewer, type TSessionList } from "./list-sessions-for-viewer";
export type { TPayoutState, TSessionAmount, TSessionSplitBps, TSessionSummary } from "./session-summary";
export { viewerTimeZone } from "./viewer-time-zone";
export type { TSessionRow } from "./session-row";
export * from "./shared";
// The session read model, for other domains' lists of sessions (lib/admin).
export { sessionSummaryColumns, sessionSummaryFrom, toSessionSummary, type TSessionListRow } from "./session-summary";
