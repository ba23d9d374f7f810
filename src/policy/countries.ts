// ISO 3166-1 alpha-2 country codes by continent (the codes request.cf.country and request.cf.continent use;
// XK is Kosovo as Cloudflare reports it). Generated once from the countries-list package.

// Stryker disable all: data, not logic (the table as generated; the lookups below are mutated and tested).
const BY_CONTINENT: Record<string, string> = {
  AF: "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW",
  AN: "AQ BV GS HM TF",
  AS: "AE AF AM AZ BD BH BN BT CC CN CX GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TM TR TW UZ VN YE",
  EU: "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK",
  NA: "AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC TT US VC VG VI",
  OC: "AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TL TO TV UM VU WF WS",
  SA: "AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
};
// Stryker restore all

export const CONTINENTS = Object.keys(BY_CONTINENT);

// Maps, not the object: "toString" or "__proto__" in BY_CONTINENT is true, and no continent.
const COUNTRIES_OF = new Map(Object.entries(BY_CONTINENT).map(([continent, codes]) => [continent, codes.split(" ")]));
const CONTINENT_OF = new Map<string, string>();
for (const [continent, codes] of COUNTRIES_OF) {
  for (const code of codes) CONTINENT_OF.set(code, continent);
}

export function isCountryCode(code: string): boolean {
  return CONTINENT_OF.has(code);
}

export function isContinentCode(code: string): boolean {
  return COUNTRIES_OF.has(code);
}

/** The continent a country lies on, for when request.cf gives a country but no continent. */
export function continentOf(country: string): string | undefined {
  return CONTINENT_OF.get(country);
}

export function countriesOf(continent: string): string[] {
  return [...(COUNTRIES_OF.get(continent) ?? [])];
}

export const ALL_COUNTRIES = [...CONTINENT_OF.keys()];

/** request.cf.country's special values: unknown, and the Tor network. */
export const UNKNOWN_COUNTRY = "XX";
export const TOR_COUNTRY = "T1";
