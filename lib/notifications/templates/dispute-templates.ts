import type { TNotificationDataMap } from "../notification-data";
import { bookingPath, lessonName, lessonTime, type TTemplateContent, type TTemplateContext } from "./template-context";

type T<K extends keyof TNotificationDataMap> = (data: TNotificationDataMap[K], context: TTemplateContext) => TTemplateContent;

export const disputeOpened: T<"dispute_opened"> = (d, c) => ({
  title: `Dispute opened: ${lessonName(d, c.role)}`,
  lines: [`A dispute was opened about the lesson of ${lessonTime(d, c.timeZone)}. The payout stays held until it is resolved.`],
  path: bookingPath(d, c.role),
  action: "See the dispute",
});

export const disputeAnswered: T<"dispute_answered"> = (d, c) => ({
  title: `Dispute answered: ${lessonName(d, c.role)}`,
  lines: [`The dispute about the lesson of ${lessonTime(d, c.timeZone)} has an answer.`],
  path: bookingPath(d, c.role),
  action: "See the dispute",
});

export const disputeResolved: T<"dispute_resolved"> = (d, c) => ({
  title: `Dispute resolved: ${lessonName(d, c.role)}`,
  lines: [`The dispute about the lesson of ${lessonTime(d, c.timeZone)} is resolved: ${d.outcome}.`],
  path: bookingPath(d, c.role),
  action: "See the outcome",
});
