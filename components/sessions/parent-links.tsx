"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { IDLE_ACTION_STATE, type TFormAction } from "@/lib/format/action-state";
import { ConfirmActionButton } from "./confirm-action-button";

export type TParentLinkView = { parentId: string; parentName: string; isApproved: boolean };

/**
 * Parents who asked to follow the student's sessions (Approve / Decline) and
 * those who already do (Remove access, behind a confirmation). Nothing is shared before Approve.
 */
export function ParentLinks({
  links,
  approveAction,
  removeAction,
}: {
  links: TParentLinkView[];
  approveAction: TFormAction;
  removeAction: TFormAction;
}) {
  if (links.length === 0) return null;
  return (
    <section aria-labelledby="parent-links-title" className="mb-8 rounded-xl border border-blue-200 bg-blue-50 p-4">
      <h2 id="parent-links-title" className="text-lg font-semibold text-slate-900">
        Parents
      </h2>
      <ul className="mt-3 flex flex-col gap-3">
        {links.map((link) => (
          <ParentLinkRow
            key={`${link.parentId}:${link.isApproved}`}
            link={link}
            approveAction={approveAction}
            removeAction={removeAction}
          />
        ))}
      </ul>
    </section>
  );
}

function ParentLinkRow({
  link,
  approveAction,
  removeAction,
}: {
  link: TParentLinkView;
  approveAction: TFormAction;
  removeAction: TFormAction;
}) {
  const [approveState, approve, isApproving] = useActionState(approveAction, IDLE_ACTION_STATE);
  const [removeState, remove, isRemoving] = useActionState(removeAction, IDLE_ACTION_STATE);
  const isPending = isApproving || isRemoving;
  const failure = [approveState, removeState].find((state) => state.status === "error");
  return (
    <li className="flex flex-col gap-2 rounded-lg bg-white p-3 shadow-sm" data-testid="parent-link">
      <p className="min-w-0 break-words text-sm text-slate-900">
        {link.isApproved ? (
          <>
            <strong>{link.parentName}</strong> can see your sessions.
          </>
        ) : (
          <>
            <strong>{link.parentName}</strong> wants to see your sessions.
          </>
        )}
      </p>
      <div className="flex flex-wrap gap-2">
        {link.isApproved ? null : (
          <form action={approve}>
            <input type="hidden" name="parentId" value={link.parentId} />
            <Button type="submit" disabled={isPending} aria-label={`Approve ${link.parentName}`}>
              {isApproving ? "Approving…" : "Approve"}
            </Button>
          </form>
        )}
        {link.isApproved ? (
          <ConfirmActionButton
            action={removeAction}
            fields={{ parentId: link.parentId }}
            label="Remove access"
            ariaLabel={`Remove access for ${link.parentName}`}
            title={`Remove access for ${link.parentName}?`}
            description={`${link.parentName} will stop seeing your sessions, bookings and charges at once. To share them again, they have to send a new request and you approve it.`}
            confirmLabel="Remove access"
            pendingLabel="Removing…"
            testId="remove-parent-access"
          />
        ) : (
          <form action={remove}>
            <input type="hidden" name="parentId" value={link.parentId} />
            <Button type="submit" variant="secondary" disabled={isPending} aria-label={`Decline ${link.parentName}`}>
              {isRemoving ? "Saving…" : "Decline"}
            </Button>
          </form>
        )}
      </div>
      <Alert>{failure?.status === "error" ? failure.message : null}</Alert>
    </li>
  );
}
