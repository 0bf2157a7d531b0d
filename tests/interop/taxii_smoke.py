#!/usr/bin/env python3
"""Interoperability smoke test: the cell's TAXII 2.1 server spoken to by the standard clients.

Runs against a running demo cell (FUSIONCELL_URL, FUSIONCELL_DEMO_PASSWORD) with the OASIS
libraries from PyPI: taxii2-client lists the collections, posts a STIX bundle and polls its
status, pages through every collection's objects, and stix2-validator checks every object
returned. An API token is issued through the API after signing in, as a partner would.
"""

import json
import os
import re
import sys
import uuid
from datetime import datetime, timedelta, timezone

import requests
from stix2validator import ValidationOptions, validate_instance
from taxii2client.v21 import ApiRoot, Server, as_pages

URL = os.environ.get("FUSIONCELL_URL", "http://127.0.0.1:8470").rstrip("/")
PASSWORD = os.environ["FUSIONCELL_DEMO_PASSWORD"]
USER = os.environ.get("FUSIONCELL_TAXII_USER", "il.analyst")
TAXII = "application/taxii+json;version=2.1"
TLP_AMBER = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
# An hour ago, in STIX form: reports may not be about the future.
AN_HOUR_AGO = (datetime.now(timezone.utc) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def check(condition, message):
    if not condition:
        print(f"FAIL: {message}", file=sys.stderr)
        sys.exit(1)


def cookie(response, name):
    """The value of cookie `name` set by `response` (read by hand: the cookies are Secure)."""
    for header in response.raw.headers.getlist("Set-Cookie"):
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    return None


def issue_token(user):
    """Signs in as `user` through the console and issues an API token with the session's CSRF
    token."""
    page = requests.get(f"{URL}/login?lang=en", allow_redirects=False)
    form_token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    signed_in = requests.post(
        f"{URL}/login",
        data={"username": user, "password": PASSWORD, "token": form_token, "lang": "en"},
        headers={"Cookie": f"fc_login={cookie(page, 'fc_login')}"},
        allow_redirects=False,
    )
    session = cookie(signed_in, "fc_session")
    check(session, f"signing in as {user} failed ({signed_in.status_code})")
    home = requests.get(f"{URL}/", headers={"Cookie": f"fc_session={session}"})
    csrf = re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)
    issued = requests.post(
        f"{URL}/api/v1/tokens",
        json={"label": "taxii-smoke"},
        headers={"Cookie": f"fc_session={session}", "X-CSRF-Token": csrf},
    )
    check(issued.status_code == 201, f"issuing a token: {issued.status_code} {issued.text}")
    return issued.json()["secret"]


def bundle():
    """A partner's report: a TLP:AMBER report about a place, as a STIX 2.1 bundle."""
    now = AN_HOUR_AGO
    location = {
        "type": "location", "spec_version": "2.1", "id": f"location--{uuid.uuid4()}",
        "created": now, "modified": now, "name": "Quneitra crossing",
        "latitude": 33.125, "longitude": 35.824,
    }
    report = {
        "type": "report", "spec_version": "2.1", "id": f"report--{uuid.uuid4()}",
        "created": now, "modified": now, "published": now, "lang": "en",
        "name": "Convoy seen near the crossing",
        "description": "Six trucks moving east at dawn.",
        "report_types": ["observed-data"],
        "object_refs": [location["id"]],
        "object_marking_refs": [TLP_AMBER],
    }
    return {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": [report, location]}


def release_report(token, supervisor_token, recipient_token):
    """Drafts a report releasable to Syria through the API, submits it, has the supervisor
    approve it and Syria answer it, so the collections hold a released report with feedback,
    an opinion and a sighting."""
    api = f"{URL}/api/v1/intel/reports"
    draft = requests.post(api, headers={"Authorization": f"Bearer {token}"}, json={
        "title": {"lang": "en", "text": "Convoy near Quneitra"},
        "summary": {"lang": "en", "text": "Three trucks heading south."},
        "body": {"lang": "en", "text": "Three trucks were seen heading south at dawn."},
        "occurred_at": AN_HOUR_AGO,
        "place": {"type": "Point", "coordinates": [35.82, 33.12]},
        "tlp": "AMBER", "releasable_to": ["sy"], "reliability": "B", "credibility": 2,
        "attachments": [], "related": [],
    })
    check(draft.status_code == 201, f"drafting a report: {draft.status_code} {draft.text}")
    report = draft.json()["report"]["id"]
    submitted = requests.post(f"{api}/{report}/submit", json={},
                              headers={"Authorization": f"Bearer {token}"})
    check(submitted.status_code == 200, f"submitting: {submitted.text}")
    vetted = requests.post(f"{api}/{report}/vet", json={"version": 1, "decision": "approve"},
                           headers={"Authorization": f"Bearer {supervisor_token}"})
    check(vetted.status_code == 200, f"vetting: {vetted.text}")
    for what, body in [
        ("acknowledge", {}),
        ("feedback", {"usefulness": "useful", "comment": {"lang": "en", "text": "Helpful."}}),
        ("corroborations", {"opinion": "agree", "comment": {"lang": "en", "text": "Seen too."}}),
        ("sightings", {"count": 2, "first_seen": AN_HOUR_AGO, "last_seen": AN_HOUR_AGO}),
    ]:
        answered = requests.post(f"{api}/{report}/{what}", json=body,
                                 headers={"Authorization": f"Bearer {recipient_token}"})
        check(answered.status_code == 200, f"{what}: {answered.text}")


def main():
    token = issue_token(USER)
    auth = (USER, token)
    release_report(token, issue_token("us.supervisor"), issue_token("sy.liaison"))

    # Wrong credentials, media types: the server says so the TAXII way.
    raw = requests.get(f"{URL}/taxii2/", headers={"Accept": TAXII})
    check(raw.status_code == 401 and raw.headers.get("WWW-Authenticate", "").startswith("Basic"),
          f"no credentials: expected 401 with WWW-Authenticate: Basic, got {raw.status_code}")
    raw = requests.get(f"{URL}/taxii2/", auth=auth, headers={"Accept": "application/json"})
    check(raw.status_code == 406, f"Accept: application/json: expected 406, got {raw.status_code}")

    server = Server(f"{URL}/taxii2/", user=USER, password=token)
    check(server.title, "discovery has a title")
    root = server.default
    check(root is not None and TAXII in root.versions, "the default API root speaks TAXII 2.1")
    collections = root.collections
    print(f"{len(collections)} collections visible to {USER}:")
    for c in collections:
        print(f"  {c.id}  {c.alias}  {c.title}")
    check(collections, "at least one collection")
    check(all(USER.split(".")[0] in c.alias.split(":")[1].split("+") for c in collections),
          "every collection listed includes the caller's party")

    # Post a bundle into the intelligence collection shared with everyone, and poll its status.
    target = next((c for c in collections if c.alias.startswith("intelligence:") and
                   c.alias.count("+") == 2), collections[0])
    sent = bundle()
    status = target.add_objects(sent, wait_for_completion=False)
    print(f"posted {len(sent['objects'])} objects to {target.alias}: status {status.id} {status.status}")
    polled = ApiRoot(root.url, user=USER, password=token).get_status(status.id)
    polled.wait_until_final(poll_interval=1, timeout=30)
    check(polled.status == "complete", f"status completes, got {polled.status}")
    check(polled.total_count == 2, f"total_count 2, got {polled.total_count}")
    check(polled.success_count == 2 and polled.failure_count == 0 and polled.pending_count == 0,
          f"both objects accepted: {polled.successes} {polled.failures}")
    print(f"status {polled.id}: {polled.success_count} succeeded: "
          + "; ".join(s["message"] for s in polled.successes))

    # A bad object is refused with the object and property named.
    broken = bundle()
    del broken["objects"][0]["name"]
    refused = target.add_objects(broken, wait_for_completion=False)
    check(refused.failure_count >= 1 and "name" in json.dumps(refused.failures),
          f"an invalid report is refused naming `name`: {refused.failures}")

    # Page through every collection, two objects at a time, and validate every object.
    options = ValidationOptions(version="2.1")
    total = 0
    types = set()
    for c in collections:
        seen = set()
        for envelope in as_pages(c.get_objects, per_request=2):
            for obj in envelope.get("objects", []):
                key = (obj["id"], obj.get("modified", obj.get("created")))
                check(key not in seen, f"{obj['id']} served twice in {c.alias}")
                seen.add(key)
                types.add(obj["type"])
                result = validate_instance(obj, options)
                check(result.is_valid, f"{obj['id']} is valid STIX 2.1: "
                      + "; ".join(str(e) for e in result.errors))
        manifest = c.get_manifest()
        check(len(manifest.get("objects", [])) == min(len(seen), 100),
              f"the manifest of {c.alias} lists what the objects are")
        total += len(seen)
        print(f"  {c.alias}: {len(seen)} objects, all valid")
    check(total > 0, "the demo's released reports are served")
    check({"report", "identity", "location", "note", "opinion", "sighting", "marking-definition"}
          <= types, f"every kind of object is served and validated: {sorted(types)}")

    # The headers of a page of objects.
    raw = requests.get(f"{target.url}objects/", auth=auth, headers={"Accept": TAXII},
                       params={"limit": 1})
    check(raw.headers.get("Content-Type") == TAXII, f"content type {raw.headers.get('Content-Type')}")
    if raw.json().get("objects"):
        check("X-TAXII-Date-Added-First" in raw.headers and "X-TAXII-Date-Added-Last" in raw.headers,
              "X-TAXII-Date-Added-First and -Last are sent")
    print(f"TAXII smoke test passed: {total} objects validated")


if __name__ == "__main__":
    main()
