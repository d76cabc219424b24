"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/api/action";
import { getDb } from "@/lib/db";
import { ZTutorProfileForm, ZTutorSubjectForm } from "@/lib/tutors/tutor-profile-form";
import { updateTutorProfile } from "@/lib/tutors/update-tutor-profile";
import { updateTutorSubjects } from "@/lib/tutors/update-tutor-subjects";

/** Saves the tutor's public name, headline and bio. */
export const updateTutorProfileAction = action(
  { role: "tutor", schema: ZTutorProfileForm, name: "updateTutorProfile", rateLimit: "write" },
  async ({ viewer, input }) => {
    await updateTutorProfile({ db: getDb(), viewer, profile: input });
    revalidatePath("/tutor/profile");
    return { status: "done", message: "Saved. Students see your profile as shown here." };
  },
);

/** Adds a subject, changes its hourly price, or removes it. */
export const updateTutorSubjectAction = action(
  { role: "tutor", schema: ZTutorSubjectForm, name: "updateTutorSubjects", rateLimit: "write" },
  async ({ viewer, input }) => {
    const { subjectName } = await updateTutorSubjects({ db: getDb(), viewer, change: input });
    revalidatePath("/tutor/profile");
    return { status: "done", message: input.intent === "remove" ? `${subjectName} removed.` : `${subjectName} saved.` };
  },
);
