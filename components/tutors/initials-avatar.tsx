/** A round avatar with the person's initials (no photos yet); decorative, the name is always beside it. */
export function InitialsAvatar({ name, size = "md" }: { name: string; size?: "md" | "lg" }) {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]!.toUpperCase())
      .join("") || "?";
  const sizes = size === "lg" ? "h-16 w-16 text-xl" : "h-12 w-12 text-base";
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-full bg-blue-100 font-semibold text-blue-900 ${sizes}`}
    >
      {initials}
    </span>
  );
}
