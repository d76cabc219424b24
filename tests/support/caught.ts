import { AppError } from "@/lib/api/errors";

/** The AppError a call is refused with (a test fails if it resolves, or throws anything else). */
export async function caught(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}
