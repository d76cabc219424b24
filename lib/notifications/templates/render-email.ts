import type { TTemplateContent } from "./template-context";

export type TRenderedEmail = { subject: string; text: string; html: string; pageUrl: string };

const FOOTER = "You get this email because of your account on the tutoring platform.";

/** One layout for every kind: greeting, paragraphs, the page's link, the unsubscribe link. */
export function renderEmail(
  content: TTemplateContent,
  context: { recipientName: string; appUrl: string; unsubscribeUrl: string | null },
): TRenderedEmail {
  const pageUrl = new URL(content.path, context.appUrl).toString();
  const greeting = `Hello ${context.recipientName},`;
  const unsubscribe = context.unsubscribeUrl
    ? `Stop these emails: ${context.unsubscribeUrl}`
    : "Receipts and payment notices are always sent; they cannot be turned off.";
  const text = [greeting, ...content.lines, `${content.action}: ${pageUrl}`, "--", FOOTER, unsubscribe].join("\n\n");
  const paragraphs = content.lines.map((line) => `<p style="margin:0 0 12px">${escapeHtml(line)}</p>`).join("");
  const unsubscribeHtml = context.unsubscribeUrl
    ? `<a href="${escapeHtml(context.unsubscribeUrl)}">Stop these emails</a>`
    : escapeHtml("Receipts and payment notices are always sent; they cannot be turned off.");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:16px">`,
    `<p style="margin:0 0 12px">${escapeHtml(greeting)}</p>`,
    paragraphs,
    `<p style="margin:16px 0"><a href="${escapeHtml(pageUrl)}" style="background:#1d4ed8;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">${escapeHtml(content.action)}</a></p>`,
    `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">`,
    `<p style="font-size:12px;color:#555;margin:0 0 4px">${escapeHtml(FOOTER)}</p>`,
    `<p style="font-size:12px;color:#555;margin:0">${unsubscribeHtml}</p>`,
    `</body></html>`,
  ].join("");
  return { subject: content.title, text, html, pageUrl };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
