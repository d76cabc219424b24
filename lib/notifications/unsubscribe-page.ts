import { escapeHtml } from "./templates/render-email";

/**
 * The page behind an email's unsubscribe link: a confirm button (GET must never change
 * anything: mail scanners follow links), then the result. Plain HTML, no app chrome: the
 * person may not be signed in.
 */
export function unsubscribePage(input: { label: string; state: "confirm" | "done"; actionUrl: string }): string {
  const label = escapeHtml(input.label);
  const body =
    input.state === "confirm"
      ? `<h1>Stop “${label}” emails?</h1>
         <p>You will still see these in the app. You can turn them back on from your account's notification settings.</p>
         <form method="post" action="${escapeHtml(input.actionUrl)}">
           <input type="hidden" name="List-Unsubscribe" value="One-Click">
           <button type="submit">Unsubscribe</button>
         </form>`
      : `<h1>Unsubscribed</h1>
         <p>You will no longer get “${label}” emails. Turn them back on at any time from your account's notification settings.</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Email preferences</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#0f172a}
button{background:#1d4ed8;color:#fff;border:0;border-radius:.375rem;padding:.6rem 1rem;font-weight:600;font-size:1rem;cursor:pointer}
button:focus-visible{outline:2px solid #1d4ed8;outline-offset:2px}</style></head>
<body><main>${body}</main></body></html>`;
}
