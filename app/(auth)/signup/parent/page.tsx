import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeNextPath } from "@/lib/auth/home-path";
import { redirectIfSignedIn } from "@/lib/auth/redirect-if-signed-in";
import { SignUpFooter } from "@/components/auth/sign-up-footer";

export const metadata: Metadata = { title: "Create a parent account" };

/** `next`: where to go once the account exists (a tutor's slot the visitor was booking), as for sign-in. */
export default async function ParentSignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await redirectIfSignedIn();
  const { next: rawNext } = await searchParams;
  const next = safeNextPath(typeof rawNext === "string" ? rawNext : null);
  return (
    <AuthCard
      title="Create a parent account"
      subtitle="Follow your child's lessons and bookings."
      footer={<SignUpFooter role="parent" next={next} />}
    >
      <SignUpForm role="parent" next={next} />
    </AuthCard>
  );
}
