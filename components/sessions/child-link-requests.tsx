"use client";

import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { TFormAction } from "@/lib/format/action-state";
import { ConfirmActionButton } from "./confirm-action-button";

export type TLinkedChildView = { studentId: string; name: string; email: string };
export type TLinkRequestView = { childEmail: string };

/**
 * "Your children": each child who approved, by name and email, with Unlink; then the
 * requests still waiting, each known only by the email asked for (whether that email
 * has an account is not the parent's to know), with Withdraw; then the form to add one.
 */
export function ChildLinkRequests({
  linkedChildren,
  requests,
  form,
  unlinkAction,
  withdrawAction,
}: {
  linkedChildren: TLinkedChildView[];
  requests: TLinkRequestView[];
  form: ReactNode;
  unlinkAction: TFormAction;
  withdrawAction: TFormAction;
}) {
  return (
    <Card title="Your children" titleId="child-links-title">
      {linkedChildren.length > 0 ? (
        <ul aria-label="Linked children" className="mb-6 flex flex-col gap-2">
          {linkedChildren.map((child) => (
            <li key={child.studentId} data-testid="linked-child" className={ROW}>
              <span className="min-w-0 text-sm text-slate-900">
                <span className="block break-words font-medium">{child.name}</span>
                <span className="block break-all text-slate-600">{child.email}</span>
              </span>
              <ConfirmActionButton
                action={unlinkAction}
                fields={{ studentId: child.studentId }}
                label="Unlink"
                ariaLabel={`Unlink ${child.name}`}
                title={`Unlink ${child.name}?`}
                description={`You will stop seeing ${child.name}'s lessons, bookings and charges. To follow them again, send a new request and ${child.name} approves it.`}
                confirmLabel="Unlink"
                pendingLabel="Unlinking…"
              />
            </li>
          ))}
        </ul>
      ) : null}
      {requests.length > 0 ? (
        <ul aria-label="Requests waiting for approval" className="mb-6 flex flex-col gap-2">
          {requests.map((request) => (
            <li key={request.childEmail} data-testid="child-link-request" className={ROW}>
              <span className="min-w-0 break-all text-sm text-slate-900">Request to {request.childEmail}</span>
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone="warning">Waiting for approval</Badge>
                <ConfirmActionButton
                  action={withdrawAction}
                  fields={{ childEmail: request.childEmail }}
                  label="Withdraw"
                  ariaLabel={`Withdraw the request to ${request.childEmail}`}
                  title="Withdraw this request?"
                  description={`${request.childEmail} will no longer be asked to approve. It still counts towards today's requests.`}
                  confirmLabel="Withdraw"
                  pendingLabel="Withdrawing…"
                />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {form}
    </Card>
  );
}

const ROW = "flex min-w-0 flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 px-3 py-2";
