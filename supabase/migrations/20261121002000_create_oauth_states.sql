-- =============================================================================
-- OAuth state nonces: what makes a provider callback single-use and tutor-bound
-- The `state` sent to Google / Zoom is HMAC-signed (lib/video/oauth/oauth-state.ts)
-- and names one row here; the callback consumes the row exactly once.
-- =============================================================================

create table public.oauth_states (
  id uuid primary key,
  tutor_id uuid not null references public.profiles (id) on delete cascade,
  provider text not null check (provider in ('zoom', 'google_meet')),
  code_verifier_encrypted text,
  token_key_id text,
  return_to text not null check (return_to ~ '^/($|[^/\\])' and char_length(return_to) <= 512),
  expires_at timestamptz not null,
  consumed_at timestamptz,
  created_at timestamptz not null default now(),
  check (code_verifier_encrypted is null or token_key_id is not null)
);
comment on table public.oauth_states is 'One row per OAuth connect attempt. Service only: never readable or writable by browser roles.';
comment on column public.oauth_states.id is 'The nonce carried (signed) in the OAuth state parameter.';
comment on column public.oauth_states.code_verifier_encrypted is 'PKCE code verifier (Zoom), AES-256-GCM sealed like provider tokens.';
comment on column public.oauth_states.return_to is 'Where the callback sends the tutor back: always a path on this site.';
comment on column public.oauth_states.consumed_at is 'Set by the callback that used the state; a second use is refused.';

create index oauth_states_tutor_id_idx on public.oauth_states (tutor_id);
create index oauth_states_expires_at_idx on public.oauth_states (expires_at);

alter table public.oauth_states enable row level security;
revoke all on public.oauth_states from anon, authenticated;
