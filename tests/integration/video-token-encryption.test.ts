import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import type { Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as googleCallbackGET } from "@/app/api/auth/google/callback/route";
import { GET as googleConnectGET } from "@/app/api/auth/google/connect/route";
import { GET as zoomCallbackGET } from "@/app/api/auth/zoom/callback/route";
import { GET as zoomConnectGET } from "@/app/api/auth/zoom/connect/route";
import { AppError } from "@/lib/api/errors";
import { rotateTokenKeys } from "@/lib/crypto/rotate-token-keys";
import { openToken, sealToken, TokenDecryptionError, tokenContext } from "@/lib/crypto/token-cipher";
import { parseTokenKeys, type TTokenKeyring } from "@/lib/crypto/token-keys";
import { asUser } from "@/lib/db";
import { getTutorVideoProvider } from "@/lib/video/get-tutor-video-provider";
import { connectThroughFake } from "../fakes/oauth-driver";
import { startProviderFakes, type TProviderFakes } from "../fakes/start-fakes";
import { testDb } from "../support/db";
import { createTutor, createUser, signIn, type TTestUser } from "../support/factories";

const run = promisify(execFile);

let sql: Sql;
let fakes: TProviderFakes;
let appUrl: string;
let envKeys: string;
let envKeyring: TTokenKeyring;
const googleTutors: TTestUser[] = [];
const zoomTutors: TTestUser[] = [];

type TTokenRow = {
  id: string;
  tutor_id: string;
  token_key_id: string | null;
  access_token_encrypted: string;
  refresh_token_encrypted: string;
};

async function tokenRows(): Promise<TTokenRow[]> {
  return sql<TTokenRow[]>`
    select id, tutor_id, token_key_id, access_token_encrypted, refresh_token_encrypted
    from public.tutor_video_provider_connections where access_token_encrypted is not null order by id
  `;
}

function plaintexts(keyring: TTokenKeyring, rows: TTokenRow[]): Map<string, [string, string]> {
  return new Map(
    rows.map((row) => [
      row.id,
      [
        openToken(keyring, row.access_token_encrypted, tokenContext("connection", row.id, "access_token")),
        openToken(keyring, row.refresh_token_encrypted, tokenContext("connection", row.id, "refresh_token")),
      ],
    ]),
  );
}

beforeAll(async () => {
  sql = testDb();
  fakes = await startProviderFakes();
  Object.assign(process.env, fakes.env);
  appUrl = process.env.APP_URL ?? "";
  envKeys = process.env.TOKEN_ENCRYPTION_KEY ?? "";
  envKeyring = parseTokenKeys(envKeys);
  for (let index = 0; index < 3; index += 1) {
    const google = await createTutor(sql, { withVideo: false });
    const zoom = await createTutor(sql, { withVideo: false });
    await connectThroughFake({
      appUrl,
      connect: googleConnectGET,
      callback: googleCallbackGET,
      approve: (url) => fakes.google.approve(url),
      token: await signIn(google),
      connectPath: "/api/auth/google/connect",
    });
    await connectThroughFake({
      appUrl,
      connect: zoomConnectGET,
      callback: zoomCallbackGET,
      approve: (url) => fakes.zoom.approve(url),
      token: await signIn(zoom),
      connectPath: "/api/auth/zoom/connect",
    });
    googleTutors.push(google);
    zoomTutors.push(zoom);
  }
});

afterAll(async () => {
  await fakes.stop();
  await sql.end();
});

describe("provider tokens at rest", () => {
  it("a dump of the connections table contains no plaintext token", async () => {
    const dump = (await sql<{ row: string }[]>`select t::text as row from public.tutor_video_provider_connections t`)
      .map((r) => r.row)
      .join("\n");
    const issued = [
      ...fakes.google.state.accessTokens.keys(),
      ...fakes.google.state.refreshTokens.keys(),
      ...fakes.zoom.state.accessTokens.keys(),
      ...fakes.zoom.state.refreshTokens.keys(),
    ];
    expect(issued.length).toBeGreaterThanOrEqual(12);
    for (const token of issued) expect(dump).not.toContain(token);
    // …and the ciphertexts do open to exactly those tokens.
    const opened = [...plaintexts(envKeyring, await tokenRows()).values()].flat();
    expect(issued.filter((token) => opened.includes(token)).length).toBeGreaterThanOrEqual(12);
  });

  it("no browser role can read a token column, not even the tutor's own", async () => {
    const tutor = googleTutors[0];
    if (!tutor) throw new Error("no tutor");
    await expect(
      asUser(sql, tutor.viewer, (tx) => tx`select access_token_encrypted from public.tutor_video_provider_connections`),
    ).rejects.toMatchObject({
      code: "42501",
    });
    await expect(asUser(sql, tutor.viewer, (tx) => tx`select * from public.tutor_video_provider_connections`)).rejects.toMatchObject({
      code: "42501",
    });
    const own = await asUser(sql, tutor.viewer, (tx) => tx`select provider, status from public.tutor_video_provider_connections`);
    expect(own).toEqual([{ provider: "google_meet", status: "connected" }]);
    const student = await createUser(sql, { role: "student" });
    expect(await asUser(sql, student.viewer, (tx) => tx`select id from public.tutor_video_provider_connections`)).toEqual([]);
    await expect(asUser(sql, student.viewer, (tx) => tx`select id from public.oauth_states`)).rejects.toMatchObject({ code: "42501" });
  });

  it("a ciphertext tampered in the database is refused, and the connection is not silently invalidated", async () => {
    const tutor = googleTutors[2];
    if (!tutor) throw new Error("no tutor");
    const [row] = await sql<TTokenRow[]>`
      select id, tutor_id, token_key_id, access_token_encrypted, refresh_token_encrypted
      from public.tutor_video_provider_connections where tutor_id = ${tutor.id} and status = 'connected'
    `;
    if (!row) throw new Error("no row");
    const parts = row.access_token_encrypted.split(":");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 0xff;
    parts[3] = body.toString("base64url");
    await sql`update public.tutor_video_provider_connections set access_token_encrypted = ${parts.join(":")} where id = ${row.id}`;
    try {
      const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
      const error = await provider
        .createMeeting({ sessionKey: "tampered", topic: "x", startAt: new Date(), durationMinutes: 30, timezone: "UTC" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "misconfigured" });
      const [after] = await sql<{ status: string }[]>`select status from public.tutor_video_provider_connections where id = ${row.id}`;
      expect(after?.status).toBe("connected");
    } finally {
      await sql`update public.tutor_video_provider_connections set access_token_encrypted = ${row.access_token_encrypted} where id = ${row.id}`;
    }
  });

  it("a row sealed under a key id that is not configured cannot be opened", async () => {
    const [row] = await tokenRows();
    if (!row) throw new Error("no row");
    const foreign = parseTokenKeys(randomBytes(32).toString("base64"));
    expect(() => openToken(foreign, row.access_token_encrypted, tokenContext("connection", row.id, "access_token"))).toThrow(
      TokenDecryptionError,
    );
    const sealedByForeign = sealToken(foreign, "ya29.secret", tokenContext("connection", row.id, "access_token"));
    expect(() => openToken(envKeyring, sealedByForeign, tokenContext("connection", row.id, "access_token"))).toThrow(
      /not in TOKEN_ENCRYPTION_KEY/,
    );
  });

  it("rotation re-encrypts every row with the new key; the npm script rotates back", async () => {
    const before = await tokenRows();
    expect(before.length).toBeGreaterThanOrEqual(6);
    expect(new Set(before.map((row) => row.token_key_id))).toEqual(new Set([envKeyring.current.id]));
    const original = plaintexts(envKeyring, before);

    const newKey = `2026-rotated:${randomBytes(32).toString("base64")}`;
    const rotated = parseTokenKeys(`${newKey},${envKeys}`);
    const report = await rotateTokenKeys({ db: sql, keyring: rotated });
    expect(report.connections).toBe(before.length);
    const after = await tokenRows();
    expect(after.every((row) => row.token_key_id === "2026-rotated" && row.access_token_encrypted.startsWith("v1:2026-rotated:"))).toBe(
      true,
    );
    // Readable with the new key alone: the old key could now be removed.
    expect(plaintexts(parseTokenKeys(newKey), after)).toEqual(original);
    expect((await rotateTokenKeys({ db: sql, keyring: rotated })).connections).toBe(0);

    const script = await run(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/rotate-token-key.ts"], {
      env: { ...process.env, TOKEN_ENCRYPTION_KEY: `${envKeys},${newKey}` },
    });
    expect(script.stdout).toContain(`Re-encrypted ${before.length} connection(s)`);
    const back = await tokenRows();
    expect(back.every((row) => row.token_key_id === envKeyring.current.id)).toBe(true);
    expect(plaintexts(envKeyring, back)).toEqual(original);

    // The app, configured with its usual key, works on the rotated-back rows.
    const tutor = zoomTutors[0];
    if (!tutor) throw new Error("no tutor");
    const { provider } = await getTutorVideoProvider({ db: sql, tutorId: tutor.id, now: new Date() });
    const meeting = await provider.createMeeting({
      sessionKey: "after-rotation",
      topic: "x",
      startAt: new Date(),
      durationMinutes: 30,
      timezone: "UTC",
    });
    expect(meeting.joinUrl).toMatch(/^https:\/\//);
  }, 120_000);
});
