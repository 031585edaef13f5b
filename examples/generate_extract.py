#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate examples/data/extract.csv: a synthetic person-month extract shaped like the data of the
Luxembourg Microdata Platform on Labour and Social Protection (see examples/README.md).

Nothing here describes a real person or employer: every value is drawn from the distributions
below. The file is a function of --seed and --rows only (same seed and rows -> identical bytes,
for a given NumPy version; Debian 12 ships 1.24). Run with Debian's interpreter:

    /usr/bin/python3 examples/generate_extract.py            # writes examples/data/extract.csv
    /usr/bin/python3 examples/generate_extract.py --seed 7 --rows 1000 --out /tmp/small.csv
"""

import argparse
import pathlib

import numpy as np

MONTHS = [201701 + m for m in range(12)]  # reference_period, YYYYMM

# Residence country of cross-border and resident workers.
COUNTRIES = {"LU": 0.55, "FR": 0.25, "BE": 0.10, "DE": 0.10}

# i_location_residence: canton for Luxembourg (all 12), département for France, province for
# Belgium, Regierungsbezirk (or the Saarland) for Germany; shares within the country.
LOCATIONS = {
    "LU": {"Luxembourg": 0.30, "Esch-sur-Alzette": 0.29, "Capellen": 0.08, "Diekirch": 0.06,
           "Mersch": 0.05, "Grevenmacher": 0.05, "Remich": 0.04, "Redange": 0.03,
           "Echternach": 0.03, "Wiltz": 0.03, "Clervaux": 0.03, "Vianden": 0.01},
    "FR": {"Moselle": 0.70, "Meurthe-et-Moselle": 0.25, "Meuse": 0.03, "Vosges": 0.02},
    "BE": {"Province de Luxembourg": 0.75, "Liège": 0.18, "Namur": 0.05, "Hainaut": 0.02},
    "DE": {"Trier": 0.70, "Saarland": 0.20, "Koblenz": 0.07, "Köln": 0.03},
}

# i_citizenship by residence country ("OTH" = any other citizenship).
CITIZENSHIP = {
    "LU": {"LU": 0.50, "PT": 0.16, "FR": 0.08, "IT": 0.04, "BE": 0.04, "DE": 0.02, "ES": 0.02,
           "RO": 0.02, "PL": 0.02, "CV": 0.01, "OTH": 0.09},
    "FR": {"FR": 0.90, "PT": 0.03, "IT": 0.02, "LU": 0.01, "OTH": 0.04},
    "BE": {"BE": 0.88, "FR": 0.04, "PT": 0.02, "LU": 0.01, "OTH": 0.05},
    "DE": {"DE": 0.85, "LU": 0.05, "PL": 0.03, "OTH": 0.07},
}

# NACE Rev. 2 sections: share of employment, share of women, median full-time monthly wage (EUR),
# and the shares of the sector's employment held by its few large employers (a utility, a steel
# maker, the banks, the State, the hospitals...), which make employer-level dominance matter.
SECTORS = {
    #     share  women  median  large employers
    "A": (0.004, 0.30, 2400, []),
    "B": (0.002, 0.08, 4500, [0.85]),
    "C": (0.080, 0.20, 4200, [0.12, 0.06]),
    "D": (0.004, 0.22, 6000, [0.55, 0.25]),
    "E": (0.005, 0.18, 3800, [0.30]),
    "F": (0.110, 0.10, 3300, []),
    "G": (0.140, 0.45, 3200, [0.05, 0.04]),
    "H": (0.090, 0.22, 3800, [0.22, 0.15, 0.10]),
    "I": (0.060, 0.45, 2300, []),
    "J": (0.050, 0.30, 5000, [0.10]),
    "K": (0.120, 0.46, 6000, [0.12, 0.08, 0.06, 0.04, 0.04]),
    "L": (0.008, 0.45, 4200, []),
    "M": (0.090, 0.45, 4800, [0.03]),
    "N": (0.090, 0.40, 2800, [0.06]),
    "O": (0.040, 0.45, 5500, [0.60, 0.10]),
    "P": (0.030, 0.70, 4500, [0.20]),
    "Q": (0.090, 0.75, 4300, [0.15, 0.12, 0.10]),
    "R": (0.008, 0.45, 3500, []),
    "S": (0.015, 0.60, 2900, []),
}

# i_age bands: 0 = under 20, 1 = 20-24, ..., 8 = 55-59, 9 = 60 and more; shares among workers.
AGE_BAND_SHARES = [0.01, 0.06, 0.11, 0.14, 0.15, 0.14, 0.13, 0.12, 0.10, 0.04]
AGE_WAGE_FACTOR = [0.55, 0.70, 0.85, 0.95, 1.00, 1.05, 1.10, 1.12, 1.12, 1.10]

FULL_TIME_HOURS = 173  # 40 h a week
PART_TIME_HOURS = [87, 104, 130, 139]

# Household size distribution (households in the extract, i.e. members who work).
HOUSEHOLD_SIZES = {1: 0.45, 2: 0.35, 3: 0.12, 4: 0.06, 5: 0.02}

# Sample design: persons are drawn 1 in k, k by stratum; weight = k x calibration factor.
K_TAKE_ALL = 1       # rare sectors (A, B, D, E, L, R): every worker is in the extract
K_RESIDENT = 2       # residents of Luxembourg working for smaller employers
K_CROSS_BORDER = 3   # cross-border workers working for smaller employers
K_LARGE = 5          # employees of the large employers
RARE_SECTORS = {"A", "B", "D", "E", "L", "R"}


def pick(rng, table):
    """One key of {key: probability}, drawn with those probabilities."""
    keys = list(table)
    p = np.array([table[k] for k in keys], dtype=float)
    return keys[rng.choice(len(keys), p=p / p.sum())]


def age_band(age_months):
    years = age_months // 12
    return 0 if years < 20 else min(9, (years - 20) // 5 + 1)


def age_in_band(rng, band):
    """Age in months at January 2017 for someone in the band."""
    low, high = {0: (16, 19), 9: (60, 66)}.get(band, (20 + 5 * (band - 1), 24 + 5 * (band - 1)))
    return int(rng.integers(low * 12, high * 12 + 12))


def unique_ids(rng, prefix, count, digits):
    numbers = rng.choice(10 ** digits - 10 ** (digits - 1), size=count, replace=False)
    return [f"{prefix}{10 ** (digits - 1) + int(n)}" for n in numbers]


class Employers:
    """The employers of each sector: a few large ones and many small ones of skewed sizes."""

    def __init__(self, rng):
        self.by_sector = {}
        total = 0
        plans = {}
        for sector, (share, _, _, large) in SECTORS.items():
            n_small = max(3, int(share * 3000))
            small_sizes = rng.pareto(1.1, size=n_small) + 1.0
            small_shares = (1.0 - sum(large)) * small_sizes / small_sizes.sum()
            plans[sector] = (large, small_shares)
            total += len(large) + n_small
        ids = iter(unique_ids(rng, "E", total, 5))
        for sector, (large, small_shares) in plans.items():
            employers = [(next(ids), s, True) for s in large]
            employers += [(next(ids), float(s), False) for s in small_shares]
            self.by_sector[sector] = employers

    def draw(self, rng, sector, resident):
        """An employer of the sector, drawn as the 1-in-k sample design implies."""
        employers = self.by_sector[sector]
        weights = np.array([share / k_of(sector, is_large, resident)
                            for _, share, is_large in employers])
        employer_id, _, is_large = employers[rng.choice(len(employers), p=weights / weights.sum())]
        return employer_id, is_large


def k_of(sector, is_large, resident):
    if sector in RARE_SECTORS:
        return K_TAKE_ALL
    if is_large:
        return K_LARGE
    return K_RESIDENT if resident else K_CROSS_BORDER


def draw_sector(rng, woman):
    table = {s: share * (women if woman else 1.0 - women)
             for s, (share, women, _, _) in SECTORS.items()}
    return pick(rng, table)


def make_households(rng, n_persons):
    """Households of 1-5 working members sharing residence; members' ages, sexes and
    citizenships follow the head's (a couple of similar age, young adult children)."""
    persons = []
    household = -1
    while len(persons) < n_persons:
        household += 1
        size = pick(rng, HOUSEHOLD_SIZES)
        country = pick(rng, COUNTRIES)
        citizenship = pick(rng, CITIZENSHIP[country])
        head_band = int(rng.choice(10, p=AGE_BAND_SHARES))
        if size >= 3:
            head_band = max(head_band, 5)  # parents of working children
        head_woman = rng.random() < 0.40
        for member in range(size):
            if member == 0:
                band, woman = head_band, head_woman
            elif member == 1:
                band = int(np.clip(head_band + rng.integers(-1, 2), 1, 9))
                woman = (not head_woman) if rng.random() < 0.95 else head_woman
            else:
                band = int(rng.choice(3, p=[0.10, 0.45, 0.45]))  # working children
                woman = rng.random() < 0.45
            own_citizenship = citizenship
            if member > 0 and rng.random() < 0.15:
                own_citizenship = pick(rng, CITIZENSHIP[country])
            persons.append({"household": household, "country": country,
                            "citizenship": own_citizenship, "woman": woman,
                            "age_months": age_in_band(rng, band)})
    return persons


def location_paths(rng, people):
    """Each household's location in each month: households rarely move (within the country)."""
    paths = {}
    for person in people:
        household = person["household"]
        if household in paths:
            continue
        country = person["country"]
        path = [pick(rng, LOCATIONS[country])]
        for _ in MONTHS[1:]:
            path.append(pick(rng, LOCATIONS[country]) if rng.random() < 0.0015 else path[-1])
        paths[household] = path
    return paths


def spell(rng):
    """The months (indices 0..11) a person is in the extract: most the whole year, some enter
    (hired) or leave (job ends, retirement) during the year."""
    u = rng.random()
    if u < 0.84:
        return range(0, 12)
    if u < 0.92:
        return range(int(rng.integers(1, 12)), 12)
    if u < 0.98:
        return range(0, int(rng.integers(1, 12)))
    start = int(rng.integers(1, 10))
    return range(start, int(rng.integers(start + 1, 12)))


def generate(seed, n_rows):
    rng = np.random.default_rng(seed)
    employers = Employers(rng)
    # Enough persons for n_rows person-months (about 11 months each on average), then trimmed.
    people = make_households(rng, n_rows // 10 + 50)
    person_ids = unique_ids(rng, "P", len(people), 7)
    household_ids = unique_ids(rng, "H", people[-1]["household"] + 1, 6)
    locations = location_paths(rng, people)

    # Calibration factors: one per design stratum, one per post-stratum (sex x broad age).
    stratum_factor = {k: float(rng.uniform(0.97, 1.03)) for k in (1, 2, 3, 5)}
    post_factor = {(w, a): float(rng.uniform(0.97, 1.03)) for w in (False, True) for a in range(3)}

    records = []
    for person, person_id in zip(people, person_ids):
        resident = person["country"] == "LU"
        sector = draw_sector(rng, person["woman"])
        employer, is_large = employers.draw(rng, sector, resident)
        k = k_of(sector, is_large, resident)
        broad_age = min(2, age_band(person["age_months"]) // 4)
        weight = k * stratum_factor[k] * post_factor[(person["woman"], broad_age)]
        part_time = rng.random() < (0.30 if person["woman"] else 0.06)
        hours = int(rng.choice(PART_TIME_HOURS)) if part_time else FULL_TIME_HOURS
        skill = float(rng.normal(0.0, 0.35))  # the person's lasting wage effect
        thirteenth_month = sector in {"K", "D", "O", "J"} and rng.random() < 0.7
        household = person["household"]
        for month in spell(rng):
            # Small changes from month to month: a new job, a change of working time.
            if rng.random() < 0.008:
                if rng.random() < 0.35:
                    sector = draw_sector(rng, person["woman"])
                employer, is_large = employers.draw(rng, sector, resident)
                skill = 0.7 * skill + float(rng.normal(0.0, 0.15))
            if rng.random() < 0.004:
                hours = FULL_TIME_HOURS if hours != FULL_TIME_HOURS else int(
                    rng.choice(PART_TIME_HOURS))
            band = age_band(person["age_months"] + month)
            worked = hours
            if hours == FULL_TIME_HOURS and rng.random() < 0.10:
                worked += int(rng.integers(1, 16))  # overtime
            median = SECTORS[sector][2]
            wage = (median * AGE_WAGE_FACTOR[band] * (0.93 if person["woman"] else 1.0)
                    * np.exp(skill + rng.normal(0.0, 0.03)) * worked / FULL_TIME_HOURS)
            if thirteenth_month and MONTHS[month] == 201712:
                wage *= 2.0
            u = rng.random()
            if u < 0.001:
                wage_text = f"{-rng.uniform(20.0, 1500.0):.2f}"  # a correction of overpaid wages
            elif u < 0.006:
                wage_text = ""  # missing
            else:
                wage_text = f"{wage:.2f}"
            records.append((MONTHS[month], person_id, 2 if person["woman"] else 1, band,
                            person["country"], locations[household][month],
                            person["citizenship"], sector, employer, wage_text, worked,
                            f"{weight:.4f}", household_ids[household]))
            if len(records) == n_rows:
                break
        if len(records) == n_rows:
            break
    if len(records) < n_rows:
        raise SystemExit(f"generated only {len(records)} records; increase the person count")
    records.sort(key=lambda r: (r[0], r[1]))  # stacked monthly extracts
    return records


COLUMNS = ["reference_period", "individual_id", "i_gender", "i_age", "i_residence_country",
           "i_location_residence", "i_citizenship", "j_sector", "employer_id", "wage",
           "working_time", "weight", "household_id"]


def main():
    here = pathlib.Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20180201, help="random seed (default: %(default)s)")
    parser.add_argument("--rows", type=int, default=60_000, help="person-months (default: %(default)s)")
    parser.add_argument("--out", type=pathlib.Path, default=here / "data" / "extract.csv",
                        help="output CSV (default: examples/data/extract.csv)")
    args = parser.parse_args()
    if args.rows < 1:
        parser.error("--rows must be positive")
    records = generate(args.seed, args.rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # No field needs quoting: names and codes contain no comma, quote or line break.
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(",".join(COLUMNS) + "\n")
        for record in records:
            out.write(",".join(str(value) for value in record) + "\n")


if __name__ == "__main__":
    main()
