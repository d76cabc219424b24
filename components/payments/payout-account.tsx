import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { TFormAction } from "@/lib/format/action-state";
import { ActionButtonForm } from "./action-button-form";

const NOTICES: Record<string, { tone: "success" | "info" | "error"; text: string }> = {
  ready: { tone: "success", text: "Payouts are set up. Released earnings are on their way to you." },
  pending: { tone: "info", text: "The payment provider still needs some details before it can pay you. Continue setting up below." },
  expired: { tone: "info", text: "That setup link expired. Open a new one below." },
};

/** The tutor's payout account: set up through the provider's hosted onboarding, or paid by hand (manual). */
export function PayoutAccount({
  account,
  isManual,
  notice,
  action,
}: {
  account: { payoutsEnabled: boolean; detailsSubmitted: boolean } | null;
  isManual: boolean;
  notice?: string;
  action: TFormAction;
}) {
  const message = notice ? NOTICES[notice] : undefined;
  return (
    <Card title="Payouts" titleId="payouts">
      <div className="flex flex-col gap-3">
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
        {isManual ? (
          <p className="text-sm text-slate-700">The platform pays released earnings to you by bank transfer.</p>
        ) : account?.payoutsEnabled ? (
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="payouts-enabled">
            <Badge tone="success">Payouts on</Badge> Released earnings are sent to your payout account.
          </p>
        ) : (
          <>
            <p className="text-sm text-slate-700">
              {account
                ? "Finish setting up payouts to receive your released earnings; they wait for you meanwhile."
                : "Set up payouts on our payment provider's secure page to receive your earnings. Released earnings wait for you until then."}
            </p>
            <ActionButtonForm
              action={action}
              fields={{}}
              label={account ? "Continue setting up payouts" : "Set up payouts"}
              pendingLabel="Opening the secure page…"
              testId="set-up-payouts"
            />
          </>
        )}
      </div>
    </Card>
  );
}
