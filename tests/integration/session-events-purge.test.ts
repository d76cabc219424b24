import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeUnmatchedProviderEvents } from "@/lib/jobs/purge-unmatched-provider-events";
import { testDb } from "../support/db";
import { cancelScheduledSessions, createSessionAt, createTutor, createUser } from "../support/factories";

/**
 * Provider events that matched no session keep their idempotency key, but their personal
 * data (participant name, email) is dropped after 30 days; session_events stays append-only
 * for everything else.
 */
let sql: Sql;
let tutorId: string;
let sessionId: string;
const key = `purge-test-${Date.now()}`;

const participantPayload = (meetingId: string) => ({
  meeting_id: meetingId,
  meeting_uuid: "u-1",
  participant: { role: null, name: "Stranger Name", email: "stranger@example.test", join_time: "2026-10-01T10:00:00Z" },
});

async function insertEvent(input: { sessionId: string | null; suffix: string; daysAgo: number }): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.session_events (session_id, type, actor_role, payload, provider_event_id, at)
    values (${input.sessionId}, 'zoom.meeting.participant_joined', 'provider', ${sql.json(participantPayload(input.suffix))},
            ${`${key}:${input.suffix}`}, now() - make_interval(days => ${input.daysAgo}))
    returning id::text
  `;
  return row?.id ?? "";
}

async function payloadOf(id: string) {
  const [row] = await sql<{ payload: Record<string, unknown>; provider_event_id: string }[]>`
    select payload, provider_event_id from public.session_events where id = ${id}
  `;
  return row;
}

beforeAll(async () => {
  sql = testDb();
  const tutor = await createTutor(sql);
  tutorId = tutor.id;
  const student = await createUser(sql, { role: "student" });
  ({ sessionId } = await createSessionAt(sql, { tutor, student, startAt: new Date("2093-03-01T10:00:00Z") }));
});

afterAll(async () => {
  await cancelScheduledSessions(sql, [tutorId]);
  await sql.end();
});

describe("purging unmatched provider events' personal data", () => {
  it("redacts unmatched events older than 30 days only, keeps their key, and is idempotent", async () => {
    const old = await insertEvent({ sessionId: null, suffix: "old", daysAgo: 31 });
    const young = await insertEvent({ sessionId: null, suffix: "young", daysAgo: 29 });
    const matched = await insertEvent({ sessionId, suffix: "matched", daysAgo: 31 });

    expect(await purgeUnmatchedProviderEvents({ db: sql })).toBeGreaterThanOrEqual(1);
    expect(await payloadOf(old)).toEqual({
      provider_event_id: `${key}:old`,
      payload: {
        meeting_id: "old",
        meeting_uuid: "u-1",
        participant: { role: null, join_time: "2026-10-01T10:00:00Z" },
        personal_data_purged: true,
      },
    });
    expect((await payloadOf(young))?.payload).toEqual(participantPayload("young"));
    expect((await payloadOf(matched))?.payload).toEqual(participantPayload("matched"));

    const again = await payloadOf(old);
    await purgeUnmatchedProviderEvents({ db: sql });
    expect(await payloadOf(old)).toEqual(again);
  });

  it("the append-only trigger still refuses every other change", async () => {
    const old = await insertEvent({ sessionId: null, suffix: "old-2", daysAgo: 40 });
    const young = await insertEvent({ sessionId: null, suffix: "young-2", daysAgo: 1 });
    const matched = await insertEvent({ sessionId, suffix: "matched-2", daysAgo: 40 });
    const redacted = sql`public.redact_provider_event_payload(payload)`;
    const refused = [
      sql`delete from public.session_events where id = ${old}`,
      sql`update public.session_events set type = 'zoom.meeting.started' where id = ${old}`,
      sql`update public.session_events set payload = '{}'::jsonb where id = ${old}`,
      sql`update public.session_events set payload = ${redacted}, at = now() where id = ${old}`,
      sql`update public.session_events set payload = ${redacted} where id = ${young}`,
      sql`update public.session_events set payload = ${redacted} where id = ${matched}`,
      sql`update public.session_events set session_id = ${sessionId} where id = ${old}`,
    ];
    for (const statement of refused) await expect(statement).rejects.toThrow(/append-only/);
    await purgeUnmatchedProviderEvents({ db: sql });
    await expect(sql`update public.session_events set payload = ${redacted} where id = ${old}`).rejects.toThrow(/append-only/);
  });

  it("browser roles cannot run the purge", async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx`set local role authenticated`;
        await tx`select public.purge_unmatched_provider_events()`;
      }),
    ).rejects.toThrow(/permission denied/);
  });
});
