"""axe-core (shipped inside the axe-playwright-python package, nothing downloaded) on the page as shown."""

from axe_playwright_python.sync_playwright import Axe

WCAG_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page) -> None:
    results = Axe().run(page, options={**WCAG_A_AA, "resultTypes": ["violations"]})
    assert results.violations_count == 0, results.generate_report()
