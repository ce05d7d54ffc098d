import {
  deadlineDates,
  easterSunday,
  HOLIDAY_RULES_HESSEN,
  HOLIDAY_RULES_NIEDERSACHSEN,
  HOLIDAY_RULES_NORDRHEIN_WESTFALEN,
  isPublicHoliday,
  isWorkingDay,
  LAND_HOLIDAY_RULES,
  publicHolidays,
} from '@app/calendar';

describe('Easter Sunday', () => {
  it('matches the known dates', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible date
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible date
  });
});

describe('public holidays', () => {
  it('computes the nine nationwide holidays of 2026', () => {
    // Easter 05.04.2026: Karfreitag −2 = 03.04., Ostermontag +1 = 06.04.,
    // Christi Himmelfahrt +39 = 14.05., Pfingstmontag +50 = 25.05.
    expect(publicHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('had the Reformationstag nationwide only in 2017', () => {
    expect(isPublicHoliday('2017-10-31')).toBe(true);
    expect(isPublicHoliday('2016-10-31')).toBe(false);
    expect(isPublicHoliday('2025-10-31')).toBe(false);
  });

  it('adds the Land holidays passed in as data', () => {
    // Fronleichnam = Easter + 60: 20.04.2025 + 60 = 19.06.2025
    expect(isPublicHoliday('2025-06-19', HOLIDAY_RULES_HESSEN)).toBe(true);
    expect(isPublicHoliday('2025-06-19', HOLIDAY_RULES_NORDRHEIN_WESTFALEN)).toBe(true);
    expect(isPublicHoliday('2025-06-19', HOLIDAY_RULES_NIEDERSACHSEN)).toBe(false);
    expect(isPublicHoliday('2025-06-19')).toBe(false);
    expect(isPublicHoliday('2025-11-01', LAND_HOLIDAY_RULES.NW)).toBe(true); // Allerheiligen
    expect(isPublicHoliday('2025-11-01', LAND_HOLIDAY_RULES.HE)).toBe(false);
    expect(isPublicHoliday('2025-10-31', LAND_HOLIDAY_RULES.NI)).toBe(true); // since 2018
    expect(isPublicHoliday('2017-10-31', LAND_HOLIDAY_RULES.NI)).toBe(true); // nationwide that year
    expect(isPublicHoliday('2016-10-31', LAND_HOLIDAY_RULES.NI)).toBe(false);
    expect(publicHolidays(2017, LAND_HOLIDAY_RULES.NI).filter((h) => h.date === '2017-10-31')).toHaveLength(1);
    expect(publicHolidays(2025, LAND_HOLIDAY_RULES.NW)).toHaveLength(11);
  });

  it('treats weekends and holidays as non-working days', () => {
    expect(isWorkingDay('2025-10-31')).toBe(true); // Friday, no holiday in Hessen
    expect(isWorkingDay('2025-11-01')).toBe(false); // Saturday
    expect(isWorkingDay('2025-12-25')).toBe(false); // Thursday, holiday
  });
});

describe('§ 31 Abs. 3 VwVfG: weekend/holiday shift of a deadline', () => {
  it('leaves a working day unchanged', () => {
    expect(deadlineDates('2026-04-30')).toEqual({ nominal: '2026-04-30', effective: '2026-04-30', shifted: false });
  });

  it('moves Sunday 30.04.2028 over the holiday 01.05. to Tuesday 02.05.2028', () => {
    expect(deadlineDates('2028-04-30')).toEqual({ nominal: '2028-04-30', effective: '2028-05-02', shifted: true });
  });

  it('moves a deadline on a Land holiday only in that Land', () => {
    // Friday 31.10.2025 is Reformationstag in Niedersachsen → Monday 03.11.2025
    expect(deadlineDates('2025-10-31', LAND_HOLIDAY_RULES.NI).effective).toBe('2025-11-03');
    expect(deadlineDates('2025-10-31', LAND_HOLIDAY_RULES.HE).effective).toBe('2025-10-31');
    // Thursday 04.06.2026 is Fronleichnam in Hessen → Friday 05.06.2026
    expect(deadlineDates('2026-06-04', LAND_HOLIDAY_RULES.HE).effective).toBe('2026-06-05');
  });
});
