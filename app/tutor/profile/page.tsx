import type { Metadata } from "next";
import { RoleNav } from "@/components/sessions/role-nav";
import { TutorProfileForm } from "@/components/tutor/tutor-profile-form";
import { TutorSubjectsEditor } from "@/components/tutor/tutor-subjects-editor";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireRole } from "@/lib/auth/require-role";
import { getDb } from "@/lib/db";
import { getTutorProfileForEditing } from "@/lib/tutors/get-tutor-profile-for-editing";
import { updateTutorProfileAction, updateTutorSubjectAction } from "./actions";

export const metadata: Metadata = { title: "Profile" };

export default async function TutorProfilePage() {
  const viewer = await requireRole("tutor");
  const profile = await getTutorProfileForEditing({ db: getDb(), viewer });
  return (
    <>
      <PageHeader
        title="Your public profile"
        subtitle="What students see when they look for a tutor: anyone can read it, so keep private details out."
        nav={<RoleNav role="tutor" current="/tutor/profile" />}
      />
      <div className="flex flex-col gap-4">
        <Card title="Name and introduction" titleId="profile-title">
          <TutorProfileForm
            profile={{ displayName: profile.displayName, headline: profile.headline, bio: profile.bio }}
            action={updateTutorProfileAction}
          />
        </Card>
        <Card title="Subjects and prices" titleId="subjects-title">
          <TutorSubjectsEditor subjects={profile.subjects} catalogue={profile.catalogue} action={updateTutorSubjectAction} />
        </Card>
      </div>
    </>
  );
}
