import "server-only";
import type { Sql } from "postgres";
import { AppError } from "@/lib/api/errors";
import { parseTokenKeys } from "@/lib/crypto/token-keys";
import { asService } from "@/lib/db";
import { serverEnv } from "@/lib/env/server-env";
import { NOTIFICATION_CATEGORIES } from "./kinds";
import { verifyUnsubscribeToken, type TUnsubscribe } from "./unsubscribe-token";

export type TUnsubscribeResult = TUnsubscribe & { label: string };

/**
 * The one-click unsubscribe behind an email's link (RFC 8058): a valid signed token turns that
 * category's email off for its user (`isConfirmed`), or, without confirmation (the GET that
 * shows the confirm page), only says what it would do. A forged or altered token is refused
 * and changes nothing. As the service: the person following the link need not be signed in.
 */
export async function unsubscribeByToken(options: {
  db: Sql;
  token: string;
  isConfirmed: boolean;
  now: Date;
}): Promise<TUnsubscribeResult> {
  const target = verifyUnsubscribeToken(options.token, parseTokenKeys(serverEnv().TOKEN_ENCRYPTION_KEY));
  if (!target)
    throw new AppError("forbidden", "This unsubscribe link is not valid. Change your emails on your account's notification page.");
  if (options.isConfirmed) {
    await asService(options.db, async (tx) => {
      await tx`
        insert into public.notification_preferences (user_id, category, email_enabled, updated_at)
        select p.id, ${target.category}, false, ${options.now} from public.profiles p where p.id = ${target.userId}
        on conflict (user_id, category) do update set email_enabled = false, updated_at = excluded.updated_at
      `;
    });
  }
  return { ...target, label: NOTIFICATION_CATEGORIES[target.category].label };
}
