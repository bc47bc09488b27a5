#!/usr/bin/env python3
"""Uses `papercheck serve` in headless Chromium the way an author does: the upload page, a paper
that passes, one that fails, a file that is not a PDF, and the same form with JavaScript off.

Usage: Scripts/browser-serve-test.py BINARY [--sign] [--screenshot DIR]

Starts its own server (BINARY serve --port 0 --rate-limit 0; with --sign also a fresh key from
BINARY keygen and --signing-key) and stops it with SIGTERM when it ends, failed or not.
Checks, each printed as ok/FAIL:
  - the upload page loads with form#upload, input#file, select#profile offering the profiles of
    GET /v1/profiles and button#submit; its hashed inline script runs (choosing a file shows its
    name) and the browser logged no console error;
  - a passing fixture (icml_submission.pdf under icml2016) uploaded through the file input and the
    submit button: section#result has the data-status expected.json gives (its pass allows warn),
    h2#verdict shows it;
    with --sign, code#pass-code holds a pass code that BINARY verify accepts (exit 0) for that PDF
    and profile, and refuses (exit 1) for another PDF;
  - a failing fixture (margin_text.pdf, the profile select set to icml2016): data-status fail, at
    least one finding (li.finding) shown, every page image (img) loaded (naturalWidth > 0), no
    pass code, and every link of the page to the server answers 200 (no dead link);
  - a small text file named x.pdf: the problem page, p#problem with data-code not-a-pdf;
  - with JavaScript disabled (a second browser): the plain form post of the passing paper still
    answers the result page with the expected data-status (and with --sign a pass code);
  - no Content-Security-Policy violation in the browser log on any page, and no console error on
    the result pages.
With --screenshot DIR it saves DIR/serve-upload.png, DIR/serve-pass.png and DIR/serve-fail.png.

Installs what is missing: selenium from PyPI (pip), Debian's chromium and chromium-driver
(apt-get, with sudo when not root). Exit status: 0 when every check passes, 1 when one fails,
64 on bad usage.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from serve_harness import ServeProcess, check, failures

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Fixtures"
PASSING = ("icml_submission.pdf", "icml2016")
FAILING = ("margin_text.pdf", "icml2016")
NAME = "browser-serve-test"

def fatal(message):
    print(f"{NAME}: FAIL: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def usage():
    print("usage: Scripts/browser-serve-test.py BINARY [--sign] [--screenshot DIR]", file=sys.stderr)
    sys.exit(64)


def parse_arguments(arguments):
    binary, sign, screenshots = None, False, None
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--sign":
            sign = True
        elif argument == "--screenshot" and index + 1 < len(arguments):
            index += 1
            screenshots = Path(arguments[index]).resolve()
        elif argument.startswith("--screenshot="):
            screenshots = Path(argument.split("=", 1)[1]).resolve()
        elif argument.startswith("-") or binary is not None:
            usage()
        else:
            binary = Path(argument).resolve()
        index += 1
    if binary is None:
        usage()
    return binary, sign, screenshots


# --- installing what is missing -------------------------------------------------------------

def ensure_selenium():
    try:
        import selenium  # noqa: F401
        return
    except ImportError:
        pass
    print(f"{NAME}: installing selenium (pip)", file=sys.stderr, flush=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "selenium"]
    # A Debian python refuses system-wide installs (PEP 668); the user's site-packages then.
    if subprocess.call(command) != 0 and subprocess.call(command + ["--user", "--break-system-packages"]) != 0:
        fatal("could not install selenium with pip; install it (python3 -m pip install selenium) and rerun")
    import importlib
    import site
    importlib.invalidate_caches()
    sys.path.append(site.getusersitepackages())


def ensure_chromium():
    def found():
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        driver = shutil.which("chromedriver")
        if not driver and os.path.exists("/usr/bin/chromedriver"):
            driver = "/usr/bin/chromedriver"
        return browser, driver

    browser, driver = found()
    if browser and driver:
        return browser, driver
    print(f"{NAME}: installing chromium and chromium-driver (apt-get)", file=sys.stderr, flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    quiet = {"stdout": subprocess.DEVNULL, "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive")}
    if (subprocess.call(sudo + ["apt-get", "update", "-qq"], **quiet) != 0
            or subprocess.call(sudo + ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], **quiet) != 0):
        fatal("could not install chromium and chromium-driver with apt-get (needs root or sudo); install them and rerun")
    browser, driver = found()
    if not browser or not driver:
        fatal("chromium or chromedriver is still missing after installing them")
    return browser, driver


# --- the server -----------------------------------------------------------------------------

class Server(ServeProcess):
    """The server under test (serve_harness.ServeProcess) with this script's name in its messages."""

    def __init__(self, binary, extra):
        super().__init__(binary, extra, NAME)


def get_json(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def expected_statuses(file_name, profile, fallback):
    """The result statuses expected.json allows a fixture under a profile (else the fallback's): its
    "pass" means no error finding, so warn too (only warn when it lists warnings)."""
    document = json.loads((FIXTURES / "expected.json").read_text())
    entry = next((entry for entry in document["fixtures"] if entry["file"] == f"pdfs/{file_name}"
                  and entry["profile"] == profile and entry.get("password") is None),
                 {"status": fallback, "warnings": []})
    if entry["status"] == "pass":
        return ("warn",) if entry.get("warnings") else ("pass", "warn")
    return (entry["status"],)


# --- the browser ----------------------------------------------------------------------------

def start_driver(browser, driver_path, javascript, profile_dir):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                 "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                 "--disable-sync", "--mute-audio", "--window-size=1280,1000", f"--user-data-dir={profile_dir}"]:
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    except Exception as error:  # selenium's errors carry the driver's own message
        fatal(f"could not start chromium through chromedriver: {error}")


class Browser:
    """One driver; every browser log entry it reads is kept, tagged with the page it came from."""

    def __init__(self, driver, label):
        self.driver = driver
        self.label = label
        self.log = []

    def drain(self, page):
        entries = self.driver.get_log("browser")
        self.log += [(page, entry) for entry in entries]
        return entries

    def csp_violations(self):
        return [f"{page}: {entry['message']}" for page, entry in self.log if "Content Security Policy" in entry["message"]]


def console_errors(entries):
    return [entry["message"] for entry in entries if entry.get("level") == "SEVERE"]


def upload(browser, base, pdf, profile, page, settle=None):
    """Open the upload page, choose the profile and the file, press the button; the new page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = browser.driver
    driver.get(base + "/")
    browser.drain("upload page")
    if profile is not None:
        Select(driver.find_element(By.ID, "profile")).select_by_value(profile)
    driver.find_element(By.ID, "file").send_keys(str(pdf))
    if settle:
        settle(driver)
    driver.find_element(By.ID, "submit").click()
    # The upload page has neither #result nor #problem: one of them is the answer to the post.
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return document.readyState") == "complete"
                                     and d.find_elements(By.CSS_SELECTOR, "#result, #problem"))
    return browser.drain(page)


def attribute(driver, selector, name):
    from selenium.webdriver.common.by import By
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return elements[0].get_attribute(name) if elements else None


def text_of(driver, selector):
    from selenium.webdriver.common.by import By
    elements = driver.find_elements(By.CSS_SELECTOR, selector)
    return elements[0].text.strip() if elements else None


def outcome(driver):
    """What the page answered, for a message: the result's status or the problem's code and text."""
    status = attribute(driver, "section#result", "data-status")
    if status is not None:
        return f"data-status={status!r}"
    code = attribute(driver, "p#problem", "data-code")
    if code is not None:
        return f"not a result but the problem page, data-code={code!r}: {text_of(driver, 'p#problem')!r}"
    return "neither section#result nor p#problem"


def dead_links(driver, base):
    """The links of the page, to this server and not to a fragment of the page, that do not answer 200."""
    hrefs = driver.execute_script("return Array.prototype.map.call(document.querySelectorAll('a[href]'),"
                                  " function (a) { return a.href; });")
    page = driver.current_url.split("#")[0]
    dead = []
    for href in sorted(set(hrefs)):
        if not href.startswith(base + "/") or href.split("#")[0] == page:
            continue
        try:
            with urllib.request.urlopen(href, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            dead.append(f"{href[len(base):]} ({status})")
    return dead


def verify(binary, code, pdf, public_key, profile):
    result = subprocess.run([str(binary), "verify", code, str(pdf), "--public-key", str(public_key),
                             "--profile", profile], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    return result.returncode, result.stdout.decode("utf-8", "replace").strip()


def screenshot(driver, directory, name):
    if directory is None:
        return
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    driver.execute_script("window.scrollTo(0, 0);")
    time.sleep(0.2)
    check(driver.save_screenshot(str(path)) and path.stat().st_size > 0, f"screenshot saved to {path}")


def run_checks(binary, server, sign, public_key, screenshots, browsers, work):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base = server.url
    with_js, without_js = browsers
    driver = with_js.driver
    passing_pdf = FIXTURES / "pdfs" / PASSING[0]
    failing_pdf = FIXTURES / "pdfs" / FAILING[0]
    passing_statuses = expected_statuses(*PASSING, fallback="pass")
    failing_statuses = expected_statuses(*FAILING, fallback="fail")  # not in expected.json under icml2016

    # The upload page.
    profiles = [profile["id"] for profile in get_json(base + "/v1/profiles")["profiles"]]
    driver.get(base + "/")
    entries = with_js.drain("upload page")
    check(driver.title != "" and bool(driver.find_elements(By.CSS_SELECTOR, "form#upload")),
          f"the upload page loads ({driver.title!r}) with form#upload")
    form = driver.find_elements(By.CSS_SELECTOR, "form#upload")
    if form:
        check(form[0].get_attribute("method").lower() == "post" and form[0].get_attribute("action").endswith("/check")
              and form[0].get_attribute("enctype") == "multipart/form-data",
              f"form#upload posts multipart to /check ({form[0].get_attribute('method')} {form[0].get_attribute('action')}, "
              f"{form[0].get_attribute('enctype')})")
    check(attribute(driver, "input#file", "name") == "file" and attribute(driver, "input#file", "type") == "file",
          "input#file is the file input named file")
    offered = [option.get_attribute("value") for option in driver.find_elements(By.CSS_SELECTOR, "select#profile option")]
    check(attribute(driver, "select#profile", "name") == "profile" and offered == profiles,
          f"select#profile offers the profiles of GET /v1/profiles ({', '.join(offered)})")
    check(bool(driver.find_elements(By.CSS_SELECTOR, "button#submit")), "button#submit is there")
    errors = console_errors(entries)
    check(not errors, "the upload page logged no console error" + (f": {errors[0]}" if errors else ""))
    screenshot(driver, screenshots, "serve-upload.png")

    # A paper that passes, through the file input and the button (the page's script shows the name).
    def shows_name(d):
        try:
            WebDriverWait(d, 5).until(lambda d: text_of(d, "#drop-text") == PASSING[0])
        except Exception:
            pass
        check(text_of(d, "#drop-text") == PASSING[0],
              f"choosing the file shows its name (the hashed inline script ran): {text_of(d, '#drop-text')!r}")

    entries = upload(with_js, base, passing_pdf, PASSING[1], "pass result", settle=shows_name)
    status = attribute(driver, "section#result", "data-status")
    check(status in passing_statuses, f"{PASSING[0]} under {PASSING[1]}: {outcome(driver)}, "
          f"expected {' or '.join(passing_statuses)} (expected.json)")
    verdict = text_of(driver, "h2#verdict") or ""
    check(driver.find_elements(By.CSS_SELECTOR, "h2#verdict") and driver.find_element(By.CSS_SELECTOR, "h2#verdict").is_displayed()
          and bool(status) and verdict.lower().startswith(status),
          f"the verdict is shown: {verdict!r}")
    errors = console_errors(entries)
    check(not errors, "the result page logged no console error" + (f": {errors[0]}" if errors else ""))
    code = text_of(driver, "code#pass-code")
    if sign:
        if check(bool(code) and re.fullmatch(r"papercheck1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", code or "") is not None,
                 f"a pass code is shown ({(code or '')[:24]}...)"):
            status_code, output = verify(binary, code, passing_pdf, public_key, PASSING[1])
            check(status_code == 0, f"papercheck verify accepts the pass code for {PASSING[0]} (exit {status_code}: {output})")
            status_code, output = verify(binary, code, failing_pdf, public_key, PASSING[1])
            check(status_code == 1, f"papercheck verify refuses it for another PDF (exit {status_code}: {output})")
    else:
        check(code is None, "no pass code without a signing key")
    screenshot(driver, screenshots, "serve-pass.png")

    # A paper that fails: findings and the annotated pages.
    entries = upload(with_js, base, failing_pdf, FAILING[1], "fail result")
    status = attribute(driver, "section#result", "data-status")
    check(status in failing_statuses, f"{FAILING[0]} under {FAILING[1]}: {outcome(driver)}, "
          f"expected {' or '.join(failing_statuses)}")
    findings = [element for element in driver.find_elements(By.CSS_SELECTOR, "li.finding") if element.is_displayed()]
    check(len(findings) >= 1, f"{len(findings)} finding(s) shown (li.finding)")
    images = driver.find_elements(By.CSS_SELECTOR, "img")
    # The images load lazily: bring each into view, as scrolling would, and wait for it to settle.
    for image in images:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", image)
        try:
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return arguments[0].complete;", image))
        except Exception:
            pass
    widths = [driver.execute_script("return arguments[0].naturalWidth;", image) for image in images]
    check(len(images) >= 1 and all(width > 0 for width in widths),
          f"{len(images)} page image(s), all loaded (naturalWidth: {widths[:6]})")
    check(text_of(driver, "code#pass-code") is None, "no pass code for a failing paper")
    dead = dead_links(driver, base)
    check(not dead, "every link on the result page leads somewhere (no 404 from the server)"
          + (f"; dead: {', '.join(dead[:4])}" if dead else ""))
    errors = console_errors(entries + with_js.drain("fail result"))
    check(not errors, "the failing result page logged no console error" + (f": {errors[0]}" if errors else ""))
    screenshot(driver, screenshots, "serve-fail.png")

    # Not a PDF, though named like one.
    text_file = work / "x.pdf"
    text_file.write_text("This is a plain text file, not a paper.\n")
    upload(with_js, base, text_file, None, "not-a-pdf page")
    problem = attribute(driver, "p#problem", "data-code")
    check(problem == "not-a-pdf", f"a text file named x.pdf: p#problem data-code={problem!r} ({text_of(driver, 'p#problem')!r})")

    # JavaScript off: the plain form post.
    plain = without_js.driver
    def script_off(d):
        check(text_of(d, "#drop-text") != PASSING[0],
              f"JavaScript off: the page's script did not run (the drop text stays {text_of(d, '#drop-text')!r})")

    upload(without_js, base, passing_pdf, PASSING[1], "pass result (no JavaScript)", settle=script_off)
    status = attribute(plain, "section#result", "data-status")
    check(status in passing_statuses, f"JavaScript off: the form post of {PASSING[0]} answers {outcome(plain)}, "
          f"expected {' or '.join(passing_statuses)}")
    check(bool(text_of(plain, "h2#verdict")), f"JavaScript off: the verdict is shown ({text_of(plain, 'h2#verdict')!r})")
    if sign:
        code = text_of(plain, "code#pass-code")
        if check(bool(code), "JavaScript off: a pass code is shown"):
            status_code, output = verify(binary, code, passing_pdf, public_key, PASSING[1])
            check(status_code == 0, f"JavaScript off: papercheck verify accepts that pass code (exit {status_code})")

    violations = with_js.csp_violations() + without_js.csp_violations()
    check(not violations, "no Content-Security-Policy violation logged on any page"
          + (f": {violations[0]}" if violations else ""))


def main():
    binary, sign, screenshots = parse_arguments(sys.argv[1:])
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        print(f"{NAME}: no executable {binary}", file=sys.stderr)
        sys.exit(64)
    ensure_selenium()
    browser_path, driver_path = ensure_chromium()

    # SIGTERM and SIGINT unwind through the finally blocks below, so the server is always stopped.
    def interrupted(number, frame):
        raise SystemExit(f"{NAME}: stopped by signal {number}")
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)

    work = Path(tempfile.mkdtemp(prefix="papercheck-serve-browser-"))
    server = None
    drivers = []
    public_key = None
    try:
        extra = []
        if sign:
            key = work / "key"
            subprocess.run([str(binary), "keygen", "--output", str(key)], check=True, stdout=subprocess.DEVNULL)
            extra = ["--signing-key", str(key)]
            public_key = work / "key.pub"
        server = Server(binary, extra)
        print(f"{NAME}: server at {server.url}" + (" (signing pass codes)" if sign else ""), flush=True)
        with_js = Browser(start_driver(browser_path, driver_path, True, work / "profile-js"), "JavaScript")
        drivers.append(with_js.driver)
        without_js = Browser(start_driver(browser_path, driver_path, False, work / "profile-nojs"), "no JavaScript")
        drivers.append(without_js.driver)
        try:
            run_checks(binary, server, sign, public_key, screenshots, (with_js, without_js), work)
        except Exception as error:  # a page that never came, an element missing: a failed check
            check(False, f"the checks ran to the end ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})")
    finally:
        for driver in drivers:
            try:
                driver.quit()
            except Exception:
                pass
        if server is not None:
            status = server.stop()
            check(status == 0, f"the server stopped on SIGTERM with exit status {status}")
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{NAME}: FAIL: {len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print(f"{NAME}: ok: every check passed" + (f"; screenshots in {screenshots}" if screenshots else ""))


if __name__ == "__main__":
    main()
