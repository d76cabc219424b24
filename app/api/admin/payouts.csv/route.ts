import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listManualPayouts } from "@/lib/payments/list-manual-payouts";

/** GET /api/admin/payouts.csv: the manual provider's payouts due by hand (manual_due transfers). 403 for non-admins. */
export const GET = route({ auth: "user" }, async ({ viewer }) => {
  const csv = await listManualPayouts({ db: getDb(), viewer });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="payouts-due-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
