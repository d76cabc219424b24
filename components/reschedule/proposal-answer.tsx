"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useApiRequest } from "@/components/ui/use-api-request";

/** Accept/Decline for the side that answers a proposal; Withdraw for the side that made it. */
export function ProposalAnswer({ proposalId, isProposer, timeZone }: { proposalId: string; isProposer: boolean; timeZone: string }) {
  const { send, isPending, error } = useApiRequest(timeZone);
  const base = `/api/reschedule-proposals/${encodeURIComponent(proposalId)}`;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {isProposer ? (
          <Button variant="secondary" disabled={isPending} onClick={() => send(`${base}/decline`, "POST")}>
            Withdraw proposal
          </Button>
        ) : (
          <>
            <Button disabled={isPending} onClick={() => send(`${base}/accept`, "POST")}>
              Accept new time
            </Button>
            <Button variant="secondary" disabled={isPending} onClick={() => send(`${base}/decline`, "POST")}>
              Decline
            </Button>
          </>
        )}
      </div>
      <Alert>{error}</Alert>
    </div>
  );
}
