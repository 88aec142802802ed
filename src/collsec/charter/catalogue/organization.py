"""Catalogue chapter: membership, bodies, rotating offices, budget and status (R1-R16, R31-R33)."""

from __future__ import annotations

from collsec.charter.catalogue.rule import Rule
from collsec.charter.catalogue.sources import CHARTER_RU, MFA_2025, TASS_UZB, TEXTBOOK
from collsec.scenario.facts import Confidence

__all__ = ["ENTRIES"]

ENTRIES: tuple[Rule, ...] = (
    Rule(
        id="member-status",
        title="Member statuses",
        articles=("Charter (membership clauses)", "Russian MFA statement, Dec 2025"),
        research="R1",
        confidence=Confidence.H,
        summary=(
            "A state's standing on a date is its latest dated status: active, "
            "frozen_self_declared, suspended, withdrawn or expelled. Active and self-declared "
            "frozen states are members; suspended, withdrawn and expelled ones are not counted."
        ),
        sources=("https://tass.ru/politika/25713997", MFA_2025),
    ),
    Rule(
        id="capacity",
        title="Treaty party before the Organization, member after",
        articles=("CST (1992)", "Charter (7 Oct 2002)"),
        research="R32",
        confidence=Confidence.H,
        summary=(
            "Before the Charter was signed on 7 Oct 2002 the states were parties to the "
            "Collective Security Treaty; from then on they are members of the Organization."
        ),
        sources=("http://www.odkb.gov.ru/a/aengl.htm", "https://en.odkb-csto.org/25years/"),
    ),
    Rule(
        id="admission",
        title="Admission by decision of the Collective Security Council",
        articles=("Charter Art. 19", "Regulation on admission and withdrawal (2004)"),
        research="R2",
        confidence=Confidence.H,
        summary=(
            "A state that shares the Organization's purposes and accepts the obligations of the "
            "Charter may be admitted; the Council decides, by consensus."
        ),
        sources=(
            "https://private.bibliboba.com/books/mezhgosudarstvennye-integratsionnye-obedineniia-"
            "na-postsovetskom-prostranstve/p/159",
            TEXTBOOK,
            TASS_UZB,
        ),
        open_question=(
            "The steps inside the 2004 Regulation are unread; the engine requires one adopted "
            "substantive CSC decision."
        ),
    ),
    Rule(
        id="withdrawal",
        title="Withdrawal on six months' written notice, obligations settled",
        articles=("Charter, withdrawal clause", "CST Art. 11"),
        research="R3, R4",
        confidence=Confidence.H,
        summary=(
            "A member leaves after settling its obligations, by written notice to the "
            "depositary at least six months before the date of withdrawal; the effective date "
            "is the notice date plus six months at the earliest."
        ),
        sources=(
            TEXTBOOK,
            MFA_2025,
            "https://pavlodar.com/zakon/index.html?dok=03122&oraz=00&noraz=0",
        ),
        open_question=(
            "The Treaty's own six-month wording (Art. 11) is recalled, not read (confidence M/L)."
        ),
    ),
    Rule(
        id="treaty-renewal",
        title="The Treaty's five-year terms and automatic renewal",
        articles=("CST Art. 11", "Protocol of 2 Apr 1999"),
        research="R4",
        confidence=Confidence.H,
        summary=(
            "The Treaty ran five years from its entry into force (20 Apr 1994); the 1999 "
            "Protocol extended it and renews it automatically for successive five-year periods, "
            "without prejudice to each party's right to withdraw."
        ),
        sources=(
            "https://pavlodar.com/zakon/index.html?dok=03122&oraz=00&noraz=0",
            "http://www.odkb.gov.ru/a/aengl.htm",
        ),
    ),
    Rule(
        id="suspension",
        title="Suspension by the Council, on request or as a sanction",
        articles=("Charter (suspension clause)", "Regulation on suspension and expulsion (2004)"),
        research="R5",
        confidence=Confidence.H,
        summary=(
            "The Council may suspend a member's participation in the Organization's bodies, "
            "at the member's own request (Uzbekistan: note of 28 Jun 2012, decision of "
            "19 Dec 2012) or on its own motion. A suspended member has no vote."
        ),
        sources=(
            "https://9dok.net/article/csto-bodies-collective-security-treaty-organisation.yj793l05",
            TASS_UZB,
            "https://analitika.at.ua/news/odkb_teper_bez_uzbekistana/2012-12-19-70759",
        ),
        open_question=(
            "Grounds and vote are unread (research C4). Default: the Council decides by "
            "consensus and, for a suspension it imposes, the affected state does not vote "
            "(consensus minus one); the API takes `affected_state_votes=True` for the other view."
        ),
    ),
    Rule(
        id="expulsion",
        title="Expulsion by the Council",
        articles=("Charter (expulsion clause)", "Regulation on suspension and expulsion (2004)"),
        research="R5",
        confidence=Confidence.L,
        summary=(
            "The Council may expel a member; no precedent exists. The engine requires an "
            "adopted Council decision without the affected state's vote."
        ),
        sources=(
            "https://9dok.net/article/csto-bodies-collective-security-treaty-organisation.yj793l05",
        ),
        open_question="Grounds and threshold unread (research C4); same default as suspension.",
    ),
    Rule(
        id="freeze-not-legal",
        title="A self-declared freeze is behaviour, not a legal status",
        articles=("Russian MFA statement, Dec 2025",),
        research="R5, B7",
        confidence=Confidence.H,
        summary=(
            "No instrument provides for freezing membership: a state that declares a freeze "
            "keeps all rights and obligations, still votes and still takes its turn in "
            "rotation unless `rules.skip_frozen_in_rotation` says otherwise."
        ),
        assumptions=("frozen_member_default_position",),
        sources=(MFA_2025, "https://www.kommersant.ru/doc/8399505"),
    ),
    Rule(
        id="arrears-sanction",
        title="Loss of vote after two years of budget arrears",
        articles=("CSTO financial rules as described by the Russian MFA, Dec 2025",),
        research="R6",
        confidence=Confidence.M,
        summary=(
            "A member two years in arrears to the budget may lose its vote in the bodies and "
            "its right to nominate to quota posts until it pays. The sanction is discretionary, "
            "so the engine applies it only when `rules.arrears_sanction` is true."
        ),
        settings=("arrears_sanction", "arrears_years_for_sanction", "arrears"),
        sources=(MFA_2025,),
        open_question="The underlying document is unidentified; default: not applied.",
    ),
    Rule(
        id="observer-partner",
        title="Observer and partner status by consensus",
        articles=("Charter as amended by Protocol No. 3 (8 Nov 2018, in force 19 Jan 2021)",),
        research="R7",
        confidence=Confidence.H,
        summary=(
            "A state or organization may be granted observer or partner status by consensus; "
            "partner status exists only from 19 Jan 2021. Such status gives no vote."
        ),
        sources=("https://news.am/eng/news/525649.html", CHARTER_RU),
    ),
    Rule(
        id="bodies",
        title="The bodies of the Organization",
        articles=("Charter Art. 11",),
        research="R8, R9, R12, R13, R15, R16",
        confidence=Confidence.H,
        summary=(
            "Statutory bodies (CSC, CFM, CDM, CSSC) decide; the Secretariat and the Joint Staff "
            "are permanent working bodies that take no votes; the Permanent Council coordinates "
            "between sessions. A decision asked of a body that takes no votes is refused."
        ),
        sources=("http://en.odkb-csto.org/structure/",),
    ),
    Rule(
        id="chair-rotation",
        title="The Council's chair rotates yearly in Russian alphabetical order",
        articles=("Charter Art. 13", "CSC practice since 2024"),
        research="R10",
        confidence=Confidence.M,
        summary=(
            "The chair is the head of the state hosting the regular session unless the Council "
            "decides otherwise; in practice it passes each calendar year to the next member in "
            "Russian alphabetical order. Recorded chairs come first; the rule computes the rest."
        ),
        settings=("skip_frozen_in_rotation",),
        sources=(
            "https://www.asiaplustj.info/en/news/tajikistan/politics/20220517/csto-heads-of-state-"
            "adopt-some-documents-at-a-jubilee-summit-in-moscow",
            "https://tass.ru/politika/26057717",
        ),
        open_question=(
            "The alphabetical order is inferred from practice. Whether a frozen member takes "
            "its turn is `rules.skip_frozen_in_rotation` (default false: it is legally a member)."
        ),
    ),
    Rule(
        id="sg-rotation",
        title="The Secretary General rotates in three-year terms",
        articles=("CSC decision of 15 Sep 2015",),
        research="R14",
        confidence=Confidence.M,
        summary=(
            "The Council appoints the Secretary General from the members' citizens; since 2015 "
            "the post rotates in Russian alphabetical order for three-year terms."
        ),
        settings=("skip_frozen_in_rotation",),
        sources=("https://interfax.ru/world/466798", "https://tass.ru/politika/26057717"),
        open_question="Some sources give four years; observed tenures fit three.",
    ),
    Rule(
        id="budget",
        title="The budget from members' shares",
        articles=("Charter (budget clause)", "CSC annual budget decisions"),
        research="R31",
        confidence=Confidence.H,
        summary=(
            "The Council adopts the budget each year from members' share contributions; quota "
            "posts follow contributions. Current shares are not public."
        ),
        sources=(
            "https://dzen.ru/a/ZmasyhgmbQupkCrG",
            "https://en.odkb-csto.org/authorized_organs/secretariat/",
        ),
    ),
    Rule(
        id="legal-status",
        title="Legal status, seat and language",
        articles=("Charter Art. 27", "Agreement on the legal status (7 Oct 2002)"),
        research="R32",
        confidence=Confidence.H,
        summary=(
            "The Charter entered into force on 18 Sep 2003; seat Moscow; language Russian; "
            "the Charter is amended by protocols; the Secretariat is the depositary."
        ),
        sources=("http://www.odkb.gov.ru/a/aengl.htm",),
    ),
    Rule(
        id="purposes",
        title="Purposes: political means first",
        articles=("Charter Art. 3", "Charter Art. 7 (2010)"),
        research="R33",
        confidence=Confidence.H,
        summary=(
            "The Organization protects its members' independence, territorial integrity and "
            "sovereignty, giving priority to political means; this is why the procedure tries "
            "measures in order and a statement is always available."
        ),
        sources=(
            "http://minskdialogue.by/ru/research/memorable-notes/organizatciia-dogovora-o-kollektivnoi-bezopasnosti",
        ),
    ),
)
