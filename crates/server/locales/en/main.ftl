# Fusion Cell console — English.
# Every key here must exist in ar/main.ftl and he/main.ftl too (a unit test checks).

product-name = Fusion Cell
skip-to-content = Skip to content

## Header and navigation

language-label = Language
language-apply = Change
sign-out = Sign out
live-on = Live
live-off = Offline — reload the page for updates
nav-label = Main
nav-dashboard = Dashboard
nav-threads = All threads
nav-new-thread = New thread
list-separator = {", "}

## Languages of texts

language-en = English
language-ar = Arabic
language-he = Hebrew

## Dates and durations (times are in UTC everywhere)

date-time = { $day } { $month } { $year }, { $time } UTC
time-utc = { $time } UTC
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
duration-seconds = { $n ->
    [one] { $n } second
   *[other] { $n } seconds
}
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}

## Sign-in

sign-in-heading = Sign in
sign-in = Sign in
field-username = User name
field-password = Password
field-code = One-time code
code-hint = Only if your account uses an authenticator app.
error-login-failed = Wrong user name, password or code.
error-login-expired = The sign-in form had expired. Please try again.

## Dashboard

dashboard-heading = Dashboard
to-acknowledge = For your party to acknowledge
nothing-to-acknowledge = Nothing is waiting for your party's acknowledgement.
escalations = Escalations
escalations-hint = Messages whose acknowledgement deadline passed; they were escalated to the supervisor.
no-escalations = No escalations.
awaiting-others = Your party's messages awaiting others
nothing-awaiting-others = Every message of your party has been acknowledged.
tracks = Tracks
policy-observe = The supervisor observes
policy-vet = The supervisor vets before release
thread-count = { $count ->
    [one] { $count } thread
   *[other] { $count } threads
}

## Threads

no-threads = No threads yet.
last-activity = Last activity
message-count = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
to-acknowledge-count = { $count } to acknowledge
participants = Parties:
opened-by = Opened by
audience-internal = Internal thread: only your party sees it.
audience-supervised = The supervisor ({ $party }) sees every message of this thread.
messages = Messages
no-messages = No messages yet.
in-thread = In the thread

## Messages

priority-routine = Routine
priority-priority = Priority
priority-flash = FLASH
priority-choice = { $priority } — acknowledgement within { $span }
original-text = Original (authoritative)
translation-by = Translation into { $language } by { $translator } ({ $party })
translation-not-authoritative = not authoritative: the original prevails
deadline = Acknowledgement due
time-left = Time left
overdue-by = Overdue by
awaiting = Awaiting:
all-acknowledged = Acknowledged by every addressed party.
escalated = Escalated to the supervisor
receipts = Receipts
receipt-delivered = delivered
receipt-not-delivered = not delivered yet
receipt-read = read
receipt-not-read = not read yet
receipt-acknowledged = acknowledged
receipt-not-acknowledged = not acknowledged yet
acknowledged-by = by { $user }
acknowledge = Acknowledge receipt
acknowledge-means = Acknowledging confirms that your party received the message. It does not mean agreement with it.
add-translation = Add a translation
translation-hint = Your translation is labelled with your name; the original stays authoritative.
field-translation-lang = Language of the translation
field-translation-text = Translation
save-translation = Save translation

## Writing

compose = Write a message
field-text = Message
field-text-lang = Language of the message
field-priority = Priority
send = Send
new-thread-heading = Open a thread
field-track = Track
field-participants = Other parties
participants-hint = Leave all unchecked for a thread inside your own party. The supervisor sees every thread between parties.
field-subject = Subject
field-subject-lang = Language of the subject
field-first-message = First message
first-message-hint = Optional. Leave it empty to open the thread without a message.
open-thread = Open the thread

## Live updates, read by screen readers

announce-posted = A new message arrived.
announce-acknowledged = A message was acknowledged.
announce-escalated = A message was escalated to the supervisor.
announce-thread-opened = A new thread was opened.

## Errors

error-heading = Something went wrong
error-heading-not-found = Not found
error-heading-forbidden = Not allowed
error-heading-too-many = Too many attempts
error-heading-unavailable = Temporarily unavailable
error-not-found = This does not exist, or your party may not see it.
error-forbidden = Your roles do not allow this.
error-invalid = Please correct this field:
error-conflict = This conflicts with the current state of the record.
error-account-disabled = This account is disabled.
error-not-configured = The cell is not configured yet.
error-csrf = The form had expired. Reload the page and try again.
error-rate-limited = Too many failed attempts. Try again in { $span }.
error-unavailable = The record could not be written; nothing was changed. Try again in a moment.
error-unexpected = The request could not be carried out.
back-to-dashboard = Back to the dashboard
back-to-sign-in = Back to sign-in

## The shared record
nav-record = Record
record-heading = The shared record
record-intro = Every change in this cell is an entry of one append-only record. The cell signs a checkpoint of it, and each party's own witness checks the checkpoint against the ones before and cosigns it, so nobody can alter, drop or reorder entries unnoticed.
record-receipt = Receipt
record-checkpoint = Current checkpoint
record-size = Size
record-root = Root hash
record-published = Published
record-entries = Entries committed
record-uncovered = Entries awaiting the next checkpoint
record-no-checkpoint = No checkpoint has been published yet.
record-log-key = The record's verifier key:
record-witnesses = Witnesses
record-witness-party = Party
record-witness-name = Witness
record-cosigned-size = Last size cosigned
record-behind = Entries behind
record-last-cosigned = Last cosignature
record-on-checkpoint = On this checkpoint
record-state = State
record-state-unknown = not heard from yet
record-state-cosigning = cosigning
record-state-failing = unreachable
record-state-refused = refused: the record was contested
record-yes = yes
record-no = no
record-no-witnesses = No witnesses are configured.
record-alerts = Witness refusals
record-no-alerts = No witness has refused the record.

## De-escalation: map, activities, zones, incidents, alerts
nav-map = De-escalation map
map-heading = De-escalation map
map-label = Map of agreed zones, notified activities, incidents and alerts
map-controls = Pan and zoom
map-zoom-in = Zoom in
map-zoom-out = Zoom out
map-north = North
map-south = South
map-east = East
map-west = West
map-hint = Drag to pan and scroll to zoom, or use the buttons. Every shape and mark links to its record.
map-legend = Legend
map-illustrative = The demonstration's zones are illustrative, drawn after the 1974 disengagement agreement, not from its map.
legend-zone = Zone in force
legend-zone-proposed = Zone proposed, not yet in force
legend-activities = Activities of { $party }
legend-incident = Incident
legend-alert = Alert
legend-crossing = A track entering or leaving a zone
alerts-heading = Alerts
no-alerts = No alerts.
incidents-heading = Incidents
no-incidents = No incidents reported.
announce-alert = New deconfliction alert.
notify-activity = Notify an activity
activities-heading = Activities
no-activities = No activity matches these filters.
filter-party = Party
filter-status = Status
filter-notice = Notice
filter-any = Any
filter-live = Upcoming or under way
filter-late = Late
filter-timely = In time
filter-awaiting = Awaiting my party's acknowledgement
filter-apply = Filter
activity-window = When
activity-notice = Notice given
activity-notice-line = { $notice } (required: { $required })
late-by = late by { $span }
activity-acknowledgement = Acknowledgement
activity-escalated-awaiting = Escalated, awaiting { $parties }
activity-upcoming = Upcoming
activity-active = Under way
activity-ended = Ended
activity-cancelled = Cancelled
activity-line = { $kind } by { $party }, { $window }
activity-facts = The notification
activity-version = Version
activity-notified = Notified by
activity-addressed = To acknowledge
activity-acknowledged-by-party = Acknowledged by { $party }
activity-late-ack = after the deadline
activity-escalated = Escalated to the supervisor
activity-record = In the shared record
activity-acknowledge = Acknowledge receipt
activity-acknowledge-note = Acknowledging says your party received this notification. It is not approval.
activity-cancel = Cancel this activity
activity-history = Earlier versions
activity-version-line = Version { $version }: { $kind }, { $window }
altitude-band = { $lower } to { $upper } m above sea level
window = { $start } to { $end }
kind-air = Air
kind-ground = Ground
kind-naval = Naval
kind-exercise = Exercise
kind-movement = Movement of forces
kind-humanitarian = Humanitarian
kind-other = Other
force-troops = Troops
force-tanks = Tanks
force-short-range-artillery = Short-range artillery
force-heavy-artillery = Heavy artillery
force-surface-to-air-missiles = Surface-to-air missiles
notify-heading = Notify an activity
notify-intro = Tell the other parties what your party will do, where and when. The check below shows, as you type, the notice you give and any conflict or broken zone rule, before anything is sent.
field-kind = Kind
field-shape = Where
shape-circle = Around a point
shape-corridor = Along a line
shape-area = In an area (GeoJSON)
field-lon = Longitude
field-lat = Latitude
field-center = Centre
field-radius = Radius (m)
field-line = Positions of the line
line-hint = One position per line: longitude, latitude.
field-width = Corridor width (m)
field-geojson = GeoJSON Polygon or MultiPolygon
geojson-hint = Paste a geometry or a Feature; rings must be closed and must not cross.
field-start = Start
field-end = End
times-utc = Times are UTC.
field-altitude = Altitude
field-lower = From (m)
field-upper = Up to (m)
altitude-hint = Leave both empty for the whole air column.
field-forces = Declared forces
field-description = Description
check-heading = Before you send
check-hint = Fill in the form to see the notice it gives and what it would conflict with.
check-clear = No conflict with other parties' activities, and no zone rule broken.
check-alerts = Sending this would raise these alerts:
check-conflict = Conflicts with { $other } during { $window }
notify-submit = Notify
alert-conflict = Conflict: { $activity } and { $other } overlap during { $window }
alert-zone-rule = { $party } may not conduct { $kind } activity in { $zone }
alert-force-cap = { $category } in { $zone }: { $total } declared where { $cap } are allowed, from { $time }
alert-zone-entry = Track { $track } of { $party } entered { $zone } ({ $kind }) at { $time }
crossing-entered = Track { $track } of { $party } entered { $zone } at { $time }
crossing-exited = Track { $track } of { $party } left { $zone } at { $time }
zone-line = { $name }, version { $version } ({ $status })
zone-proposed = proposed
zone-in-force = in force
zone-replaced = replaced
zone-superseded = superseded
zone-versions = Versions
zone-proposed-by = Proposed by
zone-approvals = Approved by
zone-in-force-since = In force since
zone-forbidden = may not conduct:
zone-caps = at most:
zone-approve = Approve for my party
zone-approve-note = The zone comes into force once every party has approved this version.
incident-line = { $category } reported by { $party }, { $time }
incident-airspace-violation = Airspace violation
incident-ground-incursion = Ground incursion
incident-fire = Fire or strike
incident-naval = Incident at sea
incident-near-miss = Near miss
incident-unexploded-ordnance = Unexploded ordnance
incident-humanitarian = Humanitarian
incident-other = Other incident
incident-facts = The report
incident-category = Category
incident-occurred = When it happened
incident-place = Where (longitude, latitude)
incident-reported = Reported by
incident-activity = Activity concerned
incident-zone = Zone concerned
incident-shared-with = Shared with
activity-short = { $kind } by { $party }

## My deadlines (dashboard)
my-deadlines = My deadlines
my-deadlines-hint = Everything your party owes, earliest first, across the hotline, de-escalation and every other workflow.
no-deadlines = Your party owes nothing with a deadline.
overdue-count = { $count } overdue
due-message-acknowledgement = Acknowledge message
due-activity-acknowledgement = Acknowledge activity notification

## Incident report form (de-escalation)
report-incident = Report an incident
report-incident-heading = Report an incident
report-incident-intro = Say what happened, when and where. The report is recorded for good and shared with the parties you tick; the supervisor sees every report shared beyond your party.
report-incident-submit = Report the incident
incident-concerns-none = None
incident-shared-hint = Untick every party to keep the report within your party.
