import type { TNotificationDataMap } from "../notification-data";
import { bookingPath, capitalize, lessonName, lessonTime, whose, type TTemplateContent, type TTemplateContext } from "./template-context";

type T<K extends keyof TNotificationDataMap> = (data: TNotificationDataMap[K], context: TTemplateContext) => TTemplateContent;

export const reminder24h: T<"reminder_24h"> = (d, c) => ({
  title: `Tomorrow: ${lessonName(d, c.role)}`,
  lines: [
    `${capitalize(whose(d, c.role))} lesson starts ${lessonTime(d, c.timeZone)}.`,
    "The join button opens 5 minutes before the start.",
  ],
  path: bookingPath(d, c.role),
  action: "See the lesson",
});

export const reminder15m: T<"reminder_15m"> = (d, c) => ({
  title: `In 15 minutes: ${lessonName(d, c.role)}`,
  lines: [`${capitalize(whose(d, c.role))} lesson starts ${lessonTime(d, c.timeZone)}.`, "You can join from 5 minutes before the start."],
  path: bookingPath(d, c.role),
  action: "Go to the lesson",
});

export const sessionJoined: T<"session_joined"> = (d, c) => {
  const who = d.joined_role === "tutor" ? `${d.tutor_name} (the tutor)` : `${d.student_name} (the student)`;
  return {
    title: `${d.joined_role === "tutor" ? d.tutor_name : d.student_name} has joined: ${lessonName(d, c.role)}`,
    lines: [`${who} joined the lesson that started ${lessonTime(d, c.timeZone)}.`],
    path: bookingPath(d, c.role),
    action: "Join now",
  };
};

export const ratingRequested: T<"rating_requested"> = (d, c) => ({
  title: `How was ${lessonName(d, c.role)}?`,
  // The first line is the in-app body, which the charge job writes in SQL (lib/sessions/charge-due-sessions.ts): no time in it.
  lines: [`Rate ${whose(d, c.role)} lesson from 1 to 5; it helps other students choose.`, `The lesson: ${lessonTime(d, c.timeZone)}.`],
  path: bookingPath(d, c.role),
  action: "Rate the lesson",
});
