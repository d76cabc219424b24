-- =============================================================================
-- Token refresh without a lock held across the provider call: a short lease
-- names the one refresher (Zoom rotates refresh tokens, so two refreshers
-- must not both spend the same one); the others wait for its result.
-- =============================================================================

alter table public.tutor_video_provider_connections add column refresh_lease_until timestamptz;
comment on column public.tutor_video_provider_connections.refresh_lease_until is
  'Set while one process refreshes the tokens (lib/video/connections/refresh-connection-tokens.ts); expires by itself if that process dies.';
