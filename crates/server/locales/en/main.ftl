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
