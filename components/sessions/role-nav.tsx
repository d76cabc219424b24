import Link from "next/link";
import type { TRole } from "@/lib/auth/roles";

type TNavLink = { href: string; label: string };

const LINKS: Record<TRole, TNavLink[]> = {
  student: [
    { href: "/student/sessions", label: "My sessions" },
    { href: "/tutors", label: "Find a tutor" },
    { href: "/student/payments", label: "Payments" },
  ],
  tutor: [
    { href: "/tutor/sessions", label: "My sessions" },
    { href: "/tutor/bookings", label: "Booking requests" },
    { href: "/tutor/calendar", label: "Calendar" },
    { href: "/tutor/availability", label: "Availability" },
    { href: "/tutor/profile", label: "Profile" },
    { href: "/tutor/video-setup", label: "Video setup" },
    { href: "/tutor/earnings", label: "Earnings" },
  ],
  parent: [
    { href: "/parent/sessions", label: "Sessions" },
    { href: "/tutors", label: "Find a tutor" },
    { href: "/parent/payments", label: "Payments" },
  ],
  admin: [
    { href: "/admin", label: "Overview" },
    { href: "/admin/disputes", label: "Disputes" },
    { href: "/admin/early-ends", label: "Early ends" },
    { href: "/admin/payments", label: "Payments" },
  ],
};

/** The role's own pages; the current one is marked for assistive technology. */
export function RoleNav({ role, current }: { role: TRole; current: string }) {
  const links = LINKS[role];
  if (links.length < 2) return null;
  return (
    <nav aria-label="Sections" className="-mx-1 flex flex-wrap gap-1">
      {links.map((link) => {
        const isCurrent = link.href === current;
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={isCurrent ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${
              isCurrent ? "bg-blue-50 text-blue-900" : "text-slate-700 hover:bg-slate-100"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
