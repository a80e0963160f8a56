//! Strings of the way back to a lost status link and of the copy button:
//! key, Chinese, English. Merged into the page strings by `crate::web::i18n`.
pub const STRINGS: &[(&str, &str, &str)] = &[
    (
        "recover_title",
        "找回报名查询链接",
        "Get your application link again",
    ),
    (
        "recover_explain",
        "填写报名时用的身份证号和手机号，我们会把每一条报名的查询链接重新发到您报名时填写的邮箱。",
        "Enter the ID number and mobile number you applied with. We will mail the link to each of your applications again, to the email address you gave.",
    ),
    (
        "recover_phone_hint",
        "报名时填写的11位手机号",
        "The 11-digit mobile number you applied with",
    ),
    ("recover_button", "发送查询链接", "Send my links"),
    ("recover_sent_title", "请查收邮件", "Check your email"),
    (
        "recover_sent_text",
        "如果身份证号和手机号与报名记录一致，查询链接已经发到报名时填写的邮箱，几分钟内就能收到。",
        "If the ID number and mobile number match an application, its link is on its way to the email address given when applying; it arrives within a few minutes.",
    ),
    (
        "recover_sent_hint",
        "没有收到？请看看垃圾邮件箱，或联系主办方。",
        "Nothing arrived? Look in your spam folder, or contact the organizers.",
    ),
    (
        "recover_link",
        "找不到查询链接？用身份证号和手机号找回",
        "Lost your link? Get it again with your ID number and mobile number",
    ),
    ("copy_link", "复制链接", "Copy link"),
    ("copied", "已复制", "Copied"),
    (
        "link_also_mailed",
        "这个链接也已发到您的邮箱，以后打开邮件里的链接就能直接查看。",
        "This link has also been mailed to you: the link in the mail opens your application directly.",
    ),
    (
        "internal_note",
        "内部备注（仅工作人员可见）",
        "Internal note (staff only)",
    ),
    (
        "internal_note_hint",
        "选填。只记入审核记录给同事看，不会发给申请人。",
        "Optional. Kept with the decision for colleagues; never sent to the applicant.",
    ),
    ("internal_note_short", "内部备注", "Internal note"),
    (
        "verify_not_found",
        "找不到这个核验码的证书。请逐位核对证书上的12位核验码：数字0和字母O、数字1和字母I容易看错。",
        "No certificate has this code. Check the 12 characters printed on the certificate one by one: 0 and O, 1 and I are easily confused.",
    ),
    ("verify_link", "核验结业证书", "Verify a certificate"),
    ("outbox_link", "通知发件箱", "Mail outbox"),
    ("export_applications", "导出报名名单", "Export applications"),
];
