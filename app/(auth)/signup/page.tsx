import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeNextPath } from "@/lib/auth/home-path";
import { redirectIfSignedIn } from "@/lib/auth/redirect-if-signed-in";
import { SignUpFooter } from "@/components/auth/sign-up-footer";

export const metadata: Metadata = { title: "Create a student account" };

/** `next`: where to go once the account exists (a tutor's slot the visitor was booking), as for sign-in. */
export default async function StudentSignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await redirectIfSignedIn();
  const { next: rawNext } = await searchParams;
  const next = safeNextPath(typeof rawNext === "string" ? rawNext : null);
  return (
    <AuthCard
      title="Create a student account"
      subtitle="Book lessons with tutors and join them from here."
      footer={<SignUpFooter role="student" next={next} />}
    >
      <SignUpForm role="student" next={next} />
    </AuthCard>
  );
}
