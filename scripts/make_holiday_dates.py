"""Write ``timeline/temporal/resources/holiday_dates.tsv``: the days of holidays of lunar and lunisolar
calendars (Islamic, Chinese, Hebrew, Hindu) and of Nowruz, year by year.

    pip install holidays && python scripts/make_holiday_dates.py

The tagger reads the written file like every other resource; it does not need the ``holidays``
package, which only computes the table here. A holiday of ``holidays.tsv`` whose date is
``dated:KEY`` takes its day from the row ``KEY YEAR`` of that file.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 1970, 2050
OUT = Path(__file__).resolve().parents[1] / "timeline" / "temporal" / "resources" / "holiday_dates.tsv"


def _sources():
    """Key -> function of a year giving the holiday's days in that year."""
    import holidays
    from holidays.calendars import chinese, hebrew, hindu, islamic

    isl, chi, heb, hin = islamic._IslamicLunar(), chinese._ChineseLunisolar(), hebrew._HebrewLunisolar(), hindu._HinduLunisolar()

    def islamic_days(method):
        return lambda y: [d for d, _ in getattr(isl, method)(y) if d.year == y]

    def single(obj, method):
        def days(y):
            got = getattr(obj, method)(y)
            d = got[0] if isinstance(got, tuple) else got
            return [d] if isinstance(d, date) else []
        return days

    def nowruz(y):
        return [d for d, name in holidays.Iran(years=y).items() if name == "Nowruz"]

    def named(country, name, **kw):  # a holiday of one country's calendar, by its name there
        return lambda y: [d for d, n in holidays.country_holidays(country, years=y, **kw).items() if n == name]

    return {
        "ramadan": islamic_days("ramadan_beginning_dates"),
        "eid al-fitr": islamic_days("eid_al_fitr_dates"),
        "eid al-adha": islamic_days("eid_al_adha_dates"),
        "islamic new year": islamic_days("hijri_new_year_dates"),
        "ashura": islamic_days("ashura_dates"),
        "mawlid": islamic_days("mawlid_dates"),
        "lunar new year": single(chi, "lunar_new_year_date"),
        "mid-autumn festival": single(chi, "mid_autumn_date"),
        "dragon boat festival": single(chi, "dragon_boat_date"),
        "qingming": single(chi, "qingming_date"),
        "rosh hashanah": single(heb, "rosh_hashanah_date"),
        "yom kippur": single(heb, "yom_kippur_date"),
        "passover": single(heb, "passover_date"),
        "hanukkah": lambda y: [d for d in heb.hanukkah_date(y) if d.year == y],  # (a set of the days near y)
        "purim": single(heb, "purim_date"),
        "shavuot": single(heb, "shavuot_date"),
        "sukkot": single(heb, "sukkot_date"),
        "diwali": single(hin, "diwali_india_date"),
        "holi": single(hin, "holi_date"),
        "dussehra": single(hin, "dussehra_date"),
        "vesak": single(hin, "buddha_purnima_date"),
        "nowruz": nowruz,
        "nyepi": named("ID", "Day of Silence"),
        "thaipusam": named("MY", "Thaipusam", subdiv="SGR"),
    }


def main() -> int:
    rows = []
    for key, days_in in _sources().items():
        for y in range(FIRST_YEAR, LAST_YEAR + 1):
            try:
                days = sorted(set(days_in(y)))
            except (KeyError, ValueError, TypeError, IndexError):  # a year outside the calendar's table
                days = []
            if days:
                rows.append(f"{key} {y}\t{','.join(d.strftime('%m-%d') for d in days)}")
    header = ("# holiday key and year\tits day(s) that year, MM-DD (two when a lunar year puts it twice in one"
              " Gregorian year); written by scripts/make_holiday_dates.py, read through holidays.tsv (dated:KEY)\n")
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
