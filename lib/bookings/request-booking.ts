import "server-only";
import { AppError } from "@/lib/api/errors";
import type { TAppViewer } from "@/lib/auth/get-viewer";
import type { Db } from "@/lib/db";
import type { TRequestBooking, TRequestedBooking } from "./request-booking-schema";

// TEMPORARY placeholder so the browse branch builds: booking-core owns the real request-booking.ts; the lead drops this file.
export async function requestBooking(options: {
  db: Db;
  viewer: TAppViewer;
  input: TRequestBooking;
  now: Date;
}): Promise<TRequestedBooking> {
  void options;
  throw new AppError("internal", "not merged yet");
}
