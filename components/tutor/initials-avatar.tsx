import { initialsOf } from "@/lib/tutors/tutor-profile-form";

/** The tutor's picture until photos exist: their initials in a circle (the name is said next to it). */
export function InitialsAvatar({ name, size = "md" }: { name: string; size?: "md" | "lg" }) {
  const dimensions = size === "lg" ? "h-16 w-16 text-xl" : "h-10 w-10 text-sm";
  return (
    <span
      aria-hidden="true"
      data-testid="initials-avatar"
      className={`inline-flex shrink-0 items-center justify-center rounded-full bg-blue-700 font-semibold text-white ${dimensions}`}
    >
      {initialsOf(name)}
    </span>
  );
}
