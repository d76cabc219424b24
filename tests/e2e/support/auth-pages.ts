import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function fillSignUp(
  page: Page,
  fields: { fullName: string; email: string; password: string; childEmail?: string },
): Promise<void> {
  await page.getByLabel("Full name").fill(fields.fullName);
  await page.getByLabel("Email", { exact: true }).fill(fields.email);
  await page.getByLabel("Password", { exact: true }).fill(fields.password);
  if (fields.childEmail !== undefined) await page.getByLabel("Your child's email").fill(fields.childEmail);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/, { timeout: 30_000 });
  await expect(page.getByTestId("viewer-email")).toHaveCount(0);
}

/** The page must fit the viewport: no sideways scrolling on a phone. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "horizontal overflow in px").toBeLessThanOrEqual(0);
}

/** The form's error region (Next adds its own role="alert" route announcer outside <main>). */
export function formAlert(page: Page) {
  return page.getByRole("main").getByRole("alert");
}
