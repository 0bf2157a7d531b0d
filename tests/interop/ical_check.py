#!/usr/bin/env python3
"""Checks the demo's calendar feed with the `icalendar` package (RFC 5545).

Signs in to the demo cell at $FUSIONCELL_URL as a user (default sy.liaison, password
$FUSIONCELL_DEMO_PASSWORD), makes the user a feed token through the API, fetches
/calendar/<token>.ics without credentials and parses it, asserting the demo's milestones and the
Paris meeting are there with UTC times, then revokes the token and checks the feed is gone.
"""

import http.client
import json
import os
import re
import sys
import urllib.parse

import icalendar

BASE = urllib.parse.urlsplit(os.environ.get("FUSIONCELL_URL", "http://127.0.0.1:8470"))
USER = os.environ.get("FUSIONCELL_ICAL_USER", "sy.liaison")
PASSWORD = os.environ["FUSIONCELL_DEMO_PASSWORD"]

# The console's cookies are `Secure`, which Python's cookie jar withholds over plain HTTP on
# loopback (browsers do not), so they are kept here by hand.
cookies = {}


def hidden(html, name):
    match = re.search(r'name="%s" value="([^"]*)"' % name, html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def request(method, path, data=None, headers=None, with_cookies=True):
    headers = dict(headers or {})
    if with_cookies and cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn = http.client.HTTPConnection(BASE.hostname, BASE.port, timeout=30)
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if with_cookies:
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
    conn.close()
    return response.status, response.headers, body


_, _, page = request("GET", "/login")
form = urllib.parse.urlencode(
    {"token": hidden(page.decode(), "token"), "lang": "en", "username": USER, "password": PASSWORD}
).encode()
status, _, page = request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
assert status in (200, 303), f"sign-in failed: {status}"
_, _, page = request("GET", "/")
csrf = hidden(page.decode(), "csrf")

status, _, body = request("POST", "/api/v1/calendar/token", b"", {"X-CSRF-Token": csrf})
assert status == 201, f"feed token: {status} {body!r}"
feed_url = json.loads(body)["url"]

status, headers, raw = request("GET", feed_url, with_cookies=False)
assert status == 200, f"feed: {status}"
assert headers["Content-Type"].startswith("text/calendar"), headers["Content-Type"]
assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n")), "folding"

cal = icalendar.Calendar.from_ical(raw)
assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
events = list(cal.walk("VEVENT"))
uids = {str(e["UID"]) for e in events}
assert len(uids) == len(events), "UIDs are unique"
for e in events:
    assert e["DTSTAMP"].dt.utcoffset().total_seconds() == 0
    assert e["DTSTART"].dt.utcoffset().total_seconds() == 0, e["DTSTART"]
summaries = [str(e["SUMMARY"]) for e in events]
assert "milestone-withdrawal-timeline-m1@fusioncell" in uids, uids
assert any("Timeline for withdrawal" in s for s in summaries), summaries
paris = [e for e in events if str(e.get("LOCATION", "")) == "Paris"]
assert paris and paris[0]["DTEND"].dt > paris[0]["DTSTART"].dt, "the Paris meeting"
print(f"icalendar {icalendar.__version__}: {len(events)} events in {USER}'s feed parsed")

status, _, _ = request("DELETE", "/api/v1/calendar/token", None, {"X-CSRF-Token": csrf})
assert status == 204, f"revoke: {status}"
status, _, _ = request("GET", feed_url, with_cookies=False)
assert status == 404, f"a revoked feed must be gone, got {status}"
print("revoked feed token refused")
sys.exit(0)
