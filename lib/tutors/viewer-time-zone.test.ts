import { describe, expect, it } from "vitest";
import { viewerTimeZone } from "./viewer-time-zone";

// Anonymous viewers need no database: only the cookie decides.
const anonymous = (browserZone: string | undefined) => viewerTimeZone({ db: null as never, viewer: null, browserZone });

describe("viewerTimeZone (anonymous)", () => {
  it("uses the browser's zone under the name the browser gave", async () => {
    expect(await anonymous("Asia/Kolkata")).toEqual({ timeZone: "Asia/Kolkata", source: "browser", differingBrowserZone: null });
  });
  it("falls back to the platform default for a missing or unknown zone", async () => {
    expect((await anonymous(undefined)).source).toBe("default");
    expect(await anonymous("Mars/Olympus_Mons")).toEqual({
      timeZone: "America/Port_of_Spain",
      source: "default",
      differingBrowserZone: null,
    });
  });
});
