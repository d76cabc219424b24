import { describe, expect, it } from "vitest";
import { bioExcerpt } from "./bio-excerpt";
import { prefixTsQuery, queryFields, searchHref, ZSearchTutorsQuery } from "./search-tutors-schema";

describe("prefixTsQuery", () => {
  it("turns words into prefix terms, lower-cased, deduplicated", () => {
    expect(prefixTsQuery("Phys")).toBe("phys:*");
    expect(prefixTsQuery("  A-level PHYSICS physics ")).toBe("a:* & level:* & physics:*");
  });
  it("keeps letters of any script and drops every tsquery operator", () => {
    expect(prefixTsQuery("'\":*&|!()<-> maths")).toBe("maths:*");
    expect(prefixTsQuery("Mathématiques")).toBe("mathématiques:*");
  });
  it("has nothing to search by for blank or symbol-only text", () => {
    expect(prefixTsQuery(undefined)).toBeNull();
    expect(prefixTsQuery("  ")).toBeNull();
    expect(prefixTsQuery("&|!")).toBeNull();
  });
});

describe("ZSearchTutorsQuery", () => {
  it("reads blank GET-form fields as no filter and defaults sort and page", () => {
    expect(ZSearchTutorsQuery.parse({ q: "", subject: "", min_price: "", sort: "", page: "" })).toEqual({ sort: "soonest", page: 1 });
  });
  it("coerces numbers and refuses min above max", () => {
    expect(ZSearchTutorsQuery.parse({ min_price: "10", max_price: "20", page: "3" })).toMatchObject({
      min_price: 10,
      max_price: 20,
      page: 3,
    });
    expect(ZSearchTutorsQuery.safeParse({ min_price: "30", max_price: "20" }).success).toBe(false);
    expect(ZSearchTutorsQuery.safeParse({ page: "1.5" }).success).toBe(false);
  });
  it("knows the four sorts, rating included, and nothing else", () => {
    expect(ZSearchTutorsQuery.parse({ sort: "rating" })).toMatchObject({ sort: "rating" });
    expect(ZSearchTutorsQuery.safeParse({ sort: "best" }).success).toBe(false);
    expect(searchHref({ sort: "rating", page: 1 })).toBe("/tutors?sort=rating");
  });
});

describe("queryFields", () => {
  it("keeps a repeated field as a list, so the schema refuses it", () => {
    expect(queryFields(new URLSearchParams("q=a&q=b&page=2"))).toEqual({ q: ["a", "b"], page: "2" });
  });
});

describe("searchHref", () => {
  it("leaves out empty filters and the defaults", () => {
    expect(searchHref({ sort: "soonest", page: 1 })).toBe("/tutors");
    expect(searchHref({ q: "maths", sort: "price_asc", page: 1 }, { page: 2 })).toBe("/tutors?q=maths&sort=price_asc&page=2");
  });
});

describe("bioExcerpt", () => {
  it("keeps a short bio whole and cuts a long one at a word", () => {
    expect(bioExcerpt("  Short\n bio. ")).toBe("Short bio.");
    const long = `${"word ".repeat(60)}end`;
    const cut = bioExcerpt(long, 50);
    expect(cut.endsWith("word…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(51);
  });
});
