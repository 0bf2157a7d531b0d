# Fusion Cell console — Arabic (العربية).
# Every key here must exist in en/main.ftl and he/main.ftl too (a unit test checks).

product-name = خلية الاندماج
skip-to-content = انتقل إلى المحتوى

## Header and navigation

language-label = اللغة
language-apply = تغيير
sign-out = تسجيل الخروج
live-on = مباشر
live-off = غير متصل — أعد تحميل الصفحة للاطلاع على التحديثات
nav-label = التنقل الرئيسي
nav-dashboard = لوحة المتابعة
nav-threads = كل المحادثات
nav-new-thread = محادثة جديدة
list-separator = {"، "}

## Languages of texts

language-en = الإنجليزية
language-ar = العربية
language-he = العبرية

## Dates and durations (times are in UTC everywhere; Levantine month names)

date-time = { $day } { $month } { $year }، { $time } UTC
time-utc = { $time } UTC
month-1 = كانون الثاني
month-2 = شباط
month-3 = آذار
month-4 = نيسان
month-5 = أيار
month-6 = حزيران
month-7 = تموز
month-8 = آب
month-9 = أيلول
month-10 = تشرين الأول
month-11 = تشرين الثاني
month-12 = كانون الأول
duration-seconds = { $n ->
    [one] ثانية واحدة
    [two] ثانيتان
    [few] { $n } ثوانٍ
   *[other] { $n } ثانية
}
duration-minutes = { $n ->
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $n } دقائق
   *[other] { $n } دقيقة
}
duration-hours = { $n ->
    [one] ساعة واحدة
    [two] ساعتان
    [few] { $n } ساعات
   *[other] { $n } ساعة
}
duration-days = { $n ->
    [one] يوم واحد
    [two] يومان
    [few] { $n } أيام
    [many] { $n } يومًا
   *[other] { $n } يوم
}

## Sign-in

sign-in-heading = تسجيل الدخول
sign-in = دخول
field-username = اسم المستخدم
field-password = كلمة المرور
field-code = رمز لمرة واحدة
code-hint = فقط إذا كان حسابك يستخدم تطبيق مصادقة.
error-login-failed = اسم المستخدم أو كلمة المرور أو الرمز غير صحيح.
error-login-expired = انتهت صلاحية نموذج تسجيل الدخول. يُرجى المحاولة مرة أخرى.

## Dashboard

dashboard-heading = لوحة المتابعة
to-acknowledge = بانتظار إقرار طرفكم بالاستلام
nothing-to-acknowledge = لا شيء بانتظار إقرار طرفكم بالاستلام.
escalations = الإحالات إلى الجهة المشرفة
escalations-hint = رسائل انقضت مهلة الإقرار باستلامها فأُحيلت إلى الجهة المشرفة.
no-escalations = لا توجد إحالات.
awaiting-others = رسائل طرفكم بانتظار الأطراف الأخرى
nothing-awaiting-others = أُقِرَّ باستلام كل رسائل طرفكم.
tracks = المسارات
policy-observe = الجهة المشرفة تراقب
policy-vet = الجهة المشرفة تدقّق قبل النشر
thread-count = { $count ->
    [zero] لا محادثات
    [one] محادثة واحدة
    [two] محادثتان
    [few] { $count } محادثات
   *[other] { $count } محادثة
}

## Threads

no-threads = لا توجد محادثات بعد.
last-activity = آخر نشاط
message-count = { $count ->
    [zero] لا رسائل
    [one] رسالة واحدة
    [two] رسالتان
    [few] { $count } رسائل
   *[other] { $count } رسالة
}
to-acknowledge-count = { $count } بانتظار الإقرار
participants = الأطراف:
opened-by = فتحها
audience-internal = محادثة داخلية: لا يراها إلا طرفكم.
audience-supervised = الجهة المشرفة ({ $party }) ترى كل رسائل هذه المحادثة.
messages = الرسائل
no-messages = لا توجد رسائل بعد.
in-thread = في المحادثة

## Messages

priority-routine = عادية
priority-priority = ذات أولوية
priority-flash = فورية (FLASH)
priority-choice = { $priority } — الإقرار بالاستلام خلال { $span }
original-text = النص الأصلي (المرجع المعتمد)
translation-by = ترجمة إلى { $language } بواسطة { $translator } ({ $party })
translation-not-authoritative = غير معتمدة: النص الأصلي هو المرجع
deadline = موعد الإقرار بالاستلام
time-left = الوقت المتبقي
overdue-by = متأخرة بمقدار
awaiting = بانتظار:
all-acknowledged = أقرّت كل الأطراف المعنية بالاستلام.
escalated = أُحيلت إلى الجهة المشرفة
receipts = إيصالات الاستلام
receipt-delivered = سُلِّمت
receipt-not-delivered = لم تُسلَّم بعد
receipt-read = قُرئت
receipt-not-read = لم تُقرأ بعد
receipt-acknowledged = أُقِرَّ باستلامها
receipt-not-acknowledged = لم يُقَرّ باستلامها بعد
acknowledged-by = من قِبل { $user }
acknowledge = إقرار بالاستلام
acknowledge-means = الإقرار يؤكد أن طرفكم استلم الرسالة، ولا يعني الموافقة على مضمونها.
add-translation = إضافة ترجمة
translation-hint = تحمل ترجمتك اسمك، ويبقى النص الأصلي هو المرجع المعتمد.
field-translation-lang = لغة الترجمة
field-translation-text = الترجمة
save-translation = حفظ الترجمة

## Writing

compose = كتابة رسالة
field-text = الرسالة
field-text-lang = لغة الرسالة
field-priority = الأولوية
send = إرسال
new-thread-heading = فتح محادثة
field-track = المسار
field-participants = الأطراف الأخرى
participants-hint = اترك الخيارات كلها دون تحديد لمحادثة داخل طرفك فقط. ترى الجهة المشرفة كل محادثة بين الأطراف.
field-subject = الموضوع
field-subject-lang = لغة الموضوع
field-first-message = الرسالة الأولى
first-message-hint = اختيارية. اتركها فارغة لفتح المحادثة دون رسالة.
open-thread = فتح المحادثة

## Live updates, read by screen readers

announce-posted = وصلت رسالة جديدة.
announce-acknowledged = أُقِرَّ باستلام رسالة.
announce-escalated = أُحيلت رسالة إلى الجهة المشرفة.
announce-thread-opened = فُتحت محادثة جديدة.

## Errors

error-heading = حدث خطأ
error-heading-not-found = غير موجود
error-heading-forbidden = غير مسموح
error-heading-too-many = محاولات كثيرة جدًا
error-heading-unavailable = غير متاح مؤقتًا
error-not-found = هذا غير موجود، أو لا يحق لطرفكم الاطلاع عليه.
error-forbidden = أدوارك لا تسمح بذلك.
error-invalid = يُرجى تصحيح هذا الحقل:
error-conflict = يتعارض هذا مع الحالة الراهنة للسجل.
error-account-disabled = هذا الحساب معطَّل.
error-not-configured = لم تُهيَّأ الخلية بعد.
error-csrf = انتهت صلاحية النموذج. أعد تحميل الصفحة وحاول مرة أخرى.
error-rate-limited = محاولات فاشلة كثيرة جدًا. حاول مرة أخرى بعد { $span }.
error-unavailable = تعذّرت الكتابة في السجل، ولم يتغير شيء. حاول مرة أخرى بعد قليل.
error-unexpected = تعذّر تنفيذ الطلب.
back-to-dashboard = العودة إلى لوحة المتابعة
back-to-sign-in = العودة إلى تسجيل الدخول

## The shared record
nav-record = السجل
record-heading = السجل المشترك
record-intro = كل تغيير في هذه الخلية هو قيد في سجل واحد لا يُضاف إليه إلا في آخره. توقّع الخلية نقطة تحقق منه، ويتحقق شاهد كل طرف منها مقارنةً بما سبقها ثم يوقّعها معها، فلا يستطيع أحد تعديل القيود أو حذفها أو إعادة ترتيبها دون أن يُكتشف ذلك.
record-receipt = الإيصال
record-checkpoint = نقطة التحقق الحالية
record-size = الحجم
record-root = تجزئة الجذر
record-published = نُشرت
record-entries = القيود المسجلة
record-uncovered = قيود تنتظر نقطة التحقق التالية
record-no-checkpoint = لم تُنشر أي نقطة تحقق بعد.
record-log-key = مفتاح التحقق الخاص بالسجل:
record-witnesses = الشهود
record-witness-party = الطرف
record-witness-name = الشاهد
record-cosigned-size = آخر حجم وقّعه
record-behind = القيود المتأخرة
record-last-cosigned = آخر توقيع مشترك
record-on-checkpoint = على نقطة التحقق هذه
record-state = الحالة
record-state-unknown = لم يصل منه رد بعد
record-state-cosigning = يوقّع
record-state-failing = تعذّر الوصول إليه
record-state-refused = رفض: السجل موضع اعتراض
record-yes = نعم
record-no = لا
record-no-witnesses = لم يُعدّ أي شاهد.
record-alerts = حالات رفض الشهود
record-no-alerts = لم يرفض أي شاهد السجل.

## خفض التصعيد: الخريطة والأنشطة والمناطق والحوادث والتنبيهات
nav-map = خريطة خفض التصعيد
map-heading = خريطة خفض التصعيد
map-label = خريطة المناطق المتفق عليها والأنشطة المُبلَّغ عنها والحوادث والتنبيهات
map-controls = التحريك والتكبير
map-zoom-in = تكبير
map-zoom-out = تصغير
map-north = شمالاً
map-south = جنوباً
map-east = شرقاً
map-west = غرباً
map-hint = اسحب لتحريك الخريطة ومرّر عجلة الفأرة للتكبير، أو استخدم الأزرار. كل شكل وعلامة يقودان إلى سجلّه.
map-legend = مفتاح الخريطة
map-illustrative = مناطق العرض توضيحية، رُسمت استناداً إلى اتفاقية فصل القوات لعام 1974، وليست مأخوذة من خريطتها.
legend-zone = منطقة سارية
legend-zone-proposed = منطقة مقترحة لم تسرِ بعد
legend-activities = أنشطة { $party }
legend-incident = حادثة
legend-alert = تنبيه
legend-crossing = مسار يدخل منطقة أو يغادرها
alerts-heading = التنبيهات
no-alerts = لا توجد تنبيهات.
incidents-heading = الحوادث
no-incidents = لم يُبلَّغ عن أي حادثة.
announce-alert = تنبيه جديد بشأن تعارض الأنشطة.
notify-activity = الإبلاغ عن نشاط
activities-heading = الأنشطة
no-activities = لا يوجد نشاط يطابق هذه المرشحات.
filter-party = الطرف
filter-status = الحالة
filter-notice = مهلة الإخطار
filter-any = الكل
filter-live = قادم أو جارٍ
filter-late = متأخر
filter-timely = في الموعد
filter-awaiting = بانتظار إقرار طرفي
filter-apply = تصفية
activity-window = التوقيت
activity-notice = مهلة الإخطار المقدَّمة
activity-notice-line = { $notice } (المطلوب: { $required })
late-by = متأخر بمقدار { $span }
activity-acknowledgement = الإقرار بالاستلام
activity-escalated-awaiting = صُعِّد، بانتظار { $parties }
activity-upcoming = قادم
activity-active = جارٍ
activity-ended = انتهى
activity-cancelled = أُلغي
activity-line = { $kind } من { $party }، { $window }
activity-facts = الإخطار
activity-version = الإصدار
activity-notified = أبلغ عنه
activity-addressed = مطلوب منه الإقرار
activity-acknowledged-by-party = أقرّ به { $party }
activity-late-ack = بعد انقضاء المهلة
activity-escalated = صُعِّد إلى الطرف المشرف
activity-record = في السجل المشترك
activity-acknowledge = الإقرار بالاستلام
activity-acknowledge-note = الإقرار يعني أن طرفك استلم هذا الإخطار، ولا يعني الموافقة عليه.
activity-cancel = إلغاء هذا النشاط
activity-history = الإصدارات السابقة
activity-version-line = الإصدار { $version }: { $kind }، { $window }
altitude-band = من { $lower } إلى { $upper } م فوق سطح البحر
window = من { $start } إلى { $end }
kind-air = جوي
kind-ground = بري
kind-naval = بحري
kind-exercise = تمرين
kind-movement = تحريك قوات
kind-humanitarian = إنساني
kind-other = آخر
force-troops = جنود
force-tanks = دبابات
force-short-range-artillery = مدفعية قصيرة المدى
force-heavy-artillery = مدفعية ثقيلة
force-surface-to-air-missiles = صواريخ أرض-جو
notify-heading = الإبلاغ عن نشاط
notify-intro = أبلغ الأطراف الأخرى بما سيقوم به طرفك وأين ومتى. يُظهر الفحص أدناه أثناء الكتابة مهلة الإخطار وأي تعارض أو خرق لقواعد المناطق، قبل إرسال أي شيء.
field-kind = النوع
field-shape = المكان
shape-circle = حول نقطة
shape-corridor = على امتداد خط
shape-area = داخل منطقة (GeoJSON)
field-lon = خط الطول
field-lat = خط العرض
field-center = المركز
field-radius = نصف القطر (م)
field-line = مواقع الخط
line-hint = موقع واحد في كل سطر: خط الطول، خط العرض.
field-width = عرض الممر (م)
field-geojson = مضلع أو مضلعات GeoJSON
geojson-hint = الصق شكلاً هندسياً أو Feature؛ يجب أن تكون الحلقات مغلقة وغير متقاطعة.
field-start = البداية
field-end = النهاية
times-utc = الأوقات بالتوقيت العالمي المنسق.
field-altitude = الارتفاع
field-lower = من (م)
field-upper = حتى (م)
altitude-hint = اترك الحقلين فارغين لكامل العمود الجوي.
field-forces = القوات المُعلنة
field-description = الوصف
check-heading = قبل الإرسال
check-hint = املأ النموذج لترى مهلة الإخطار وما قد يتعارض معه النشاط.
check-clear = لا تعارض مع أنشطة الأطراف الأخرى، ولا خرق لقواعد أي منطقة.
check-alerts = إرسال هذا الإخطار سيثير التنبيهات التالية:
check-conflict = يتعارض مع { $other } خلال { $window }
notify-submit = إبلاغ
alert-conflict = تعارض: { $activity } و{ $other } متداخلان خلال { $window }
alert-zone-rule = لا يجوز لـ{ $party } القيام بنشاط { $kind } في { $zone }
alert-force-cap = { $category } في { $zone }: أُعلن عن { $total } والمسموح { $cap }، ابتداءً من { $time }
alert-zone-entry = المسار { $track } التابع لـ{ $party } دخل { $zone } ({ $kind }) في { $time }
crossing-entered = المسار { $track } التابع لـ{ $party } دخل { $zone } في { $time }
crossing-exited = المسار { $track } التابع لـ{ $party } غادر { $zone } في { $time }
zone-line = { $name }، الإصدار { $version } ({ $status })
zone-proposed = مقترحة
zone-in-force = سارية
zone-replaced = استُبدلت
zone-superseded = تجاوزها إصدار أحدث
zone-versions = الإصدارات
zone-proposed-by = اقترحها
zone-approvals = وافق عليها
zone-in-force-since = سارية منذ
zone-forbidden = لا يجوز له:
zone-caps = بحدّ أقصى:
zone-approve = الموافقة باسم طرفي
zone-approve-note = تسري المنطقة حين يوافق كل الأطراف على هذا الإصدار.
incident-line = { $category } أبلغ عنها { $party }، { $time }
incident-airspace-violation = خرق للمجال الجوي
incident-ground-incursion = توغل بري
incident-fire = إطلاق نار أو ضربة
incident-naval = حادثة في البحر
incident-near-miss = احتكاك وشيك
incident-unexploded-ordnance = ذخائر غير منفجرة
incident-humanitarian = حادثة إنسانية
incident-other = حادثة أخرى
incident-facts = البلاغ
incident-category = الفئة
incident-occurred = وقت وقوعها
incident-place = المكان (خط الطول، خط العرض)
incident-reported = أبلغ عنها
incident-activity = النشاط المعني
incident-zone = المنطقة المعنية
incident-shared-with = شُورِكت مع
activity-short = { $kind } من { $party }

## My deadlines (dashboard)
my-deadlines = مواعيدي النهائية
my-deadlines-hint = كل ما على طرفكم، الأقرب أولاً، في الخط الساخن وخفض التصعيد وسائر المسارات.
no-deadlines = لا شيء مستحق على طرفكم بموعد نهائي.
overdue-count = { $count } متأخرة
due-message-acknowledgement = الإقرار برسالة
due-activity-acknowledgement = الإقرار بإخطار نشاط

## Incident report form (de-escalation)
report-incident = الإبلاغ عن حادث
report-incident-heading = الإبلاغ عن حادث
report-incident-intro = اذكروا ما حدث ومتى وأين. يُسجَّل البلاغ نهائيًا ويُشارَك مع الأطراف التي تختارونها؛ ويرى المشرف كل بلاغ يُشارَك خارج طرفكم.
report-incident-submit = أبلغوا عن الحادث
incident-concerns-none = لا شيء
incident-shared-hint = ألغوا اختيار كل الأطراف لإبقاء البلاغ داخل طرفكم.
