// Country and continent codes (src/policy/countries.ts): what the policy's rules may name and which
// continent a visitor's country is on.

import { describe, expect, it } from "vitest";
import {
  ALL_COUNTRIES,
  CONTINENTS,
  TOR_COUNTRY,
  UNKNOWN_COUNTRY,
  continentOf,
  countriesOf,
  isContinentCode,
  isCountryCode,
} from "../../src/policy/countries.ts";

describe("countries and continents", () => {
  it("knows the seven continents and every country on them", () => {
    expect(CONTINENTS).toEqual(["AF", "AN", "AS", "EU", "NA", "OC", "SA"]);
    expect(ALL_COUNTRIES).toHaveLength(new Set(ALL_COUNTRIES).size);
    expect(ALL_COUNTRIES).toEqual(expect.arrayContaining(["GB", "IR", "US", "XK", "AQ"]));
    expect(CONTINENTS.flatMap(countriesOf).sort()).toEqual([...ALL_COUNTRIES].sort());
  });

  it("finds a country's continent", () => {
    expect(continentOf("GB")).toBe("EU");
    expect(continentOf("IR")).toBe("AS");
    expect(continentOf("BR")).toBe("SA");
    expect(continentOf("XX")).toBeUndefined();
    expect(continentOf("gb")).toBeUndefined();
  });

  it("lists a continent's countries, and none for what is no continent", () => {
    expect(countriesOf("AN")).toEqual(["AQ", "BV", "GS", "HM", "TF"]);
    expect(countriesOf("EU")).toContain("GB");
    expect(countriesOf("XX")).toEqual([]);
    expect(countriesOf("toString")).toEqual([]);
    // A copy: changing it changes no one else's list.
    countriesOf("AN").pop();
    expect(countriesOf("AN")).toHaveLength(5);
  });

  it("tells codes apart: countries, continents, and the two special values", () => {
    expect(isCountryCode("GB")).toBe(true);
    expect(isCountryCode("EU")).toBe(false);
    expect(isCountryCode(UNKNOWN_COUNTRY)).toBe(false);
    expect(isCountryCode(TOR_COUNTRY)).toBe(false);
    expect(isContinentCode("EU")).toBe(true);
    expect(isContinentCode("GB")).toBe(false);
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) expect(isContinentCode(name), name).toBe(false);
    expect([UNKNOWN_COUNTRY, TOR_COUNTRY]).toEqual(["XX", "T1"]);
  });
});
