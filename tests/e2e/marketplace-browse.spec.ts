import { expect, test } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { expectNoHorizontalScroll } from "./support/auth-pages.ts";
import { fillSignUp, signIn } from "./support/auth-pages.ts";
import { person } from "./support/people.ts";
import { giveSavedCard } from "./support/payments.ts";
import { e2eStack, uniqueEmail } from "./support/stack.ts";

/**
 * The public marketplace (issue 9): an anonymous visitor in Kolkata finds a Port of Spain tutor by text and
 * by subject, opens the profile, sees the open slots in their own zone (the tutor's beside them), picks one,
 * is sent to sign in and comes back to the same slot, ready to book; the zone-switch banner; a new visitor
 * creates an account from the slot and comes back to it too. 375 px wide.
 */

let sql: Sql;
const VIEWER_ZONE = "Asia/Kolkata";
// Browsers and ICU builds name it either way.
const INDIA = /Asia\/(Kolkata|Calcutta)/;

test.describe.configure({ timeout: 180_000 });
test.use({ timezoneId: VIEWER_ZONE, viewport: { width: 375, height: 800 } });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

const tag =
  Math.random()
    .toString(36)
    .replace(/[^a-z]/g, "")
    .slice(0, 6) || "zq";

/** A bookable tutor named, described and teaching a subject by `label` (unique per call within a run). */
async function bookableTutor(label = tag) {
  const tutor = await person(sql, "tutor", { name: `Quinn Marlow${label}` });
  await sql`insert into public.tutor_video_provider_connections (tutor_id, provider, status) values (${tutor.id}, 'jitsi', 'connected')`;
  await sql`update public.tutor_profiles set headline = ${`Astrophysics and orbital${label} mechanics`},
              bio = 'Ten years of teaching physics to curious people.' where tutor_id = ${tutor.id}`;
  await sql`insert into public.tutor_availability (tutor_id, weekday, start_time, end_time, timezone)
            select ${tutor.id}, d, '08:00', '20:00', 'America/Port_of_Spain' from generate_series(0, 6) d`;
  const [subject] = await sql<{ id: string }[]>`
    insert into public.subjects (slug, name) values (${`astro-${label}`}, ${`Astronomy ${label}`}) returning id`;
  await sql`insert into public.tutor_subjects (tutor_id, subject_id, price_cents) values (${tutor.id}, ${subject!.id}, 12000)`;
  return tutor;
}

const timeIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-TT", { hour: "numeric", minute: "2-digit", timeZone }).format(new Date(iso));

test("an anonymous visitor finds a tutor, sees slots in their zone, and signs in back to the same slot", async ({ page }, testInfo) => {
  const tutor = await bookableTutor();
  const student = await person(sql, "student");
  // Booking needs the payer's saved card with the Stripe fake (payments.spec.ts walks the Checkout pages).
  await giveSavedCard(sql, student);

  // The landing page's search box leads into /tutors with the words in the URL.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Find a tutor");
  await page.getByLabel("Subject, topic or tutor name").fill(`orbit`);
  await page.getByRole("button", { name: "Search tutors" }).click();
  await expect(page).toHaveURL(/\/tutors\?q=orbit$/);
  // Prefix search: "orbit" finds "orbital…".
  await page.getByLabel("Search").fill(`orbital${tag.slice(0, 3)}`);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const card = page.getByTestId("tutor-card").filter({ hasText: tutor.name });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(`Astronomy ${tag}`);
  await expect(page.getByTestId("viewer-zone")).toContainText(INDIA);
  await expect(card.getByTestId("next-slot")).toContainText("Next free");
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("browse-search-375.png"), fullPage: true });

  // The subject filter alone, shareable in the URL; nothing matches a made-up word.
  await page.goto(`/tutors?subject=astro-${tag}`);
  await expect(page.getByTestId("tutor-card")).toHaveCount(1);
  await page.goto(`/tutors?q=nomatch${tag}xyz`);
  await expect(page.getByTestId("no-tutors")).toContainText("No tutors match");
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`subject=astro-${tag}`));

  // The profile: slots grouped by day, each in the viewer's zone with the tutor's time beside it.
  await page.getByRole("link", { name: tutor.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: tutor.name })).toBeVisible();
  await expect(page.getByTestId("tutor-subjects")).toContainText(`Astronomy ${tag}`);
  const slot = page.getByTestId("slot").first();
  const startAt = (await slot.getAttribute("data-start"))!;
  await expect(slot.locator("time")).toHaveText(timeIn(startAt, VIEWER_ZONE));
  await expect(slot).toContainText(`tutor: ${timeIn(startAt, "America/Port_of_Spain")}`);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("profile-slots-375.png"), fullPage: true });

  // Choosing a slot shows the server's price; booking asks to sign in and returns to the same slot.
  await slot.click();
  await expect(page).toHaveURL(new RegExp(`start=${encodeURIComponent(startAt)}`));
  await expect(page.getByTestId("lesson-price")).toHaveText(/120\.00/);
  await page.getByTestId("sign-in-to-book").click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(new RegExp(`/tutors/${tutor.id}\\?.*start=${encodeURIComponent(startAt)}`), { timeout: 30_000 });
  await expect(page.locator(`[data-start="${startAt}"]`)).toHaveAttribute("aria-current", "true");
  await expect(page.getByRole("button", { name: "Book this lesson" })).toBeVisible();
  await expect(page.getByLabel(/Special requirements/)).toHaveAttribute("maxlength", "1000");

  // Signed in, times follow the profile's zone (Port of Spain); the banner offers the browser's.
  await expect(page.getByTestId("viewer-zone")).toContainText("America/Port of Spain");
  await page.getByRole("button", { name: new RegExp(`^Use ${INDIA.source}$`) }).click();
  await expect(page.getByTestId("viewer-zone")).toContainText(INDIA);
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("profile-signed-in-375.png"), fullPage: true });
});

test("a new visitor creates an account from the slot they chose and comes back to it, ready to add a card and book", async ({
  page,
}, testInfo) => {
  const tutor = await bookableTutor(`nw${tag}`); // not "orbital${tag}…": the first test searches for that prefix
  await page.goto(`/tutors/${tutor.id}`);
  const slot = page.getByTestId("slot").first();
  const startAt = (await slot.getAttribute("data-start"))!;
  await slot.click();
  await expect(page).toHaveURL(new RegExp(`start=${encodeURIComponent(startAt)}`));
  await page.getByTestId("sign-up-to-book").click();
  await expect(page).toHaveURL(/\/signup\?next=/);
  // The way back goes along to sign-in and to the parent's sign-up too (not to the tutor's).
  await expect(page.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", /^\/login\?next=%2Ftutors%2F/);
  await expect(page.getByRole("link", { name: "a parent" })).toHaveAttribute("href", /^\/signup\/parent\?next=/);
  await expect(page.getByRole("link", { name: "a tutor" })).toHaveAttribute("href", "/signup/tutor");
  await fillSignUp(page, { fullName: `Nia Newcomer${tag}`, email: uniqueEmail("newcomer"), password: "a-long-enough-password" });
  await expect(page).toHaveURL(new RegExp(`/tutors/${tutor.id}\\?.*start=${encodeURIComponent(startAt)}`), { timeout: 30_000 });
  await expect(page.locator(`[data-start="${startAt}"]`)).toHaveAttribute("aria-current", "true");
  // A new account has no card yet: the booking block asks for one (the hosted Checkout returns to this slot).
  await expect(page.getByRole("button", { name: "Add a card to book" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath("signed-up-back-at-slot-375.png"), fullPage: true });
});
