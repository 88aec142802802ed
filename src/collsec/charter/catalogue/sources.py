"""Addresses cited by several catalogue entries, written once."""

from __future__ import annotations

__all__ = [
    "CHARTER_EN",
    "CHARTER_RU",
    "CRISIS_REG_2010",
    "FORCES_REG_2010",
    "KAZ_DECISION",
    "MFA_2025",
    "TASS_UZB",
    "TEXTBOOK",
    "TREATY_1992",
    "TREATY_2010",
    "TREATY_PROTOCOL_2010",
]

CHARTER_EN = "https://en.odkb-csto.org/documents/documents/ustav_organizatsii_dogovora_o_kollektivnoy_bezopasnosti_/"
CHARTER_RU = "https://docs.cntd.ru/document/901868280"
TREATY_1992 = "http://www.odkb.gov.ru/b/azbengl.htm"
TREATY_2010 = "https://en.odkb-csto.org/documents/documents/dogovor_o_kollektivnoy_bezopasnosti/"
TREATY_PROTOCOL_2010 = (
    "https://zakonpravo.kz/en/on-ratification-of-the-protocol-on-amendments-to-the-"
    "collective-security-treaty-of-may-15-1992"
)
TEXTBOOK = "https://user.bibliboba.online/books/mezhdunarodnoe-pravo/p/129"
MFA_2025 = "https://haqqin.az/newsarchive/368808"
TASS_UZB = "http://tass.com/russia/687141"
CRISIS_REG_2010 = "https://cis-legislation.com/document.fwx?rgn=33014"
FORCES_REG_2010 = "https://cis-legislation.com/document.fwx?rgn=33013"
KAZ_DECISION = "https://topdialog.ru/2022/01/06/pashinyan-v-kazahstan-otpravyat-mirotvorczev-odkb"
