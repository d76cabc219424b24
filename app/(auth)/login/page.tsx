import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { TextLink } from "@/components/ui/text-link";
import { safeNextPath } from "@/lib/auth/home-path";
import { redirectIfSignedIn } from "@/lib/auth/redirect-if-signed-in";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await redirectIfSignedIn();
  const { next: rawNext, email } = await searchParams;
  const next = safeNextPath(typeof rawNext === "string" ? rawNext : null);
  const withNext = (href: string) => (next ? `${href}?next=${encodeURIComponent(next)}` : href);
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Sign in to see your sessions."
      footer={
        <>
          <p>
            New here? <TextLink href={withNext("/signup")}>Create a student account</TextLink>
          </p>
          <p>
            Or sign up as a <TextLink href="/signup/tutor">tutor</TextLink> or a{" "}
            <TextLink href={withNext("/signup/parent")}>parent</TextLink>.
          </p>
        </>
      }
    >
      <LoginForm next={next} email={typeof email === "string" ? email.slice(0, 320) : undefined} />
    </AuthCard>
  );
}
