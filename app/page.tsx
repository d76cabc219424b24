import { redirect } from "next/navigation";
import { getViewer } from "@/lib/auth/get-viewer";
import { homeFor } from "@/lib/auth/home-path";

export default async function HomePage() {
  const viewer = await getViewer();
  redirect(viewer ? homeFor(viewer.role) : "/login");
}
