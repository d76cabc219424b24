import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

export type TChildRequestView = { key: string; label: string };

/**
 * The parent's requests still waiting for a child's approval (invitations by
 * email and links to existing accounts alike), and the form to add another.
 */
export function ChildLinkRequests({ requests, form }: { requests: TChildRequestView[]; form: ReactNode }) {
  return (
    <Card title="Your children" titleId="child-links-title">
      {requests.length > 0 ? (
        <ul aria-label="Requests waiting for approval" className="mb-6 flex flex-col gap-2">
          {requests.map((request) => (
            <li
              key={request.key}
              data-testid="child-link-request"
              className="flex min-w-0 flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 px-3 py-2"
            >
              <span className="min-w-0 break-all text-sm text-slate-900">{request.label}</span>
              <Badge tone="warning">Waiting for approval</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      {form}
    </Card>
  );
}
