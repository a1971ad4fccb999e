"""The county's residents: names, valid ID numbers, unique phones, pinyin initials.

Two million parties need names with real surname frequencies, ID numbers that
pass the GB 11643 check and never repeat, and phones no one else has, each in
about a microsecond; so the check digit and the initials are computed from
tables prepared once, not through app.domain per person.
"""

from __future__ import annotations

import random

from app.demo import words
from app.demo.values import Values, Weighted
from app.domain.search_terms import initials_variants

# GB 11643 check of app.domain.idnumber, unrolled: make_id_number takes 8 µs, too slow
# for two million parties.  The tests check every generated number with parse_id_number.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
COUNTY_CODE = words.COUNTY[0]
"""The county's division code, which every ID number and credit code carries."""
AGE_BANDS = {(18, 29): 12, (30, 44): 28, (45, 59): 33, (60, 74): 20, (75, 88): 7}
"""Adult age range → weight, for parties whose age nothing else fixes."""


class Initials:
    """Pinyin initials stored as the intake stores them (app.domain.search_terms)."""

    def of(self, name: str) -> tuple[str, list[str]]:
        """The stored ``name_initials`` text and the variants it lists."""
        variants = initials_variants(name)
        return " ".join(variants), variants


class People:
    """Residents of the county: names, valid ID numbers, unique phones, addresses."""

    def __init__(self, rng: random.Random, values: Values) -> None:
        self.random = rng.random
        self.initials = Initials()
        self.surnames = Weighted(words.SURNAMES)
        self.male_chars = words.MALE_NAME_CHARS
        self.female_chars = words.FEMALE_NAME_CHARS
        self.occupations = Weighted(words.OCCUPATIONS)
        self.old_occupations = Weighted(words.OLD_OCCUPATIONS)
        self.minorities = Weighted(words.MINORITIES)
        self.mobile_prefixes = words.MOBILE_PREFIXES
        self.ages = Weighted(AGE_BANDS.items())
        self.values = values
        self._region_sum = sum(int(c) * w for c, w in zip(COUNTY_CODE, _ID_WEIGHTS, strict=False))
        self._heads: dict[int, tuple[str, int]] = {}
        self._seq_text = [f"{n:03d}" for n in range(1000)]
        self._seq_sum = [
            sum(int(c) * w for c, w in zip(f"{n:03d}", _ID_WEIGHTS[14:], strict=True))
            for n in range(1000)
        ]
        self._issued: dict[int, int] = {}
        self._phones = 0
        self._landlines = 0

    def name(self, female: bool) -> str:
        """A full name: surname and one or two given-name characters."""
        r = self.random
        chars = self.female_chars if female else self.male_chars
        name = self.surnames.pick(r()) + chars[int(r() * len(chars))]
        return name if r() < 0.3 else name + chars[int(r() * len(chars))]

    def birth_day(self, on_day: int, lo: int = 0, hi: int = 0) -> int:
        """A birth day for someone adult on ``on_day`` (``lo``–``hi`` years old if given)."""
        r = self.random
        if not hi:
            lo, hi = self.ages.pick(r())
        return on_day - int((lo + r() * (hi - lo + 1)) * 365.25)

    def id_number(self, birth: int, male: bool) -> tuple[str, int]:
        """A unique valid ID number and the (possibly moved) birth day it encodes."""
        key = birth * 2 + male
        issued = self._issued.get(key, 0)
        while issued >= 499:
            birth += 1
            key += 2
            issued = self._issued.get(key, 0)
        self._issued[key] = issued + 1
        head = self._heads.get(birth)
        if head is None:
            digits = self.values.dates[birth].strftime("%Y%m%d")
            total = self._region_sum + sum(
                int(c) * w for c, w in zip(digits, _ID_WEIGHTS[6:14], strict=True)
            )
            head = self._heads[birth] = (COUNTY_CODE + digits, total)
        seq = 2 * issued + (1 if male else 2)
        return (
            head[0] + self._seq_text[seq] + _ID_CHECK[(head[1] + self._seq_sum[seq]) % 11],
            birth,
        )

    def mobile(self) -> str:
        """A mobile number no one else in the data set has."""
        self._phones += 1
        prefix = self.mobile_prefixes[int(self.random() * len(self.mobile_prefixes))]
        return f"{prefix}{(self._phones * 48271 + 20240607) % 100_000_000:08d}"

    def landline(self) -> str:
        """A Xiangshan office number (0574-65xxxxxx)."""
        self._landlines += 1
        return f"0574-65{(self._landlines * 7919 + 123457) % 1_000_000:06d}"

    def occupation(self, age: int) -> str:
        """A plausible occupation for someone ``age`` years old."""
        table = self.old_occupations if age >= 60 else self.occupations
        return table.pick(self.random())

    def ethnicity(self) -> str:
        """汉族 for most people, a minority for a few."""
        u = self.random()
        # The top 2.5 % of the draw, stretched back to [0, 1), picks the minority.
        return "汉族" if u < 0.975 else self.minorities.pick((u - 0.975) * 40)

