"""Made-up names and places, and real code values, for synthetic claims.

No name, member id or birth date here belongs to anyone: names are combined at random from
common-word lists and ids are random digits.
"""

from __future__ import annotations

from decimal import Decimal

LAST_NAMES = (
    "SMITH",
    "JOHNSON",
    "WILLIAMS",
    "BROWN",
    "JONES",
    "GARCIA",
    "MILLER",
    "DAVIS",
    "RODRIGUEZ",
    "MARTINEZ",
    "HERNANDEZ",
    "LOPEZ",
    "WILSON",
    "ANDERSON",
    "THOMAS",
    "TAYLOR",
    "MOORE",
    "JACKSON",
    "MARTIN",
    "LEE",
    "PEREZ",
    "THOMPSON",
    "WHITE",
    "HARRIS",
    "CLARK",
    "LEWIS",
    "ROBINSON",
    "WALKER",
    "YOUNG",
    "ALLEN",
    "KING",
    "WRIGHT",
    "SCOTT",
    "TORRES",
    "NGUYEN",
)
FIRST_NAMES_F = (
    "MARY",
    "PATRICIA",
    "JENNIFER",
    "LINDA",
    "ELIZABETH",
    "SUSAN",
    "JESSICA",
    "SARAH",
    "KAREN",
    "LISA",
    "NANCY",
    "BETTY",
    "SANDRA",
    "ASHLEY",
    "EMILY",
    "DONNA",
    "MICHELLE",
)
FIRST_NAMES_M = (
    "JAMES",
    "ROBERT",
    "JOHN",
    "MICHAEL",
    "DAVID",
    "WILLIAM",
    "RICHARD",
    "JOSEPH",
    "THOMAS",
    "CHARLES",
    "DANIEL",
    "MATTHEW",
    "ANTHONY",
    "MARK",
    "DONALD",
    "STEVEN",
    "PAUL",
    "ANDREW",
)
STREETS = (
    "MAIN ST",
    "OAK AVE",
    "MAPLE DR",
    "CEDAR LN",
    "PINE ST",
    "ELM ST",
    "WASHINGTON BLVD",
    "LAKE RD",
    "HILL ST",
    "PARK AVE",
    "SUNSET DR",
    "RIVER RD",
    "CHURCH ST",
    "MILL RD",
)
CITIES = (
    ("COLUMBUS", "OH", "43215"),
    ("AUSTIN", "TX", "78701"),
    ("DENVER", "CO", "80202"),
    ("RALEIGH", "NC", "27601"),
    ("PORTLAND", "OR", "97201"),
    ("TAMPA", "FL", "33602"),
    ("MADISON", "WI", "53703"),
    ("RICHMOND", "VA", "23219"),
    ("BOISE", "ID", "83702"),
    ("ALBANY", "NY", "12207"),
    ("PHOENIX", "AZ", "85004"),
    ("NASHVILLE", "TN", "37203"),
)
CLINIC_WORDS = ("VALLEY", "RIVERSIDE", "SUMMIT", "LAKESIDE", "MERIDIAN", "PIONEER", "CENTRAL")
CLINIC_KINDS = ("FAMILY MEDICINE", "MEDICAL GROUP", "PHYSICIANS", "HEALTH PARTNERS", "CLINIC")
HOSPITAL_KINDS = ("GENERAL HOSPITAL", "MEDICAL CENTER", "REGIONAL HOSPITAL", "COMMUNITY HOSPITAL")

PAYERS = (
    ("MEDICARE PART B", "MB12345", "MB"),
    ("BLUE CROSS BLUE SHIELD", "BCBS01", "BL"),
    ("AETNA", "60054", "CI"),
    ("UNITEDHEALTHCARE", "87726", "CI"),
    ("CIGNA", "62308", "CI"),
    ("STATE MEDICAID", "MCD001", "MC"),
    ("HUMANA", "61101", "HM"),
)
INSTITUTIONAL_PAYERS = (
    ("MEDICARE PART A", "MA12345", "MA"),
    ("BLUE CROSS BLUE SHIELD", "BCBS01", "BL"),
    ("AETNA", "60054", "CI"),
    ("UNITEDHEALTHCARE", "87726", "CI"),
    ("STATE MEDICAID", "MCD001", "MC"),
)

PHYSICIAN_TAXONOMIES = ("207Q00000X", "208D00000X", "207R00000X", "208000000X", "207X00000X")
HOSPITAL_TAXONOMY = "282N00000X"

EIN_PREFIXES = ("10", "12", "20", "27", "33", "41", "46", "52", "61", "75", "84", "94")

DIAGNOSES = (
    "E119",
    "I10",
    "J069",
    "M5450",
    "Z0000",
    "R051",
    "K219",
    "F419",
    "J029",
    "N390",
    "E785",
    "M25561",
    "S93401A",
    "Z23",
    "R109",
    "G43909",
    "J45909",
    "E1165",
    "I2510",
    "M1711",
    "J189",
    "I5022",
    "N179",
    "E871",
    "D649",
    "R0789",
    "K5900",
    "H6590",
    "L03115",
    "J209",
    "R42",
    "F329",
    "E039",
    "R5383",
    "Z1231",
)
INPATIENT_DIAGNOSES = ("K3580", "J189", "I5022", "M1711", "N179", "I214", "A419", "J441")

# (CPT/HCPCS, low charge, high charge, usual modifiers)
OFFICE_PROCEDURES = (
    ("99213", 90, 160, ("", "25")),
    ("99214", 130, 230, ("", "25")),
    ("99203", 110, 190, ("",)),
    ("99396", 180, 260, ("",)),
    ("36415", 10, 25, ("",)),
    ("81002", 8, 20, ("",)),
    ("87880", 25, 45, ("QW",)),
    ("93000", 40, 90, ("",)),
    ("71046", 60, 140, ("26", "TC", "")),
    ("20610", 120, 260, ("RT", "LT")),
    ("97110", 35, 70, ("GP",)),
    ("90471", 20, 40, ("",)),
    ("90686", 25, 45, ("",)),
    ("11042", 150, 320, ("",)),
    ("73610", 50, 120, ("RT", "LT")),
)
# (HCPCS drug code, NDC, low charge, high charge, NDC quantity, unit)
DRUGS = (
    ("J1100", "00641036725", 10, 30, "1", "ML"),
    ("J0696", "00409733201", 20, 60, "1", "UN"),
    ("J3301", "00003029305", 15, 45, "1", "ML"),
    ("J1885", "00409379601", 12, 35, "2", "ML"),
)
# (revenue code, HCPCS or "", low, high, unit type)
OUTPATIENT_LINES = (
    ("0450", "99284", 600, 1400, "UN"),
    ("0300", "80053", 40, 120, "UN"),
    ("0320", "71046", 150, 400, "UN"),
    ("0730", "93005", 80, 220, "UN"),
    ("0250", "", 20, 90, "UN"),
    ("0510", "99213", 150, 300, "UN"),
    ("0352", "74177", 900, 2400, "UN"),
    ("0420", "97110", 90, 180, "UN"),
)
INPATIENT_LINES = (
    ("0120", "", 1800, 3200, "DA"),
    ("0250", "", 150, 900, "UN"),
    ("0300", "", 200, 700, "UN"),
    ("0360", "", 4000, 12000, "UN"),
    ("0710", "", 600, 1500, "UN"),
    ("0270", "", 300, 1100, "UN"),
)
# (principal diagnosis, ICD-10-PCS procedure or "", DRG)
INPATIENT_CASES = (
    ("K3580", "0DTJ4ZZ", "343"),
    ("M1711", "0SRD0JZ", "470"),
    ("J189", "", "194"),
    ("I5022", "", "292"),
    ("I214", "02703ZZ", "247"),
    ("A419", "5A1955Z", "871"),
)
ADJUSTMENT_REASONS = (("CO", "45"), ("PR", "1"), ("PR", "2"), ("PR", "3"), ("OA", "23"))

ONE_CENT = Decimal("0.01")
