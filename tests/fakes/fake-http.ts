import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Tiny HTTP plumbing shared by the provider fakes. Written with erasable TypeScript only,
 * so the fakes run under Vitest, Playwright, tsx, or plain `node` alike.
 */
export type TFakeContext = {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
  body: string;
};

export type TFakeRoute = {
  method: string;
  pattern: RegExp;
  handle: (context: TFakeContext) => void | Promise<void>;
};

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

export function sendRedirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location });
  res.end();
}

export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1] ?? null;
}

/** client_id/secret from HTTP Basic, or from the form body (Google's default). */
export function clientCredentials(req: IncomingMessage, form: URLSearchParams): { id: string | null; secret: string | null } {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (match?.[1]) {
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const separator = decoded.indexOf(":");
    return separator === -1 ? { id: decoded, secret: null } : { id: decoded.slice(0, separator), secret: decoded.slice(separator + 1) };
  }
  return { id: form.get("client_id"), secret: form.get("client_secret") };
}

export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(24).toString("base64url")}`;
}

export function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A consent page: the original query as hidden fields, an account field, Allow and Cancel. */
export function consentPage(options: { title: string; action: string; query: URLSearchParams; email: string; scopes: string[] }): string {
  const hidden = [...options.query.entries()]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const scopes = options.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title></head>
<body><main><h1>${escapeHtml(options.title)}</h1>
<p>Tutoring Sessions wants to:</p><ul>${scopes}</ul>
<form method="post" action="${escapeHtml(options.action)}">
${hidden}
<label>Account email <input type="email" name="login_email" value="${escapeHtml(options.email)}"></label>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form></main></body></html>`;
}

/** Where an OAuth consent page sends the browser back: redirect_uri + the outcome + the caller's state, untouched. */
export function callbackUrl(query: URLSearchParams, outcome: Record<string, string>): string {
  const url = new URL(query.get("redirect_uri") ?? "");
  for (const [key, value] of Object.entries(outcome)) url.searchParams.set(key, value);
  const stateParam = query.get("state");
  if (stateParam !== null) url.searchParams.set("state", stateParam);
  return url.toString();
}
