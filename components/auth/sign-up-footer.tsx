import { TextLink } from "@/components/ui/text-link";
import type { TSignUpRole } from "@/lib/auth/roles";

const OTHER_SIGN_UPS: Record<TSignUpRole, { href: string; label: string }> = {
  student: { href: "/signup", label: "a student" },
  tutor: { href: "/signup/tutor", label: "a tutor" },
  parent: { href: "/signup/parent", label: "a parent" },
};

export function SignUpFooter({ role }: { role: TSignUpRole }) {
  const others = (Object.keys(OTHER_SIGN_UPS) as TSignUpRole[]).filter((other) => other !== role);
  return (
    <>
      <p>
        Already have an account? <TextLink href="/login">Sign in</TextLink>
      </p>
      <p>
        Signing up as someone else? Join as{" "}
        {others.map((other, index) => (
          <span key={other}>
            {index > 0 ? " or " : null}
            <TextLink href={OTHER_SIGN_UPS[other].href}>{OTHER_SIGN_UPS[other].label}</TextLink>
          </span>
        ))}
        .
      </p>
    </>
  );
}
