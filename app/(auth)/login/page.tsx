import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { TextLink } from "@/components/ui/text-link";
import { safeNextPath } from "@/lib/auth/home-path";
import { redirectIfSignedIn } from "@/lib/auth/redirect-if-signed-in";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await redirectIfSignedIn();
  const { next, email } = await searchParams;
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Sign in to see your sessions."
      footer={
        <>
          <p>
            New here? <TextLink href="/signup">Create a student account</TextLink>
          </p>
          <p>
            Or sign up as a <TextLink href="/signup/tutor">tutor</TextLink> or a <TextLink href="/signup/parent">parent</TextLink>.
          </p>
        </>
      }
    >
      <LoginForm
        next={safeNextPath(typeof next === "string" ? next : null)}
        email={typeof email === "string" ? email.slice(0, 320) : undefined}
      />
    </AuthCard>
  );
}
