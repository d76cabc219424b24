import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

export type TChildRequestView =
  | { kind: "link"; key: string; label: string; studentId: string }
  | { kind: "invitation"; key: string; label: string; childEmail: string };

/**
 * The parent's requests still waiting for a child's approval (invitations by
 * email and links to existing accounts alike), and the form to add another.
 */
export function ChildLinkRequests({
  requests,
  form,
  cancelAction,
}: {
  requests: TChildRequestView[];
  form: ReactNode;
  cancelAction: (formData: FormData) => Promise<void>;
}) {
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
              <span className="flex items-center gap-2">
                <Badge tone="warning">Waiting for approval</Badge>
                <form action={cancelAction}>
                  <input type="hidden" name="kind" value={request.kind} />
                  {request.kind === "link" ? (
                    <input type="hidden" name="studentId" value={request.studentId} />
                  ) : (
                    <input type="hidden" name="childEmail" value={request.childEmail} />
                  )}
                  <button
                    type="submit"
                    aria-label={`Withdraw the request to ${request.label}`}
                    className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 underline hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                  >
                    Withdraw
                  </button>
                </form>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {form}
    </Card>
  );
}
