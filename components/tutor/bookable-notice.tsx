import { ButtonLink } from "@/components/ui/button";

/** Shown when students can't book the tutor at all, with the reason and where to fix it. */
export function BookableNotice({ isBookable, reason }: { isBookable: boolean; reason: string | null }) {
  if (isBookable) return null;
  return (
    <div
      role="status"
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-3 text-sm text-amber-900"
      data-testid="not-bookable"
    >
      <p className="font-semibold">Students can&apos;t book you yet.</p>
      <p>{reason}</p>
      <div>
        <ButtonLink href="/tutor/video-setup">Go to video setup</ButtonLink>
      </div>
    </div>
  );
}
