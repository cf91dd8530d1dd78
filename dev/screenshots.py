"""Screenshots of Tertial's main pages, on a laptop (1366 px) and a phone (390 px), for the README.

    bash dev/screenshots                       # load the demo into a temporary directory, serve, shoot
    bash dev/screenshots --url http://127.0.0.1:8113 --out /tmp/shots --all   # a running demo; every page

Writes PNGs (palette-quantised with Pillow when it is installed, to keep them small) into
docs/screenshots/ by default. Uses Debian's chromium through Playwright (as the browser tests do).
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "tertial-demo"  # the demo's logins (tertial.web.demo.DEMO_PASSWORD)
DESKTOP, PHONE = (1366, 900), (390, 844)

# (file name, user or None for the public, path, viewports): the README's pictures.
MAIN = [
    ("status-finance", "okonomi", "/status/2024/3/", [DESKTOP, PHONE]),
    ("round-finance", "okonomi", "/runder/2024/3/", [DESKTOP]),
    ("unit-leader-form", "leder235", "/runder/2024/3/enheter/235/", [DESKTOP, PHONE]),
    ("my-tasks-sector-leader", "kommunalsjef", "/runder/mine/", [DESKTOP, PHONE]),
    ("public-front-page", None, "/", [DESKTOP, PHONE]),
    ("menu-phone", "okonomi", "/runder/2024/3/#menu", [PHONE]),
]
# Every page of each role's menu, for looking at (--all).
ROLES = {"okonomi": "finance", "kommunalsjef": "sector", "leder235": "unit", "politiker": "council", None: "public"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_demo() -> tuple[str, subprocess.Popen, Path]:
    data = Path(tempfile.mkdtemp(prefix="tertial-shots-"))
    port = _free_port()
    env = {**os.environ, "TERTIAL_DATA_DIR": str(data), "PYTHONPATH": str(ROOT / "src")}
    env.pop("TERTIAL_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "tertial.cli.main", "demo", "--port", str(port), "--out", str(data / "out")]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/helse/", timeout=2)
            return url, server, data
        except OSError:
            if server.poll() is not None:
                sys.exit("tertial demo stopped before serving")
            time.sleep(0.5)
    server.terminate()
    sys.exit("tertial demo did not answer within 5 minutes")


def _login(page, url: str, user: str | None) -> None:
    page.context.clear_cookies()
    if user is None:
        return
    page.goto(url + "/login/")
    page.get_by_label("Brukernavn").fill(user)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def _shoot(page, url: str, path: str, size: tuple[int, int], out: Path, full: bool) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url + path.split("#")[0])
    page.wait_for_load_state("networkidle")
    if path.endswith("#menu"):
        page.locator("details.menu > summary").click()
    page.screenshot(path=str(out), full_page=full)
    _shrink(out)


def _shrink(png: Path) -> None:
    """A 256-colour palette: screenshots of a flat UI lose nothing visible and shrink 3–4 times."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(png) as im:
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)


def _return_to_the_leader(page, url: str) -> None:
    """In the throw-away demo only: finance returns 235's submitted forecast with a remark, as finance
    would, so the unit leader's picture shows the form they fill in (a submitted task is read-only)."""
    _login(page, url, "okonomi")
    page.goto(url + "/runder/2024/3/enheter/235/")
    page.get_by_label("Merknad til enheten").fill("Forklar gjerne avviket på vikarbudsjettet nærmere.")
    page.get_by_role("button", name="Returner til enheten").click()
    page.wait_for_load_state()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="a running Tertial demo (default: start one in a temporary directory)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--all", action="store_true", help="every page of every role's menu, full length")
    args = ap.parse_args()
    server = data = None
    url = args.url
    if not url:
        url, server, data = _serve_demo()
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            if args.all:
                for user, role in ROLES.items():
                    _login(page, url, user)
                    page.goto(url + "/")
                    hrefs = page.eval_on_selector_all(
                        "nav[aria-label='Hovedmeny'] a", "els => els.map(e => e.getAttribute('href'))"
                    )
                    for href in [h for h in hrefs if not h.startswith("/admin/")]:
                        slug = re.sub(r"[^a-z0-9]+", "-", href.strip("/")) or "front"
                        for size in (DESKTOP, PHONE):
                            _shoot(page, url, href, size, args.out / f"{role}-{slug}-{size[0]}.png", full=True)
            else:
                for name, user, path, sizes in MAIN:
                    if name == "unit-leader-form" and server is not None:
                        _return_to_the_leader(page, url)
                    _login(page, url, user)
                    for size in sizes:
                        kind = "desktop" if size == DESKTOP else "phone"
                        _shoot(page, url, path, size, args.out / f"{name}-{kind}.png", full=False)
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
            shutil.rmtree(data, ignore_errors=True)
    for png in sorted(args.out.glob("*.png")):
        print(f"{png.stat().st_size // 1024:5d} KB  {png}")


if __name__ == "__main__":
    main()
