# Fusion Cell console — Hebrew (עברית).
# Every key here must exist in en/main.ftl and ar/main.ftl too (a unit test checks).

product-name = תא המיזוג
skip-to-content = דילוג לתוכן

## Header and navigation

language-label = שפה
language-apply = החלפה
sign-out = יציאה
live-on = חי
live-off = מנותק — יש לטעון מחדש את הדף לקבלת עדכונים
nav-label = ניווט ראשי
nav-dashboard = לוח בקרה
nav-threads = כל השיחות
nav-new-thread = שיחה חדשה
list-separator = {", "}

## Languages of texts

language-en = אנגלית
language-ar = ערבית
language-he = עברית

## Dates and durations (times are in UTC everywhere; month names carry the prefix of dates)

date-time = { $day } { $month } { $year }, { $time } UTC
time-utc = { $time } UTC
month-1 = בינואר
month-2 = בפברואר
month-3 = במרץ
month-4 = באפריל
month-5 = במאי
month-6 = ביוני
month-7 = ביולי
month-8 = באוגוסט
month-9 = בספטמבר
month-10 = באוקטובר
month-11 = בנובמבר
month-12 = בדצמבר
duration-seconds = { $n ->
    [one] שנייה אחת
    [two] שתי שניות
   *[other] { $n } שניות
}
duration-minutes = { $n ->
    [one] דקה אחת
    [two] שתי דקות
   *[other] { $n } דקות
}
duration-hours = { $n ->
    [one] שעה אחת
    [two] שעתיים
   *[other] { $n } שעות
}
duration-days = { $n ->
    [one] יום אחד
    [two] יומיים
   *[other] { $n } ימים
}

## Sign-in

sign-in-heading = כניסה
sign-in = כניסה
field-username = שם משתמש
field-password = סיסמה
field-code = קוד חד-פעמי
code-hint = רק אם החשבון שלך משתמש באפליקציית אימות.
error-login-failed = שם המשתמש, הסיסמה או הקוד שגויים.
error-login-expired = תוקף טופס הכניסה פג. נא לנסות שוב.

## Dashboard

dashboard-heading = לוח בקרה
to-acknowledge = ממתין לאישור קבלה מהצד שלך
nothing-to-acknowledge = אין פריטים שממתינים לאישור קבלה מהצד שלך.
escalations = העברות לגורם המפקח
escalations-hint = הודעות שהמועד לאישור קבלתן חלף, ולכן הועברו לגורם המפקח.
no-escalations = אין העברות לגורם המפקח.
awaiting-others = הודעות של הצד שלך שממתינות לצדדים אחרים
nothing-awaiting-others = כל ההודעות של הצד שלך קיבלו אישור קבלה.
tracks = מסלולים
policy-observe = הגורם המפקח צופה
policy-vet = הגורם המפקח בודק לפני שחרור
thread-count = { $count ->
    [one] שיחה אחת
    [two] שתי שיחות
   *[other] { $count } שיחות
}

## Threads

no-threads = אין עדיין שיחות.
last-activity = פעילות אחרונה
message-count = { $count ->
    [one] הודעה אחת
    [two] שתי הודעות
   *[other] { $count } הודעות
}
to-acknowledge-count = { $count } לאישור קבלה
participants = צדדים:
opened-by = נפתחה על ידי
audience-internal = שיחה פנימית: רק הצד שלך רואה אותה.
audience-supervised = הגורם המפקח ({ $party }) רואה כל הודעה בשיחה זו.
messages = הודעות
no-messages = אין עדיין הודעות.
in-thread = בשיחה

## Messages

priority-routine = שגרתי
priority-priority = בעדיפות
priority-flash = מיידי (FLASH)
priority-choice = { $priority } — אישור קבלה תוך { $span }
original-text = המקור (הנוסח המחייב)
translation-by = תרגום (שפה: { $language }) מאת { $translator } ({ $party })
translation-not-authoritative = אינו מחייב: המקור הוא הקובע
deadline = מועד אחרון לאישור קבלה
time-left = זמן שנותר
overdue-by = באיחור של
awaiting = ממתין ל:
all-acknowledged = כל הצדדים הנמענים אישרו קבלה.
escalated = הועבר לגורם המפקח
receipts = אישורים
receipt-delivered = נמסרה
receipt-not-delivered = טרם נמסרה
receipt-read = נקראה
receipt-not-read = טרם נקראה
receipt-acknowledged = קבלתה אושרה
receipt-not-acknowledged = קבלתה טרם אושרה
acknowledged-by = על ידי { $user }
acknowledge = אישור קבלה
acknowledge-means = אישור הקבלה מאשר שהצד שלך קיבל את ההודעה. אין משמעותו הסכמה לתוכנה.
add-translation = הוספת תרגום
translation-hint = התרגום שלך יסומן בשמך; המקור נשאר הנוסח המחייב.
field-translation-lang = שפת התרגום
field-translation-text = תרגום
save-translation = שמירת התרגום

## Writing

compose = כתיבת הודעה
field-text = הודעה
field-text-lang = שפת ההודעה
field-priority = עדיפות
send = שליחה
new-thread-heading = פתיחת שיחה
field-track = מסלול
field-participants = צדדים אחרים
participants-hint = יש להשאיר הכול לא מסומן כדי לפתוח שיחה פנימית של הצד שלך בלבד. הגורם המפקח רואה כל שיחה בין צדדים.
field-subject = נושא
field-subject-lang = שפת הנושא
field-first-message = הודעה ראשונה
first-message-hint = לא חובה. אפשר להשאיר ריק כדי לפתוח את השיחה בלי הודעה.
open-thread = פתיחת השיחה

## Live updates, read by screen readers

announce-posted = הגיעה הודעה חדשה.
announce-acknowledged = אושרה קבלה של הודעה.
announce-escalated = הודעה הועברה לגורם המפקח.
announce-thread-opened = נפתחה שיחה חדשה.

## Errors

error-heading = משהו השתבש
error-heading-not-found = לא נמצא
error-heading-forbidden = אין הרשאה
error-heading-too-many = יותר מדי ניסיונות
error-heading-unavailable = לא זמין כרגע
error-not-found = הפריט אינו קיים, או שהצד שלך אינו רשאי לראותו.
error-forbidden = התפקידים שלך אינם מתירים פעולה זו.
error-invalid = נא לתקן את השדה:
error-conflict = הפעולה מתנגשת במצב הנוכחי של הרשומה.
error-account-disabled = החשבון הזה מושבת.
error-not-configured = התא טרם הוגדר.
error-csrf = תוקף הטופס פג. יש לטעון מחדש את הדף ולנסות שוב.
error-rate-limited = יותר מדי ניסיונות כושלים. אפשר לנסות שוב בעוד { $span }.
error-unavailable = לא ניתן היה לכתוב לרשומה; דבר לא השתנה. נא לנסות שוב בעוד רגע.
error-unexpected = לא ניתן היה לבצע את הבקשה.
back-to-dashboard = חזרה ללוח הבקרה
back-to-sign-in = חזרה לכניסה

## The shared record
nav-record = רשומה
record-heading = הרשומה המשותפת
record-intro = כל שינוי בתא הזה הוא רשומה ביומן אחד שרק מוסיפים לסופו. התא חותם על נקודת ביקורת שלו, והעד של כל צד בודק אותה מול הקודמות וחותם עליה במשותף, כך שאיש אינו יכול לשנות, להשמיט או לסדר מחדש רשומות בלי שיתגלה.
record-receipt = קבלה
record-checkpoint = נקודת הביקורת הנוכחית
record-size = גודל
record-root = גיבוב השורש
record-published = פורסמה
record-entries = רשומות שנקלטו
record-uncovered = רשומות הממתינות לנקודת הביקורת הבאה
record-no-checkpoint = טרם פורסמה נקודת ביקורת.
record-log-key = מפתח האימות של הרשומה:
record-witnesses = עדים
record-witness-party = צד
record-witness-name = עד
record-cosigned-size = הגודל האחרון שנחתם
record-behind = רשומות בפיגור
record-last-cosigned = חתימה משותפת אחרונה
record-on-checkpoint = על נקודת ביקורת זו
record-state = מצב
record-state-unknown = טרם התקבלה תשובה
record-state-cosigning = חותם
record-state-failing = אינו זמין
record-state-refused = סירב: הרשומה שנויה במחלוקת
record-yes = כן
record-no = לא
record-no-witnesses = לא הוגדרו עדים.
record-alerts = סירובי עדים
record-no-alerts = אף עד לא סירב לרשומה.

## הפחתת הסלמה: מפה, פעילויות, אזורים, תקריות והתרעות
nav-map = מפת הפחתת הסלמה
map-heading = מפת הפחתת הסלמה
map-label = מפה של אזורים מוסכמים, פעילויות שדווחו, תקריות והתרעות
map-controls = הזזה ותקריב
map-zoom-in = התקרבות
map-zoom-out = התרחקות
map-north = צפונה
map-south = דרומה
map-east = מזרחה
map-west = מערבה
map-hint = גררו כדי להזיז וגללו כדי להתקרב, או השתמשו בכפתורים. כל צורה וסימון מובילים לרשומה שלהם.
map-legend = מקרא
map-illustrative = אזורי ההדגמה להמחשה בלבד, שורטטו בהשראת הסכם הפרדת הכוחות משנת 1974 ולא לפי המפה שלו.
legend-zone = אזור בתוקף
legend-zone-proposed = אזור מוצע שטרם נכנס לתוקף
legend-activities = פעילויות של { $party }
legend-incident = תקרית
legend-alert = התרעה
legend-crossing = מסלול שנכנס לאזור או יוצא ממנו
alerts-heading = התרעות
no-alerts = אין התרעות.
incidents-heading = תקריות
no-incidents = לא דווחו תקריות.
announce-alert = התרעת תיאום חדשה.
notify-activity = דיווח על פעילות
activities-heading = פעילויות
no-activities = אין פעילות שתואמת את המסננים.
filter-party = צד
filter-status = מצב
filter-notice = התראה מוקדמת
filter-any = הכול
filter-live = צפויה או מתקיימת
filter-late = באיחור
filter-timely = בזמן
filter-awaiting = ממתינות לאישור קבלה של הצד שלי
filter-apply = סינון
activity-window = מתי
activity-notice = התראה מוקדמת שניתנה
activity-notice-line = { $notice } (נדרש: { $required })
late-by = באיחור של { $span }
activity-acknowledgement = אישור קבלה
activity-escalated-awaiting = הוסלם, ממתין ל{ $parties }
activity-upcoming = צפויה
activity-active = מתקיימת
activity-ended = הסתיימה
activity-cancelled = בוטלה
activity-line = { $kind } של { $party }, { $window }
activity-facts = הדיווח
activity-version = גרסה
activity-notified = דווח על ידי
activity-addressed = נדרשים לאשר קבלה
activity-acknowledged-by-party = אושר על ידי { $party }
activity-late-ack = לאחר המועד
activity-escalated = הוסלם לצד המפקח
activity-record = ברשומה המשותפת
activity-acknowledge = אישור קבלה
activity-acknowledge-note = אישור קבלה פירושו שהצד שלך קיבל את הדיווח, ואין פירושו הסכמה.
activity-cancel = ביטול הפעילות
activity-history = גרסאות קודמות
activity-version-line = גרסה { $version }: { $kind }, { $window }
altitude-band = מ־{ $lower } עד { $upper } מ׳ מעל פני הים
window = מ־{ $start } עד { $end }
kind-air = אווירית
kind-ground = קרקעית
kind-naval = ימית
kind-exercise = תרגיל
kind-movement = תנועת כוחות
kind-humanitarian = הומניטרית
kind-other = אחרת
force-troops = חיילים
force-tanks = טנקים
force-short-range-artillery = ארטילריה קצרת טווח
force-heavy-artillery = ארטילריה כבדה
force-surface-to-air-missiles = טילי קרקע־אוויר
notify-heading = דיווח על פעילות
notify-intro = דווחו לצדדים האחרים מה הצד שלכם יעשה, היכן ומתי. הבדיקה שלמטה מציגה תוך כדי הקלדה את ההתראה המוקדמת וכל התנגשות או הפרה של כללי אזור, לפני שדבר נשלח.
field-kind = סוג
field-shape = היכן
shape-circle = סביב נקודה
shape-corridor = לאורך קו
shape-area = בתוך שטח (GeoJSON)
field-lon = קו אורך
field-lat = קו רוחב
field-center = מרכז
field-radius = רדיוס (מ׳)
field-line = נקודות הקו
line-hint = נקודה אחת בכל שורה: קו אורך, קו רוחב.
field-width = רוחב המסדרון (מ׳)
field-geojson = פוליגון או מולטי־פוליגון ב־GeoJSON
geojson-hint = הדביקו גאומטריה או Feature; הטבעות חייבות להיות סגורות ולא חוצות זו את זו.
field-start = התחלה
field-end = סיום
times-utc = הזמנים ב־UTC.
field-altitude = גובה
field-lower = מ־(מ׳)
field-upper = עד (מ׳)
altitude-hint = השאירו את שני השדות ריקים לכל עמוד האוויר.
field-forces = כוחות מוצהרים
field-description = תיאור
check-heading = לפני השליחה
check-hint = מלאו את הטופס כדי לראות את ההתראה המוקדמת ועם מה הפעילות תתנגש.
check-clear = אין התנגשות עם פעילויות של צדדים אחרים ואין הפרה של כללי אזור.
check-alerts = שליחת הדיווח תעורר את ההתרעות האלה:
check-conflict = מתנגש עם { $other } במהלך { $window }
notify-submit = דיווח
alert-conflict = התנגשות: { $activity } ו־{ $other } חופפים במהלך { $window }
alert-zone-rule = ל{ $party } אסורה פעילות { $kind } ב{ $zone }
alert-force-cap = { $category } ב{ $zone }: הוצהרו { $total } כשמותרים { $cap }, החל מ־{ $time }
alert-zone-entry = המסלול { $track } של { $party } נכנס ל{ $zone } ({ $kind }) ב־{ $time }
crossing-entered = המסלול { $track } של { $party } נכנס ל{ $zone } ב־{ $time }
crossing-exited = המסלול { $track } של { $party } יצא מ{ $zone } ב־{ $time }
zone-line = { $name }, גרסה { $version } ({ $status })
zone-proposed = מוצע
zone-in-force = בתוקף
zone-replaced = הוחלף
zone-superseded = נדחה מפני גרסה חדשה
zone-versions = גרסאות
zone-proposed-by = הוצע על ידי
zone-approvals = אושר על ידי
zone-in-force-since = בתוקף מאז
zone-forbidden = אסור:
zone-caps = לכל היותר:
zone-approve = אישור בשם הצד שלי
zone-approve-note = האזור נכנס לתוקף כשכל הצדדים מאשרים גרסה זו.
incident-line = { $category } שדווחה על ידי { $party }, { $time }
incident-airspace-violation = הפרת מרחב אווירי
incident-ground-incursion = חדירה קרקעית
incident-fire = ירי או תקיפה
incident-naval = תקרית בים
incident-near-miss = כמעט־תקרית
incident-unexploded-ordnance = תחמושת שלא התפוצצה
incident-humanitarian = תקרית הומניטרית
incident-other = תקרית אחרת
incident-facts = הדיווח
incident-category = קטגוריה
incident-occurred = מתי אירעה
incident-place = היכן (קו אורך, קו רוחב)
incident-reported = דווחה על ידי
incident-activity = הפעילות הנוגעת בדבר
incident-zone = האזור הנוגע בדבר
incident-shared-with = שותפה עם
activity-short = { $kind } של { $party }

## My deadlines (dashboard)
my-deadlines = המועדים שלי
my-deadlines-hint = כל מה שהצד שלכם חייב, המוקדם ראשון, בקו החם, בהפחתת ההסלמה ובכל תהליך אחר.
no-deadlines = הצד שלכם אינו חייב דבר עם מועד.
overdue-count = { $count } באיחור
due-message-acknowledgement = אישור הודעה
due-activity-acknowledgement = אישור הודעה על פעילות

## Incident report form (de-escalation)
report-incident = דיווח על תקרית
report-incident-heading = דיווח על תקרית
report-incident-intro = ציינו מה קרה, מתי והיכן. הדיווח נרשם לצמיתות ומשותף עם הצדדים שתסמנו; המפקח רואה כל דיווח המשותף מחוץ לצד שלכם.
report-incident-submit = דווחו על התקרית
incident-concerns-none = אין
incident-shared-hint = בטלו את סימון כל הצדדים כדי להשאיר את הדיווח בתוך הצד שלכם.
