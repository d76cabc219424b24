import { Button } from "@/components/ui/button";

/** Signs out through a POST (never a GET a prefetch or crawler could trigger). */
export function SignOutButton() {
  return (
    <form action="/auth/signout" method="post">
      <Button type="submit" variant="secondary" className="min-h-0 px-3 py-1.5">
        Sign out
      </Button>
    </form>
  );
}
