"""Catalogue chapter: assistance, collective defence and the crisis procedure (R21-R30)."""

from __future__ import annotations

from collsec.charter.catalogue.rule import Rule
from collsec.charter.catalogue.sources import (
    CRISIS_REG_2010,
    FORCES_REG_2010,
    KAZ_DECISION,
    TREATY_1992,
    TREATY_PROTOCOL_2010,
)
from collsec.scenario.facts import Confidence

__all__ = ["ENTRIES"]

ENTRIES: tuple[Rule, ...] = (
    Rule(
        id="non-aggression",
        title="No force among members",
        articles=("CST Art. 1",),
        research="R21",
        confidence=Confidence.H,
        summary=(
            "Members refrain from force among themselves and join no action against another "
            "member: no measure may take one member's side by arms against another."
        ),
        sources=(TREATY_1992,),
    ),
    Rule(
        id="art2-consultations",
        title="Consultations and assistance measures on a threat",
        articles=("CST Art. 2 (2010)",),
        research="R22",
        confidence=Confidence.H,
        summary=(
            "A threat to a member's security, stability, territorial integrity or sovereignty "
            "starts joint consultations at once; since the 2010 protocol they also develop "
            "measures of assistance. They may end in a statement or military-technical aid "
            "without any Article 4 request."
        ),
        sources=(TREATY_PROTOCOL_2010,),
    ),
    Rule(
        id="art4-request",
        title="Collective defence at the victim's request (2010 text)",
        articles=("CST Art. 4 (2010)",),
        research="R23",
        confidence=Confidence.M,
        summary=(
            "Under the text in force since the 2010 protocol, an armed attack on a member is "
            "aggression against all, and the others give assistance, military included, at "
            "the victim's request. Whether a threat is aggression is the Council's judgement."
        ),
        sources=(
            TREATY_PROTOCOL_2010,
            "http://en.special.kremlin.ru/catalog/keywords/18/events/12507",
        ),
        open_question="The full 'at the request' wording is unread (research C9).",
    ),
    Rule(
        id="art4-original",
        title="Collective defence against aggression by a state (1992 text)",
        articles=("CST Art. 4 (1992)",),
        research="R23",
        confidence=Confidence.H,
        summary=(
            "Under the original text, aggression by any state or group of states against one "
            "party is aggression against all; there is no request clause. Internal unrest and "
            "non-state armed groups fall outside it unless the Council characterises them "
            "as aggression."
        ),
        sources=("https://pavlodar.com/zakon/?dok=00542&uro=080004", TREATY_1992),
    ),
    Rule(
        id="un-notification",
        title="Measures are notified to the UN Security Council",
        articles=("CST Art. 4", "UN Charter Art. 51"),
        research="R23",
        confidence=Confidence.H,
        summary="Collective-defence measures are reported at once to the UN Security Council.",
        sources=(TREATY_1992,),
    ),
    Rule(
        id="council-decides-force",
        title="The Council decides on the use of collective forces",
        articles=("CST Art. 6 (2010)",),
        research="R24",
        confidence=Confidence.H,
        summary=(
            "The Council decides, by consensus, on using the forces of the collective security "
            "system; no deployment happens without its decision."
        ),
        sources=("http://en.special.kremlin.ru/catalog/keywords/18/events/12507", FORCES_REG_2010),
    ),
    Rule(
        id="no-forces-between-members",
        title="Collective forces are not used in disputes between members",
        articles=("Agreement on the collective security system (10 Dec 2010), Art. 2",),
        research="R26",
        confidence=Confidence.H,
        summary=(
            "The forces of the collective security system may not be used to settle disputes "
            "between members."
        ),
        sources=(
            "https://jscsto.odkb-csto.org/en/voennaya-sostavlyauschaya-odkb/control-forces.php",
            "https://cis-legislation.com/document.fwx?rgn=52400",
        ),
    ),
    Rule(
        id="peacekeeping",
        title="Peacekeeping on a member's official request",
        articles=("Agreement on Peacekeeping Activity (6 Oct 2007)",),
        research="R27",
        confidence=Confidence.H,
        summary=(
            "A peacekeeping operation is mounted on a member's official request (or a UN "
            "Security Council decision) and needs the approval of every member's president."
        ),
        sources=(
            "https://uzdaily.com/en/russian-parliament-ratifies-csto-peacemaking-activity-accord",
        ),
    ),
    Rule(
        id="military-technical-aid",
        title="Military-technical assistance",
        articles=("Protocol on the mechanism of military-technical assistance (2005)",),
        research="R28",
        confidence=Confidence.H,
        summary=(
            "A threatened member asks the Council's chair for equipment, listing items, "
            "quantities and terms; aid is free or on preferential terms, by consensus. It "
            "takes no member's side against another member."
        ),
        sources=("https://sputnikglobe.com/20050802/41076513.html",),
    ),
    Rule(
        id="crisis-regulation",
        title="The crisis-response regulation and its deadlines",
        articles=("Regulation on crisis response (10 Dec 2010; new version 23 Nov 2023)",),
        research="R29",
        confidence=Confidence.H,
        summary=(
            "Emergency consultations, then decisions on measures, prepared in about one day. "
            "The regulation's internal deadlines are unread, so each delay of the procedure is "
            "a named assumption in the scenario."
        ),
        assumptions=(
            "procedure_consultations_delay_h",
            "procedure_decision_delay_h",
            "procedure_order_delay_h",
            "procedure_first_deployment_delay_h",
            "procedure_mission_duration_days",
            "procedure_withdrawal_start_delay_days",
            "procedure_withdrawal_duration_days",
        ),
        sources=(
            CRISIS_REG_2010,
            "https://worldinform.ru/articles/id-odkb-sokratil-sroki-podgotovki-reshenii-po-krizisam.html",
        ),
        open_question=(
            "Deadlines per step, who may initiate and whether a written procedure is allowed "
            "are unread (research C2, C3); defaults follow Kazakhstan, January 2022."
        ),
    ),
    Rule(
        id="crisis-sequence",
        title="The crisis procedure from request to withdrawal",
        articles=("Regulation on crisis response (2010)", "Practice: Kazakhstan, Jan 2022"),
        research="R30",
        confidence=Confidence.M,
        summary=(
            "Request by the victim's head of state; the chair convenes consultations; the "
            "Council decides by consensus on a measure; the Joint Staff is ordered to deploy; "
            "the host declares the mission complete; the forces withdraw."
        ),
        sources=(
            KAZ_DECISION,
            "https://inbusiness.kz/ru/last/tokaev-missiya-odkb-v-kazahstane-zavershena",
        ),
    ),
    Rule(
        id="lesser-measures",
        title="Without consensus on troops, a lesser measure",
        articles=("Regulation on crisis response (2010)", "Practice: Kyrgyzstan, Jun 2010"),
        research="R30",
        confidence=Confidence.M,
        summary=(
            "When the Council does not agree on collective forces it may still adopt a "
            "monitoring mission, military-technical aid or a statement."
        ),
        sources=("https://eurasianet.org/csto-indecisive-on-kyrgyzstan-intervention",),
    ),
)
