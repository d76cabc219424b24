import { expect, test } from "@playwright/test";
import postgres from "postgres";
import { expectNoHorizontalScroll, fillSignUp, formAlert, signIn, signOut } from "./support/auth-pages.ts";
import { createAccount, e2eStack, TEST_PASSWORD, uniqueEmail } from "./support/stack.ts";

// Sign-in and sign-up hash a password and render the next page; on a busy 2-core machine that can take a while.
const AFTER_AUTH = { timeout: 30_000 };

const SIGN_UPS = [
  { role: "student", path: "/signup", home: "/student/sessions" },
  { role: "tutor", path: "/signup/tutor", home: "/tutor/sessions" },
] as const;

for (const { role, path, home } of SIGN_UPS) {
  test(`a ${role} signs up, signs out and signs in again, landing on ${home}`, async ({ page }) => {
    const email = uniqueEmail(role);
    await page.goto(path);
    await fillSignUp(page, { fullName: `New ${role}`, email, password: TEST_PASSWORD });

    await expect(page).toHaveURL(home, AFTER_AUTH);
    await expect(page.getByRole("heading", { level: 1, name: "My sessions" })).toBeVisible();
    await expect(page.getByTestId("viewer-email")).toHaveText(email);

    // Signed in, the sign-in page sends you home instead.
    await page.goto("/login");
    await expect(page).toHaveURL(home);

    await signOut(page);
    await page.goto(home);
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(home)}`);

    await signIn(page, email, TEST_PASSWORD);
    await expect(page).toHaveURL(home, AFTER_AUTH);
    await expect(page.getByTestId("viewer-email")).toHaveText(email);
  });
}

test("a parent signs up naming their child, and the link waits for the child's approval", async ({ page }) => {
  const child = await createAccount({ role: "student" });
  const email = uniqueEmail("parent");
  await page.goto("/signup/parent");
  await expect(page.getByText("Your child will be asked to approve the link").first()).toBeVisible();
  await fillSignUp(page, { fullName: "New parent", email, password: TEST_PASSWORD, childEmail: child.email });

  await expect(page).toHaveURL("/parent/sessions", AFTER_AUTH);
  const sql = postgres(e2eStack().databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const links = await sql<{ approved_at: Date | null }[]>`
      select ps.approved_at from public.parent_students ps
      join auth.users parent on parent.id = ps.parent_id
      join auth.users child on child.id = ps.student_id
      where parent.email = ${email} and child.email = ${child.email}`;
    expect(links).toHaveLength(1);
    expect(links[0]?.approved_at).toBeNull();
  } finally {
    await sql.end();
  }
});

test("each role lands on its own home, and other roles' pages send it back there", async ({ page }) => {
  const tutor = await createAccount({ role: "tutor" });
  await page.goto("/tutor/sessions");
  await expect(page).toHaveURL("/login?next=%2Ftutor%2Fsessions");
  await signIn(page, tutor.email, tutor.password);
  await expect(page).toHaveURL("/tutor/sessions", AFTER_AUTH);

  await page.goto("/admin");
  await expect(page).toHaveURL("/tutor/sessions");
  await signOut(page);

  const admin = await createAccount({ role: "admin" });
  await signIn(page, admin.email, admin.password);
  await expect(page).toHaveURL("/admin", AFTER_AUTH);
  await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
});

test("a wrong password says so, and nothing else", async ({ page }) => {
  const student = await createAccount({ role: "student" });
  await page.goto("/login");
  await signIn(page, student.email, "not-the-password");
  await expect(formAlert(page)).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
});

test("signing up with a taken email offers to sign in instead", async ({ page }) => {
  const existing = await createAccount({ role: "student" });
  await page.goto("/signup");
  await fillSignUp(page, { fullName: "Someone", email: existing.email, password: TEST_PASSWORD });
  const alert = formAlert(page);
  await expect(alert).toHaveText("An account with this email already exists. Sign in instead?");
  await alert.getByRole("link", { name: "Sign in instead?" }).click();
  await expect(page).toHaveURL(`/login?email=${encodeURIComponent(existing.email)}`);
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(existing.email);
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
});

test("offline, signing in explains that the server cannot be reached", async ({ page, context }) => {
  await page.goto("/login");
  await context.setOffline(true);
  await signIn(page, "someone@example.test", TEST_PASSWORD);
  await expect(formAlert(page)).toHaveText("Can't reach the server — check your internet connection");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await context.setOffline(false);
});

test("sign-up checks its fields before sending anything", async ({ page }) => {
  await page.goto("/signup/parent");
  await expect(page.getByLabel("Full name")).toBeFocused();
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  const fullName = page.getByLabel("Full name");
  await expect(fullName).toHaveAttribute("aria-invalid", "true");
  await expect(fullName).toHaveAccessibleDescription("Enter your full name.");
  await expect(fullName).toBeFocused();
  await expect(page.getByLabel("Email", { exact: true })).toHaveAccessibleDescription(/valid email address/);
  await expect(page.getByLabel("Password", { exact: true })).toHaveAccessibleDescription(/at least 8 characters/);
  await expect(page.getByLabel("Your child's email")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL("/signup/parent");
});

for (const width of [375, 1280]) {
  test(`the sign-in and sign-up pages fit a ${width} px screen`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ["/login", "/signup/parent"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoHorizontalScroll(page);
      const name = `${path.slice(1).replaceAll("/", "-")}-${width}px.png`;
      const file = testInfo.outputPath(name);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(name, { path: file, contentType: "image/png" });
    }
  });
}
