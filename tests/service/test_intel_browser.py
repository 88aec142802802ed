"""The Intel page in a real browser: two organisations of different states signed in in turn.

The first (Kazakhstan's KNB) shares through the page a GREEN indicator with the alliance, one
with its own state's collection, and a RED one addressed only to another Kazakh organisation.
The second (Russia's FSB) sees the GREEN one and neither of the others, in the listing or by
search: the hub's policy decides, the page only shows its answers.

This caught a leak once (a TLP:RED object addressed only to KAZ-MVD shown to RUS-FSB in the
alliance collection; docs/intel-access.md, section 1, says "rcpt" only) and passes since the
intel room's fix.
"""

from __future__ import annotations

from typing import Any

from tests.service.conftest import Browsing, IntelWorld


def _sign_in(page: Any, key: str) -> None:
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_function("document.querySelector('#whoami').dataset.signedIn === 'true'")


def _share(page: Any, collection: str, name: str, ip: str, tlp: str, recipients: str = "") -> None:
    page.locator("#share-collection").select_option(label=collection)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("STIX pattern").fill(f"[ipv4-addr:value = '{ip}']")
    page.get_by_label("TLP marking").select_option(label=tlp)
    page.locator("#share-recipients").fill(recipients)
    page.evaluate("document.querySelector('#share-result').dataset.status = ''")
    page.get_by_role("button", name="Share").click()
    page.wait_for_function("document.querySelector('#share-result').dataset.status === 'shared'")


def _browse(page: Any, collection_prefix: str) -> str:
    select = page.locator("#browse-collection")
    labels = select.locator("option").all_inner_texts()
    label = next(text for text in labels if text.startswith(collection_prefix))
    select.select_option(label=label)
    page.get_by_role("button", name="Show objects").click()
    page.wait_for_function(
        f"document.querySelector('#objects h3')?.innerText === 'Collection {collection_prefix}'"
    )
    return str(page.locator("#objects").inner_text())


def test_a_second_organisation_sees_exactly_what_the_policy_allows(
    browsing: Browsing, intel_server: IntelWorld
) -> None:
    browsing.base = intel_server.url
    page = browsing.page
    browsing.goto("/intel")
    page.wait_for_function("document.querySelector('#signin-form').dataset.ready === 'true'")

    _sign_in(page, intel_server.keys["KAZ-KNB"])
    _share(page, "alliance", "green for allies", "198.51.100.1", "TLP:GREEN")
    _share(page, "KAZ", "amber for our state", "198.51.100.2", "TLP:AMBER")
    _share(page, "alliance", "red for MVD only", "198.51.100.3", "TLP:RED", "KAZ-MVD")
    mine = _browse(page, "alliance")
    assert "green for allies" in mine and "red for MVD only" in mine
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, intel_server.keys["RUS-FSB"])
    readable = page.locator("#whoami").inner_text()
    assert "KAZ" not in readable.split("(", 1)[1]
    seen = _browse(page, "alliance")
    assert "green for allies" in seen
    assert "TLP:GREEN" in seen
    assert "red for MVD only" not in seen
    assert "amber for our state" not in seen
    page.get_by_label("Search for a value").fill("198.51.100.3")
    page.get_by_role("button", name="Search").click()
    page.wait_for_function("document.querySelector('#objects h3')?.innerText.startsWith('Search')")
    assert "Nothing this organisation may see" in page.locator("#objects").inner_text()
    browsing.assert_clean()
