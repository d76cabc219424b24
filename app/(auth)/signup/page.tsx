import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { redirectIfSignedIn } from "@/lib/auth/redirect-if-signed-in";
import { SignUpFooter } from "@/components/auth/sign-up-footer";

export const metadata: Metadata = { title: "Create a student account" };

export default async function StudentSignUpPage() {
  await redirectIfSignedIn();
  return (
    <AuthCard
      title="Create a student account"
      subtitle="Book lessons with tutors and join them from here."
      footer={<SignUpFooter role="student" />}
    >
      <SignUpForm role="student" />
    </AuthCard>
  );
}
