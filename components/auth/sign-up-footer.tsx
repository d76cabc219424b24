import { TextLink } from "@/components/ui/text-link";
import type { TSignUpRole } from "@/lib/auth/roles";

const OTHER_SIGN_UPS: Record<TSignUpRole, { href: string; label: string }> = {
  student: { href: "/signup", label: "a student" },
  tutor: { href: "/signup/tutor", label: "a tutor" },
  parent: { href: "/signup/parent", label: "a parent" },
};

/** The other ways in; `next` (a slot being booked) goes along to sign-in and to the other accounts that book. */
export function SignUpFooter({ role, next = null }: { role: TSignUpRole; next?: string | null }) {
  const others = (Object.keys(OTHER_SIGN_UPS) as TSignUpRole[]).filter((other) => other !== role);
  const withNext = (href: string, carries: boolean) => (next && carries ? `${href}?next=${encodeURIComponent(next)}` : href);
  return (
    <>
      <p>
        Already have an account? <TextLink href={withNext("/login", true)}>Sign in</TextLink>
      </p>
      <p>
        Signing up as someone else? Join as{" "}
        {others.map((other, index) => (
          <span key={other}>
            {index > 0 ? " or " : null}
            <TextLink href={withNext(OTHER_SIGN_UPS[other].href, other !== "tutor")}>{OTHER_SIGN_UPS[other].label}</TextLink>
          </span>
        ))}
        .
      </p>
    </>
  );
}
