import "server-only";
import { redirect } from "next/navigation";
import { getViewer } from "./get-viewer";
import { homeFor } from "./home-path";

/** Sign-in and sign-up pages are for signed-out visitors; anyone else goes home. */
export async function redirectIfSignedIn(): Promise<void> {
  const viewer = await getViewer();
  if (viewer) redirect(homeFor(viewer.role));
}
