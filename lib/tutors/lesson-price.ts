/**
 * A lesson's price from the tutor's hourly price, in integer cents, half-up (README: "Booking rules").
 * Client-safe: the profile page shows it before the request, the request fixes it on the server.
 */
export function lessonPriceCents(hourlyPriceCents: number, durationMinutes: number): number {
  return Math.floor((hourlyPriceCents * durationMinutes + 30) / 60);
}
