import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { redirectIfSignedIn } from "@/lib/auth/redirect-if-signed-in";
import { SignUpFooter } from "@/components/auth/sign-up-footer";

export const metadata: Metadata = { title: "Create a parent account" };

export default async function ParentSignUpPage() {
  await redirectIfSignedIn();
  return (
    <AuthCard title="Create a parent account" subtitle="Follow your child's lessons and bookings." footer={<SignUpFooter role="parent" />}>
      <SignUpForm role="parent" />
    </AuthCard>
  );
}
