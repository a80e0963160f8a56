//! Page strings of self check-in and of the attendance sheet's record state
//! (key, Chinese, English), joined to the shared table by `i18n::strings`.
//! Keys start with `ck_`.
pub const STRINGS: &[(&str, &str, &str)] = &[
    ("ck_title", "课堂签到", "Check in"),
    ("ck_as", "签到人", "Checking in as"),
    ("ck_button", "签到", "Check in"),
    (
        "ck_code_label",
        "签到码（导师手机上二维码下方的6位数字）",
        "Check-in code (the 6 digits under the QR code on the mentor's phone)",
    ),
    ("ck_reference_label", "报名编号", "Reference"),
    (
        "ck_token_label",
        "查询码（状态链接中 token= 后面的部分）",
        "Access code (the part after token= in your status link)",
    ),
    (
        "ck_not_you",
        "不是您？用报名编号和查询码签到",
        "Not you? Check in with your reference and access code",
    ),
    (
        "ck_who_hint",
        "在这台手机上打开过一次您的报名状态链接后，以后扫码即可一键签到。",
        "Once you have opened your status link on this phone, scanning the code checks you in with one tap.",
    ),
    ("ck_done", "签到成功", "Checked in"),
    ("ck_done_status", "记录为", "Recorded as"),
    (
        "ck_window_hint",
        "开课前30分钟到开课后10分钟签到记为出勤，之后到下课前记为迟到。",
        "From 30 minutes before the start to 10 minutes after it you are present; later, until the end, late.",
    ),
    ("ck_qr_title", "签到二维码", "Check-in QR code"),
    (
        "ck_qr_hint",
        "请学员用手机扫码签到；二维码每30秒自动更换。",
        "Participants scan this with their phones; it changes by itself every 30 seconds.",
    ),
    ("ck_qr_code", "签到码", "Code"),
    ("ck_back_to_sheet", "返回点名表", "Back to the sheet"),
    ("ck_open_qr", "显示签到二维码", "Show the check-in QR code"),
    ("ck_not_recorded", "未记录", "Not recorded"),
    (
        "ck_sheet_not_recorded",
        "这次课还没有记录考勤（未记录，不等于全员出勤）。",
        "No attendance has been recorded for this session yet (not recorded is not the same as everyone present).",
    ),
    ("ck_source_self", "自助签到", "Self check-in"),
    ("ck_source_mentor", "导师记录", "Recorded by staff"),
    ("ck_live", "扫码签到", "Checked in by QR"),
    (
        "ck_live_hint",
        "学员扫码签到后会自动出现在下面；您点选的状态会覆盖签到结果。",
        "Participants who scan the code appear below by themselves; the status you tap overrides their check-in.",
    ),
    (
        "ck_sheet_hint",
        "没有人默认出勤：请逐一点选，没点选的学员保持“未记录”。请假请点选或写明原因。",
        "Nobody starts as present: tap each participant's status; anyone left untouched stays “not recorded”. For leave, tap or write a reason.",
    ),
    ("ck_reason", "请假原因", "Reason for leave"),
    ("ck_reason_sick", "病假", "Sick leave"),
    ("ck_reason_personal", "事假", "Personal leave"),
    ("ck_reason_work", "单位任务", "Work assignment"),
    ("ck_history", "修改记录", "History of changes"),
    ("ck_catch_up", "待补录", "To catch up"),
    (
        "ck_catch_up_hint",
        "这些课已经开始，但还有学员的考勤没有记录。",
        "These sessions have started, but some participants' attendance is not recorded.",
    ),
    ("ck_missing", "{count}人未记录", "{count} not recorded"),
];
