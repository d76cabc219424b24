-- =============================================================================
-- Zoom webhooks name a meeting by its id within a Zoom account: match both.
-- A meeting id belongs to at most one session of a provider.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- The Zoom account (payload.account_id in webhooks) of a connection's user.
-- -----------------------------------------------------------------------------
alter table public.tutor_video_provider_connections add column provider_tenant_id text check (length(provider_tenant_id) <= 128);
comment on column public.tutor_video_provider_connections.provider_tenant_id is
  'Zoom: the account id the connected user belongs to (webhooks carry it as payload.account_id). Null for other providers and for connections made before it was stored.';
create index tutor_video_provider_connections_tenant_idx on public.tutor_video_provider_connections (provider, provider_tenant_id)
  where provider_tenant_id is not null;
grant select (provider_tenant_id) on public.tutor_video_provider_connections to authenticated;

-- -----------------------------------------------------------------------------
-- One session per provider meeting.
-- -----------------------------------------------------------------------------
drop index public.session_meeting_links_meeting_idx;
create unique index session_meeting_links_provider_meeting_key on public.session_meeting_links (provider, meeting_external_id);
