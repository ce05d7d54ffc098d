import type { HolidayRule } from './holidays';

/**
 * Land-specific public holidays (in addition to NATIONWIDE_HOLIDAY_RULES), as data.
 * Only the Länder of our seeds are provided; pass any other Land's rules the same way.
 */

/** Niedersachsen: Reformationstag since 2018 (Niedersächsisches Feiertagsgesetz). */
export const HOLIDAY_RULES_NIEDERSACHSEN: readonly HolidayRule[] = [
  { kind: 'fixed', name: 'Reformationstag', month: 10, day: 31, fromYear: 2018 },
];

/** Hessen: Fronleichnam (Hessisches Feiertagsgesetz). */
export const HOLIDAY_RULES_HESSEN: readonly HolidayRule[] = [
  { kind: 'easter', name: 'Fronleichnam', offsetDays: 60 },
];

/** Nordrhein-Westfalen: Fronleichnam and Allerheiligen (Feiertagsgesetz NW). */
export const HOLIDAY_RULES_NORDRHEIN_WESTFALEN: readonly HolidayRule[] = [
  { kind: 'easter', name: 'Fronleichnam', offsetDays: 60 },
  { kind: 'fixed', name: 'Allerheiligen', month: 11, day: 1 },
];

/** Keyed by the ISO 3166-2 subdivision code without the country prefix. */
export const LAND_HOLIDAY_RULES: Readonly<Record<'NI' | 'HE' | 'NW', readonly HolidayRule[]>> = {
  NI: HOLIDAY_RULES_NIEDERSACHSEN,
  HE: HOLIDAY_RULES_HESSEN,
  NW: HOLIDAY_RULES_NORDRHEIN_WESTFALEN,
};
