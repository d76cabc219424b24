"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { usePost } from "./use-post";

/** Accept/Decline for the side that answers a proposal; Withdraw for the side that made it. */
export function ProposalAnswer({ proposalId, isProposer, timeZone }: { proposalId: string; isProposer: boolean; timeZone: string }) {
  const { post, isPending, error } = usePost(timeZone);
  const base = `/api/reschedule-proposals/${encodeURIComponent(proposalId)}`;
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {isProposer ? (
          <Button variant="secondary" disabled={isPending} onClick={() => post(`${base}/decline`)}>
            Withdraw proposal
          </Button>
        ) : (
          <>
            <Button disabled={isPending} onClick={() => post(`${base}/accept`)}>
              Accept new time
            </Button>
            <Button variant="secondary" disabled={isPending} onClick={() => post(`${base}/decline`)}>
              Decline
            </Button>
          </>
        )}
      </div>
      <Alert>{error}</Alert>
    </div>
  );
}
