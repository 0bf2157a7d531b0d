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
