import { expect, test, type Page } from "@playwright/test";
import postgres from "postgres";
import { E2E_PROVIDER_FAKES_PORT } from "../fakes/start-fakes.ts";
import { signIn } from "./support/auth-pages.ts";
import { createAccount, e2eStack } from "./support/stack.ts";

/**
 * Needs the provider fakes beside the app: Playwright's webServer must be
 * tests/fakes/serve-with-fakes.ts (or serve.ts starting startProviderFakes itself).
 */
const FAKES_URL = `http://127.0.0.1:${process.env.E2E_PROVIDER_FAKES_PORT ?? E2E_PROVIDER_FAKES_PORT}`;

test.beforeAll(async ({ request }) => {
  const health = await request.get(`${FAKES_URL}/__fake/health`).catch(() => null);
  if (!health?.ok()) {
    throw new Error(
      `The Google/Zoom fakes are not running on ${FAKES_URL}: start the app with tests/fakes/serve-with-fakes.ts (Playwright webServer).`,
    );
  }
});

async function signInAt(page: Page, path: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login\?next=/);
  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(path);
}

/** From the setup page, through the fake Google consent page, back to the setup page. */
async function connectGoogle(page: Page, linkName: string, accountEmail: string): Promise<void> {
  await page.getByRole("link", { name: linkName }).click();
  await expect(page.getByRole("heading", { name: "Sign in with Google (local fake)" })).toBeVisible();
  await page.getByLabel("Account email").fill(accountEmail);
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL("/tutor/video-setup?connected=google_meet");
}

/** A pending request from a new student to this tutor, tomorrow. */
async function pendingBooking(tutorEmail: string): Promise<string> {
  const student = await createAccount({ role: "student" });
  const sql = postgres(e2eStack().databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [subject] = await sql<{ id: string }[]>`
      insert into public.subjects (slug, name) values ('e2e-video-maths', 'Mathematics')
      on conflict (slug) do update set name = excluded.name returning id
    `;
    const [booking] = await sql<{ id: string }[]>`
      insert into public.bookings (student_id, tutor_id, subject_id, requested_by, requested_start_at, requested_end_at, price_cents)
      select s.id, t.id, ${subject?.id ?? ""}, s.id, now() + interval '1 day', now() + interval '1 day 1 hour', 15000
      from auth.users s, auth.users t where s.email = ${student.email} and t.email = ${tutorEmail}
      returning id
    `;
    if (!booking) throw new Error("no booking created");
    return booking.id;
  } finally {
    await sql.end();
  }
}

async function bookingStatus(bookingId: string): Promise<string | undefined> {
  const sql = postgres(e2eStack().databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ status: string }[]>`select status from public.bookings where id = ${bookingId}`;
    return row?.status;
  } finally {
    await sql.end();
  }
}

test("a tutor connects Google Meet through the consent page and sees it connected", async ({ page }) => {
  test.slow(); // sign-in plus a consent round trip through the fake
  const tutor = await createAccount({ role: "tutor" });
  await signInAt(page, "/tutor/video-setup", tutor);
  await expect(page.getByText("No video provider is connected yet.")).toBeVisible();
  await expect(page.getByTestId("connect-provider-message")).toBeVisible();

  await connectGoogle(page, "Connect Google Meet", tutor.email);
  await expect(page.getByRole("status")).toContainText("Google Meet is connected.");
  const connection = page.getByTestId("video-connection");
  await expect(connection).toContainText("Google Meet");
  await expect(connection).toContainText(tutor.email);
  await expect(page.getByTestId("video-status")).toHaveText("Connected");
  await expect(page.getByTestId("connect-provider-message")).toHaveCount(0);
});

test("a tutor whose connection went invalid sees Reconnect and cannot confirm a booking", async ({ page, request }) => {
  test.slow(); // two consent round trips and two confirmations
  const tutor = await createAccount({ role: "tutor" });
  await signInAt(page, "/tutor/video-setup", tutor);
  await connectGoogle(page, "Connect Google Meet", tutor.email);
  await expect(page.getByTestId("video-status")).toHaveText("Connected");

  // The tutor removes the app at Google: tokens stop working, refreshing gets invalid_grant.
  expect((await request.post(`${FAKES_URL}/__fake/google/revoke-refresh-tokens`)).ok()).toBe(true);
  const bookingId = await pendingBooking(tutor.email);

  await page.goto("/tutor/bookings");
  const card = page.locator(`[data-booking-id="${bookingId}"]`);
  await card.getByRole("button", { name: /^Confirm/ }).click();
  await expect(card.getByRole("alert")).toContainText("reconnect it on the Video setup page");
  expect(await bookingStatus(bookingId)).toBe("pending");

  await page.goto("/tutor/video-setup");
  await expect(page.getByTestId("video-status")).toHaveText("Needs reconnect");
  await expect(page.getByRole("link", { name: "Reconnect Google Meet" })).toBeVisible();
  await expect(page.getByTestId("connect-provider-message")).toBeVisible();

  // Still refused, with the message that says what to do; the booking stays pending.
  await page.goto("/tutor/bookings");
  await card.getByRole("button", { name: /^Confirm/ }).click();
  await expect(card.getByRole("alert")).toContainText(
    "connect Zoom, Google Meet or Jitsi Meet on the Video setup page before confirming bookings",
  );
  expect(await bookingStatus(bookingId)).toBe("pending");

  // Reconnecting makes the tutor whole again.
  await page.goto("/tutor/video-setup");
  await connectGoogle(page, "Reconnect Google Meet", tutor.email);
  await expect(page.getByTestId("video-status")).toHaveText("Connected");
});
