"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/api/action";
import { ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import { ZAccountForm } from "@/lib/profiles/account-form";
import { updateProfile } from "@/lib/profiles/update-profile";

/** Saves the viewer's name and time zone; every page shows times in the new zone from then on. */
export const updateProfileAction = action(
  { role: ROLES, schema: ZAccountForm, name: "updateProfile", rateLimit: "write" },
  async ({ viewer, input }) => {
    const profile = await updateProfile({ db: getDb(), viewer, profile: input });
    revalidatePath("/", "layout");
    return { status: "done", message: `Saved. Times are shown in ${profile.timezone}.` };
  },
);
