//! Strings of the organizer's review list at scale (paging, sorting, filters,
//! select-all and the confirmation of bulk decisions): key, Chinese, English.
//! Merged into the page strings by `crate::web::i18n`; `{count}` and
//! `{total}` are filled in where they are used.
pub const STRINGS: &[(&str, &str, &str)] = &[
    (
        "bulk_confirm_admit",
        "将 {count} 人录取，并发送通知",
        "Admit {count} and notify them",
    ),
    (
        "bulk_confirm_waitlist",
        "将 {count} 人列入候补，并发送通知",
        "Waitlist {count} and notify them",
    ),
    (
        "bulk_confirm_reject",
        "将 {count} 人标记为未录取，并发送通知",
        "Mark {count} as not admitted and notify them",
    ),
    ("rv_confirm_title", "请确认批量处理", "Confirm the decision"),
    (
        "rv_confirm_explain",
        "确认之前不会更改任何报名，也不会发送任何邮件。",
        "Nothing is changed and nothing is mailed until you confirm.",
    ),
    (
        "rv_confirm_capacity",
        "本期还剩 {count} 个名额；超出名额的人不会被录取，结果中会说明。",
        "{count} places are left; those past the last place are not admitted, and the result says so.",
    ),
    ("rv_confirm_button", "确认", "Confirm"),
    (
        "rv_confirm_back",
        "返回，不做更改",
        "Go back without changes",
    ),
    ("rv_scope", "处理范围", "Apply to"),
    ("rv_scope_selected", "勾选的报名", "The ticked applications"),
    (
        "rv_scope_page",
        "本页全部（{count}人）",
        "Everyone on this page ({count})",
    ),
    (
        "rv_scope_matching",
        "全部符合筛选条件的 {count} 人",
        "All {count} matching this filter",
    ),
    ("rv_sort", "排序", "Sort by"),
    (
        "rv_sort_submitted",
        "提交时间（先到在前）",
        "Submitted (oldest first)",
    ),
    (
        "rv_sort_-submitted",
        "提交时间（最新在前）",
        "Submitted (newest first)",
    ),
    ("rv_sort_name", "姓名", "Name"),
    ("rv_sort_-name", "姓名（倒序）", "Name (reversed)"),
    ("rv_sort_employer", "工作单位", "Employer"),
    (
        "rv_sort_-employer",
        "工作单位（倒序）",
        "Employer (reversed)",
    ),
    (
        "rv_sort_years",
        "从业年限（多到少）",
        "Years in the trade (most first)",
    ),
    (
        "rv_sort_-years",
        "从业年限（少到多）",
        "Years in the trade (fewest first)",
    ),
    ("rv_tier", "抽签档次", "Draw tier"),
    ("rv_tier_any", "全部档次", "Any tier"),
    ("rv_tier_1", "1（单位推荐）", "1 (nominated)"),
    ("rv_tier_2", "2（其他）", "2 (the others)"),
    ("rv_nominated", "单位推荐", "Nomination"),
    ("rv_nominated_any", "全部", "All"),
    ("rv_nominated_yes", "有推荐", "Nominated"),
    ("rv_nominated_no", "无推荐", "Not nominated"),
    ("rv_next", "下一页", "Next page"),
    ("rv_prev", "上一页", "Previous page"),
    ("rv_first", "回到第一页", "First page"),
    (
        "rv_showing",
        "共 {total} 条符合条件，本页 {count} 条",
        "{total} match; {count} on this page",
    ),
    ("rv_submitted_at", "提交时间", "Submitted"),
    ("rv_years", "年限", "Years"),
    ("rv_nominated_mark", "推荐", "nominated"),
    (
        "rv_search_hint",
        "姓名或单位的开头、报名编号、手机尾号（4位）",
        "Start of a name or employer, a reference, or the last 4 digits of a mobile",
    ),
    ("rv_pages", "翻页", "Pages"),
];
