import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { redirectIfSignedIn } from "@/lib/auth/redirect-if-signed-in";
import { SignUpFooter } from "@/components/auth/sign-up-footer";

export const metadata: Metadata = { title: "Create a tutor account" };

export default async function TutorSignUpPage() {
  await redirectIfSignedIn();
  return (
    <AuthCard
      title="Create a tutor account"
      subtitle="Publish your availability and teach students online."
      footer={<SignUpFooter role="tutor" />}
    >
      <SignUpForm role="tutor" />
    </AuthCard>
  );
}
