import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: the feed URL's only secret. */
export function newFeedToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the table stores and the feed looks up: the token's sha256 (hex), never the token. */
export function hashFeedToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function feedUrl(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/api/calendar/${token}.ics`;
}
