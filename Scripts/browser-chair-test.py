#!/usr/bin/env python3
"""Drives an HTML report (--format html) in headless Chromium the way a program chair uses it.

Usage: Scripts/browser-chair-test.py REPORT.html EXPECTED_ROWS SCREENSHOT.png

Checks, each printed as ok/FAIL:
  - the summary table has EXPECTED_ROWS rows (tr.file-row) and the filter controls are shown
    (they stay hidden when the report's script did not run: a JavaScript error, or a stale
    Content-Security-Policy hash);
  - every page image loaded (naturalWidth > 0; the report is opened as REPORT.html#verify-images,
    which loads them eagerly), whether embedded or in the folder beside the report;
  - the verdict filter (desk-reject, else another class that holds some rows but not all) leaves
    exactly the rows whose data-verdict matches, and "N of M shown" agrees; likewise a rule
    filter (data-rules), and both together; "Clear filters" shows every row again;
  - clicking the Pages header sorts the rows by pages ascending (aria-sort="ascending"), clicking
    again descending;
  - clicking a thumbnail opens the large view (dialog#page-viewer) with an image whose
    naturalWidth is larger than the thumbnail's displayed width; Escape closes it, and so does
    its Close button;
  - the browser logged no Content-Security-Policy violation.
Then it saves a screenshot of the chair view (the table filtered to the rows with errors, most
pages first) to SCREENSHOT.png.

Installs what is missing: selenium from PyPI (pip), Debian's chromium and chromium-driver
(apt-get, with sudo when not root). Exit status: 0 when every check passes, 1 when one fails,
64 on bad usage.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

failures = []


def check(condition, message):
    print(("ok: " if condition else "FAIL: ") + message, flush=True)
    if not condition:
        failures.append(message)
    return condition


def fatal(message):
    print("browser-chair-test: FAIL: " + message, file=sys.stderr, flush=True)
    sys.exit(1)


def ensure_selenium():
    try:
        import selenium  # noqa: F401
        return
    except ImportError:
        pass
    print("browser-chair-test: installing selenium (pip)", file=sys.stderr, flush=True)
    base = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "selenium"]
    # Debian's own python refuses system-wide installs (PEP 668): then into the user's site.
    if subprocess.call(base) != 0 and subprocess.call(base + ["--user", "--break-system-packages"]) != 0:
        fatal("could not install selenium with pip; install it (python3 -m pip install selenium) and rerun")
    import site
    import importlib
    importlib.invalidate_caches()
    sys.path.append(site.getusersitepackages())


def ensure_chromium():
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (os.path.exists("/usr/bin/chromedriver") and "/usr/bin/chromedriver")
    if browser and driver:
        return browser, driver
    print("browser-chair-test: installing chromium and chromium-driver (apt-get)", file=sys.stderr, flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdout": subprocess.DEVNULL, "env": environment}
    if (subprocess.call(sudo + ["apt-get", "update", "-qq"], **quiet) != 0
            or subprocess.call(sudo + ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], **quiet) != 0):
        fatal("could not install chromium and chromium-driver with apt-get (needs root or sudo); install them and rerun")
    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not browser or not os.path.exists(driver):
        fatal("chromium or chromedriver is still missing after installing them")
    return browser, driver


def main():
    if len(sys.argv) != 4 or not sys.argv[2].isdigit():
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(64)
    report, expected_rows, screenshot = Path(sys.argv[1]).resolve(), int(sys.argv[2]), Path(sys.argv[3]).resolve()
    if not report.is_file():
        fatal(f"no such report: {report}")
    ensure_selenium()
    browser, driver_path = ensure_chromium()

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    profile = tempfile.mkdtemp(prefix="papercheck-chair-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                 "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                 "--disable-sync", "--mute-audio", "--window-size=1400,1000", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    except Exception as error:  # selenium's errors carry the driver's own message
        shutil.rmtree(profile, ignore_errors=True)
        fatal(f"could not start chromium through chromedriver: {error}")
    try:
        run_checks(driver, report, expected_rows, screenshot, By, Keys, Select, WebDriverWait)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    if failures:
        print(f"browser-chair-test: FAIL: {len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print(f"browser-chair-test: ok: every check passed; screenshot {screenshot}")


def run_checks(driver, report, expected_rows, screenshot, By, Keys, Select, WebDriverWait):
    driver.get(report.as_uri() + "#verify-images")
    wait = WebDriverWait(driver, 30)
    script = driver.execute_script

    # The script marks every thumbnail settled (loaded or broken) on <body>.
    try:
        wait.until(lambda d: script(
            "var b = document.body, n = +b.getAttribute('data-thumbnails');"
            "return b.hasAttribute('data-thumbnails-loaded') &&"
            " (+b.getAttribute('data-thumbnails-loaded')) + (+b.getAttribute('data-thumbnails-failed')) >= n;"))
    except Exception:
        check(False, "the report's script ran and settled every thumbnail (data-thumbnails-loaded on <body>)")
        return

    rows = driver.find_elements(By.CSS_SELECTOR, "tr.file-row")
    check(len(rows) == expected_rows, f"{len(rows)} summary rows (tr.file-row), expected {expected_rows}")
    check(driver.find_element(By.ID, "filters").is_displayed(), "the filter controls are shown (the script ran)")

    images = script("return Array.prototype.map.call(document.querySelectorAll('img.thumb'),"
                    " function (i) { return [i.getAttribute('src').slice(0, 5) === 'data:', i.naturalWidth, i.getAttribute('src').slice(0, 80)]; });")
    linked = [image for image in images if not image[0]]
    broken = [image[2] for image in images if image[1] <= 0]
    mode = "folder" if linked else "embedded"
    check(not broken, f"all {len(images)} page images loaded ({mode}; naturalWidth > 0)"
          + (f"; broken: {', '.join(broken[:5])}" if broken else ""))

    def state():
        """Per row: (visible, verdict, rules, pages), in the table's current order."""
        return script("return Array.prototype.map.call(document.querySelectorAll('#summary-table tbody tr.file-row'),"
                      " function (r) { return [r.offsetParent !== null, r.getAttribute('data-verdict'),"
                      " r.getAttribute('data-rules'), r.getAttribute('data-pages')]; });")

    def shown_text():
        return driver.find_element(By.ID, "shown-count").text.strip()

    def options_of(select_id):
        select = Select(driver.find_element(By.ID, select_id))
        return select, [option.get_attribute("value") for option in select.options if option.get_attribute("value")]

    def count_matching(predicate):
        return sum(1 for row in state() if predicate(row))

    def pick(values, predicate, preferred=None):
        """The preferred value if it holds rows, else the one that holds the most rows but not all
        (the filter then has something to hide and something to keep)."""
        counts = {value: count_matching(lambda row, value=value: predicate(row, value)) for value in values}
        if preferred in counts and counts[preferred] > 0:
            return preferred
        partial = sorted((value for value in values if 0 < counts[value] < expected_rows), key=lambda v: -counts[v])
        return partial[0] if partial else (values[0] if values else None)

    def expect_filtered(label, predicate):
        current = state()
        wanted = [predicate(row) for row in current]
        visible = [row[0] for row in current]
        matching = sum(wanted)
        check(visible == wanted, f"{label}: exactly the {matching} matching rows are visible"
              + ("" if visible == wanted else f" (visible: {sum(visible)})"))
        text = shown_text()
        check(text == f"{matching} of {expected_rows} shown", f"{label}: the count says '{text}'")

    def has_rule(row, rule):
        return rule in (row[2] or "").split()

    verdict_select, verdicts = options_of("filter-verdict")
    verdict = pick(verdicts, lambda row, value: row[1] == value, preferred="desk-reject")
    if check(verdict is not None, f"the verdict filter offers classes ({', '.join(verdicts)})"):
        verdict_select.select_by_value(verdict)
        expect_filtered(f"verdict filter {verdict}", lambda row: row[1] == verdict)
        verdict_select.select_by_value("")

    rule_select, rules = options_of("filter-rule")
    rule = pick(rules, has_rule)
    if check(rule is not None, f"the rule filter offers failing rules ({len(rules)})"):
        rule_select.select_by_value(rule)
        expect_filtered(f"rule filter {rule}", lambda row: has_rule(row, rule))
        if verdict is not None:
            verdict_select.select_by_value(verdict)
            expect_filtered(f"verdict {verdict} and rule {rule}", lambda row: row[1] == verdict and has_rule(row, rule))

    driver.find_element(By.ID, "filter-clear").click()
    expect_filtered("after Clear filters", lambda row: True)

    def pages_header():
        return driver.find_element(By.XPATH, "//table[@id='summary-table']/thead/tr/th[normalize-space(.)='Pages']")

    def numeric(value):
        try:
            return float(value)
        except (TypeError, ValueError):
            return -1.0

    for direction in ("ascending", "descending"):
        pages_header().find_element(By.TAG_NAME, "button").click()
        pages = [numeric(row[3]) for row in state()]
        ordered = sorted(pages, reverse=direction == "descending")
        check(pages == ordered, f"Pages header sorts {direction}: {pages[:8]}{'...' if len(pages) > 8 else ''}")
        check(pages_header().get_attribute("aria-sort") == direction, f"the Pages header says aria-sort=\"{direction}\"")

    thumbs = driver.find_elements(By.CSS_SELECTOR, "img.thumb")
    if check(bool(thumbs), "the report has a thumbnail to enlarge"):
        thumb = thumbs[0]
        script("arguments[0].scrollIntoView({block: 'center'});", thumb)
        displayed = script("return arguments[0].getBoundingClientRect().width;", thumb)
        thumb.click()
        viewer_open = "var v = document.getElementById('page-viewer'); return !!v && v.open;"
        try:
            wait.until(lambda d: script(viewer_open))
            wait.until(lambda d: script("var i = document.querySelector('#page-viewer img.viewer-image');"
                                        " return !!i && i.complete && i.naturalWidth > 0;"))
        except Exception:
            pass
        viewer = driver.find_elements(By.ID, "page-viewer")
        opened = check(bool(viewer) and viewer[0].is_displayed(), "clicking a thumbnail opens the large view (dialog#page-viewer)")
        if opened:
            natural = script("return document.querySelector('#page-viewer img.viewer-image').naturalWidth;")
            shown = script("return document.querySelector('#page-viewer img.viewer-image').getBoundingClientRect().width;")
            check(natural > displayed, f"the large view's image is {natural} px wide (shown {shown:.0f} px), the thumbnail {displayed:.0f} px")
            driver.switch_to.active_element.send_keys(Keys.ESCAPE)
            try:
                wait.until(lambda d: not script(viewer_open))
            except Exception:
                pass
            check(not script(viewer_open) and not viewer[0].is_displayed(), "Escape closes the large view")
            thumb.click()
            try:
                wait.until(lambda d: script(viewer_open))
                driver.find_element(By.CSS_SELECTOR, "#page-viewer .viewer-close").click()
                wait.until(lambda d: not script(viewer_open))
            except Exception:
                pass
            check(not script(viewer_open), "the Close button closes the large view")

    violations = [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]
    check(not violations, "no Content-Security-Policy violation logged" + (f": {violations[0]}" if violations else ""))

    # The chair view for the README: the papers with errors, most pages first, at the top.
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("not-pass")
    if not pages_header().get_attribute("aria-sort") == "descending":
        pages_header().find_element(By.TAG_NAME, "button").click()
    script("window.scrollTo(0, 0); document.querySelector('.table-wrap').scrollTop = 0;")
    time.sleep(0.3)
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    check(driver.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 0,
          f"screenshot of the filtered table saved to {screenshot} ({shown_text()})")


if __name__ == "__main__":
    main()
