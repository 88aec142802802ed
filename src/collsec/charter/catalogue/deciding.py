"""Catalogue chapter: how bodies decide and which text applies (R11, R13, R17-R20, R25)."""

from __future__ import annotations

from collsec.charter.catalogue.rule import Rule
from collsec.charter.catalogue.sources import CHARTER_EN, TREATY_2010, TREATY_PROTOCOL_2010
from collsec.scenario.facts import Confidence

__all__ = ["ENTRIES"]

ENTRIES: tuple[Rule, ...] = (
    Rule(
        id="extraordinary-session",
        title="Extraordinary sessions at a member's request, possibly remote",
        articles=("Charter Art. 13", "Regulation on crisis response (2010, 2023)"),
        research="R11, R13, R30",
        confidence=Confidence.H,
        summary=(
            "The chair convenes an extraordinary session of the Council, or of the Permanent "
            "Council, at a member's request; it may meet by videoconference or telephone."
        ),
        sources=("https://news.am/eng/news/735883.html", "https://galatv.am/ru/3060435/"),
    ),
    Rule(
        id="consensus",
        title="Substantive decisions by consensus; procedural ones by a threshold",
        articles=("Charter Art. 12", "Rules of Procedure of the bodies (2004)"),
        research="R17",
        confidence=Confidence.L,
        summary=(
            "The Council and the other statutory bodies decide by consensus except on "
            "procedural questions. One objection by a voting member blocks a substantive "
            "decision. A procedural decision needs more than `rules.procedural_threshold` of "
            "the voting members in favour (all of them when the threshold is 1)."
        ),
        settings=("procedural_threshold",),
        sources=(CHARTER_EN, "https://socialbites.ca/politics/119445"),
        open_question=(
            "Art. 12's exact wording and the procedural majority are unread (research C1). "
            "Default threshold 0.5: a simple majority, the usual rule for procedure."
        ),
    ),
    Rule(
        id="binding",
        title="Decisions bind the members that take them",
        articles=("Charter Art. 2",),
        research="R17, R18",
        confidence=Confidence.H,
        summary=(
            "Council decisions bind the members and are carried out through national "
            "procedures; a member that did not join may accede later."
        ),
        sources=(CHARTER_EN,),
    ),
    Rule(
        id="staying-out",
        title="A member that stays out without objecting does not block",
        articles=("CSC practice: Minsk 23 Nov 2023; Bishkek 27 Nov 2025",),
        research="R18",
        confidence=Confidence.M,
        summary=(
            "NOT_JOINING and ABSENT_NO_OBJECTION do not block; the decision binds the joining "
            "members and the others may join later. Whether a silent absence blocks (Belarus's "
            "2009 view, the quorum view) is `rules.absent_silent_blocks`."
        ),
        settings=("absent_silent_blocks",),
        sources=(
            "https://rferl.org/amp/armenia-csto-summit-belarus-russia/32697282.html",
            "https://tass.ru/politika/25713997",
            "https://defencetalk.com/russian-agreement-with-security-group-deepens-belarus-rift-19778",
        ),
        open_question=(
            "Whether the 2010 Charter amendment wrote this in is unknown (research C1). "
            "Default `absent_silent_blocks=false`: the Minsk 2023 practice, the most recent."
        ),
    ),
    Rule(
        id="joint-statement",
        title="Joint statements follow their own procedure",
        articles=("CSC decision of 23 Dec 2014 on joint statements", "Charter Art. 9"),
        research="R19",
        confidence=Confidence.L,
        summary="A collective statement is the least measure the Council can adopt.",
        sources=("https://cis-legislation.com/document.fwx?rgn=76396",),
    ),
    Rule(
        id="foreign-bases",
        title="A third country's base needs every member's consent",
        articles=("Protocol on the deployment of military infrastructure (20 Dec 2011)",),
        research="R20",
        confidence=Confidence.H,
        summary=(
            "From 20 Dec 2011 a non-member's military base on a member's territory needs the "
            "official consent of all members, meaning that none officially objects. Facilities "
            "that existed before are not affected."
        ),
        sources=(
            "https://www.thehindu.com/todays-paper/tp-international/csto-tightens-foreign-base-"
            "norms/article2736607.ece",
            "https://rferl.org/a/csto_wants_mutual_consent_foreign_military_bases/24429242.html",
        ),
    ),
    Rule(
        id="text-in-force",
        title="The text in force on the date asked",
        articles=("CST Art. 9 (amendment by protocols)", "Charter Art. 27"),
        research="R22, R23, R29",
        confidence=Confidence.H,
        summary=(
            "An instrument applies from its entry into force until a replacing instrument "
            "enters into force; an article amended by a protocol reads in its amended form "
            "from the protocol's entry into force (the 2010 protocols: 19 Dec 2012)."
        ),
        sources=(TREATY_PROTOCOL_2010, TREATY_2010),
    ),
    Rule(
        id="treaty-final-clauses",
        title="The Treaty's other articles",
        articles=("CST Arts. 7-12",),
        research="R25",
        confidence=Confidence.M,
        summary=(
            "Facilities are stationed under special agreements (Art. 7); the Treaty does not "
            "affect other treaties or self-defence (Art. 8); questions are settled jointly and "
            "amendments are made by protocols (Art. 9); registration with the UN (Art. 12)."
        ),
        sources=("https://zaki.ru/pagesnew.php?id=1180&page=2",),
    ),
)
