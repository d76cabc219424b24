import type { TErrorCode } from "@/lib/api/errors";

/** What a server action hands back to its form (useActionState). Safe to import in client components. */
export type TActionState =
  { status: "idle" } | { status: "error"; code: TErrorCode; message: string } | { status: "done"; message: string };

export const IDLE_ACTION_STATE: TActionState = { status: "idle" };

/** A server action as useActionState takes it. */
export type TFormAction = (previous: TActionState, formData: FormData) => Promise<TActionState>;
