import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { earningsCsv } from "@/lib/payments/earnings-csv";
import { readTutorEarnings } from "@/lib/payments/read-tutor-earnings";

/** GET /api/tutor/earnings.csv: the tutor's payouts, one row per lesson (RFC 4180, formula-safe). 403 for non-tutors. */
export const GET = route({ auth: "user" }, async ({ viewer }) => {
  const now = new Date();
  const earnings = await readTutorEarnings({ db: getDb(), viewer, now });
  return new Response(earningsCsv(earnings), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="earnings-${now.toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
