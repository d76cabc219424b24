import { expect, test } from "@playwright/test";
import postgres, { type Sql } from "postgres";
import { expectNoHorizontalScroll } from "./support/auth-pages.ts";
import { person, signInAs } from "./support/people.ts";
import { e2eStack } from "./support/stack.ts";

/**
 * Parent links end to end (issues 7 and 8): "Your children" lists each child by name
 * and email with Unlink; pending requests read "Request to <email>" whether or not
 * that email has an account; Unlink, Withdraw and the student's Remove access ask
 * first and say what happens; long names and emails wrap at 375 px.
 */

let sql: Sql;

test.describe.configure({ timeout: 120_000 });

test.beforeAll(() => {
  sql = postgres(e2eStack().databaseUrl, { max: 2, onnotice: () => {} });
});

test.afterAll(async () => {
  await sql.end();
});

const tag = () => Math.random().toString(36).slice(2, 8);

/** A parent following a child with a long unbroken name and email, and two pending requests: one to a student, one to nobody. */
async function parentWithChildAndRequests() {
  const parent = await person(sql, "parent");
  const child = await person(sql, "student", {
    name: `Maximiliana${"x".repeat(40)}${tag()}`,
    email: `a.very.long.unbroken.child.address.${"y".repeat(30)}.${tag()}@factories.test`,
  });
  const pendingStudent = await person(sql, "student");
  const unknownEmail = `nobody.${tag()}@factories.test`;
  await sql`insert into public.parent_students (parent_id, student_id, approved_at) values (${parent.id}, ${child.id}, now())`;
  await sql`insert into public.parent_students (parent_id, student_id) values (${parent.id}, ${pendingStudent.id})`;
  await sql`insert into public.parent_link_invitations (parent_id, child_email) values (${parent.id}, ${unknownEmail})`;
  return { parent, child, pendingStudent, unknownEmail };
}

test("a parent sees each child by name and email, withdraws a request and unlinks a child only after confirming", async ({ page }) => {
  const { parent, child, pendingStudent, unknownEmail } = await parentWithChildAndRequests();
  await signInAs(page, parent, "/parent/sessions");

  const children = page.getByTestId("linked-child");
  await expect(children).toHaveCount(1);
  await expect(children).toContainText(child.name);
  await expect(children).toContainText(child.email.toLowerCase());

  // A pending link and an invitation read the same: a request to the email asked for.
  const requests = page.getByTestId("child-link-request");
  await expect(requests).toHaveCount(2);
  await expect(requests.filter({ hasText: `Request to ${pendingStudent.email.toLowerCase()}` })).toContainText("Waiting for approval");
  await expect(requests.filter({ hasText: `Request to ${unknownEmail}` })).toContainText("Waiting for approval");

  // Withdraw asks first; Cancel keeps the request.
  await page.getByRole("button", { name: `Withdraw the request to ${unknownEmail}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Withdraw this request?");
  await expect(dialog).toContainText(`${unknownEmail} will no longer be asked to approve.`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(requests).toHaveCount(2);
  await page.getByRole("button", { name: `Withdraw the request to ${pendingStudent.email.toLowerCase()}` }).click();
  await dialog.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(requests).toHaveCount(1);
  await expect(requests).toContainText(unknownEmail);

  // A tutor's email is refused, saying why.
  const tutor = await person(sql, "tutor");
  await page.getByLabel("Your child's email").fill(tutor.email);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByTestId("add-child-form")).toContainText("belongs to a tutor, parent or admin account");

  // Unlink asks first and says what stops.
  await page.getByRole("button", { name: `Unlink ${child.name}` }).click();
  await expect(dialog).toContainText(`You will stop seeing ${child.name}'s lessons`);
  // Enter on the opened dialog lands on Cancel (focused first): nothing is removed.
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(children).toHaveCount(1);
  await page.getByRole("button", { name: `Unlink ${child.name}` }).click();
  await dialog.getByRole("button", { name: "Unlink", exact: true }).click();
  await expect(children).toHaveCount(0);
  const [link] =
    await sql`select count(*)::int as n from public.parent_students where parent_id = ${parent.id} and student_id = ${child.id}`;
  expect(link?.n).toBe(0);
});

test("the student's Remove access names the parent, says what happens, and needs a second click", async ({ page }) => {
  const parent = await person(sql, "parent");
  const student = await person(sql, "student");
  await sql`insert into public.parent_students (parent_id, student_id, approved_at) values (${parent.id}, ${student.id}, now())`;
  await signInAs(page, student, "/student/sessions");

  const link = page.getByTestId("parent-link").filter({ hasText: parent.name });
  await expect(link).toContainText(`${parent.name} can see your sessions.`);
  await link.getByRole("button", { name: `Remove access for ${parent.name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Remove access for ${parent.name}?`);
  await expect(dialog).toContainText(`${parent.name} will stop seeing your sessions`);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(link).toContainText(`${parent.name} can see your sessions.`);

  await link.getByRole("button", { name: `Remove access for ${parent.name}` }).click();
  await dialog.getByRole("button", { name: "Remove access", exact: true }).click();
  await expect(page.getByTestId("parent-link").filter({ hasText: parent.name })).toHaveCount(0);
  const [row] = await sql`select count(*)::int as n from public.parent_students where parent_id = ${parent.id}`;
  expect(row?.n).toBe(0);
});

test("at 375 px long names and emails wrap, on the page and in the dialog", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const { parent, child } = await parentWithChildAndRequests();
  await signInAs(page, parent, "/parent/sessions");
  await expect(page.getByTestId("linked-child")).toContainText(child.email.toLowerCase());
  await expectNoHorizontalScroll(page);
  await page.getByRole("button", { name: `Unlink ${child.name}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expectNoHorizontalScroll(page);
  const dialogOverflow = await dialog.evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(dialogOverflow, "dialog overflow in px").toBeLessThanOrEqual(0);
});
