import type { Sql } from "postgres";
import { POST } from "../../app/api/webhooks/zoom/route.ts";
import { createSessionAt, createTutor, readResponse, type TTestUser } from "../support/factories.ts";
import { ZOOM_FAKE_ACCOUNT_ID } from "./zoom-fake.ts";
import { zoomWebhookDelivery } from "./zoom-webhook.ts";

/**
 * Integration helpers around the Zoom webhook: a SCHEDULED session on a Zoom meeting whose
 * tutor connected the fake's Zoom account, and signed deliveries to the real route handler.
 */
let meetingCounter = 85_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;

export async function createZoomSession(
  sql: Sql,
  input: { student: { id: string }; startAt: Date; priceCents?: number; accountId?: string },
): Promise<{ sessionId: string; meetingId: string; tutor: TTestUser }> {
  const tutor = await createTutor(sql, { withVideo: false });
  await sql`
    insert into public.tutor_video_provider_connections (tutor_id, provider, status, provider_account_id, provider_tenant_id)
    values (${tutor.id}, 'zoom', 'connected', ${`zoom-user-${tutor.id}`}, ${input.accountId ?? ZOOM_FAKE_ACCOUNT_ID})
  `;
  const { sessionId } = await createSessionAt(sql, {
    tutor,
    student: input.student,
    startAt: input.startAt,
    durationMinutes: 60,
    priceCents: input.priceCents ?? 10_000,
  });
  meetingCounter += 1;
  const meetingId = String(meetingCounter);
  await sql`update public.sessions set provider = 'zoom' where id = ${sessionId}`;
  await sql`
    update public.session_meeting_links set provider = 'zoom', meeting_external_id = ${meetingId}, join_url = ${`https://us05web.zoom.us/j/${meetingId}`}
    where session_id = ${sessionId}
  `;
  return { sessionId, meetingId, tutor };
}

export async function deliverZoomWebhook(
  secret: string,
  body: unknown,
  options: { timestampSeconds?: number; signatureSecret?: string; rawBody?: string } = {},
) {
  const delivery = zoomWebhookDelivery({
    secret,
    body: options.rawBody ?? body,
    timestampSeconds: options.timestampSeconds,
    signatureSecret: options.signatureSecret,
  });
  const request = new Request("http://localhost/api/webhooks/zoom", { method: "POST", headers: delivery.headers, body: delivery.rawBody });
  return readResponse(await POST(request, undefined));
}
