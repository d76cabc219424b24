import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/api/handler";
import { getDb } from "@/lib/db";
import { listSessionsForViewer } from "@/lib/sessions";
import { sessionListJson } from "./session-json";

const ZListSessionsQuery = z.object({ scope: z.enum(["all", "upcoming", "past"]).default("all") });

/** GET /api/sessions[?scope=upcoming|past] → the viewer's sessions, the data of the sessions page. */
export const GET = route({ auth: "user" }, async ({ request, viewer }) => {
  const { scope } = ZListSessionsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listSessionsForViewer({ db: getDb(), viewer, now: new Date() });
  // Per-viewer data: no shared cache may keep it.
  return NextResponse.json(sessionListJson(list, viewer.role, scope), { headers: { "Cache-Control": "no-store" } });
});
