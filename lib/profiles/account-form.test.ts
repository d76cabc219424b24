import { describe, expect, it } from "vitest";
import { isIanaTimeZone, ZAccountForm } from "./account-form";

describe("isIanaTimeZone", () => {
  it("accepts IANA names", () => {
    for (const zone of ["America/Port_of_Spain", "Europe/London", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+4"])
      expect(isIanaTimeZone(zone), zone).toBe(true);
  });

  it("refuses offsets, unknown names and junk", () => {
    for (const zone of ["+04:00", "Mars/Olympus_Mons", "", "America/", "'; drop table profiles; --", "x".repeat(65)])
      expect(isIanaTimeZone(zone), zone).toBe(false);
  });
});

describe("ZAccountForm", () => {
  it("trims the name and requires one", () => {
    expect(ZAccountForm.parse({ fullName: "  Sam Student ", timezone: "UTC" })).toEqual({ fullName: "Sam Student", timezone: "UTC" });
    expect(ZAccountForm.safeParse({ fullName: "   ", timezone: "UTC" }).success).toBe(false);
    expect(ZAccountForm.safeParse({ fullName: "x".repeat(121), timezone: "UTC" }).success).toBe(false);
  });

  it("refuses a zone that is not IANA", () => {
    expect(ZAccountForm.safeParse({ fullName: "Sam", timezone: "Nowhere/Land" }).success).toBe(false);
  });
});
