/**
 * The part of the sessions service that is pure and safe in client components: the rule
 * math (README "Session rules"), the display status and the audit-trail event names.
 */
export * from "./rules";
export * from "./display-status";
export * from "./session-events";
export { toCents } from "./session-row";
