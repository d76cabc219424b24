import { z } from "zod";

/** The app's roles, as stored in `public.profiles.role`. */
export const ROLES = ["student", "tutor", "parent", "admin"] as const;

export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** Roles a person may choose at sign-up; admins are appointed, never self-registered. */
export const SIGN_UP_ROLES = ["student", "tutor", "parent"] as const satisfies readonly TRole[];
export type TSignUpRole = (typeof SIGN_UP_ROLES)[number];
