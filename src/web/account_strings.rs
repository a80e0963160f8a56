//! Strings of the staff account pages (remembered devices, password reset):
//! key, Chinese, English. Merged into the page strings by `crate::web::i18n`.
pub const STRINGS: &[(&str, &str, &str)] = &[
    (
        "remember_device",
        "在此设备上保持登录 30 天",
        "Keep me signed in on this device for 30 days",
    ),
    (
        "remember_device_hint",
        "只在自己的手机或电脑上勾选。可以随时在“我的设备”里取消。",
        "Only on your own phone or computer. You can undo it at any time under “My devices”.",
    ),
    ("forgot_password", "忘记密码？", "Forgot your password?"),
    ("my_devices", "我的设备", "My devices"),
    (
        "devices_explain",
        "这些设备上勾选了“保持登录 30 天”。不认识的、丢失的或别人的设备，请点“退出这台设备”，它上面的登录会立即失效。",
        "On these devices “keep me signed in for 30 days” was ticked. For a device you do not know, have lost or that is not yours, choose “Sign this device out”: its sign-in ends at once.",
    ),
    (
        "devices_none",
        "没有保持登录的设备。登录时勾选“在此设备上保持登录 30 天”，设备就会列在这里。",
        "No device keeps you signed in. Tick “keep me signed in on this device for 30 days” when signing in, and the device is listed here.",
    ),
    ("device_unknown", "未识别的浏览器", "Unrecognised browser"),
    ("device_this", "当前设备", "This device"),
    ("device_since", "保持登录起始", "Signed in since"),
    ("device_last_used", "最近使用", "Last used"),
    ("device_until", "有效至", "Until"),
    ("device_revoke", "退出这台设备", "Sign this device out"),
    (
        "device_revoked",
        "已退出这台设备，它上面的登录已经失效。",
        "The device is signed out; its sign-in no longer works.",
    ),
    ("forgot_title", "重新设置密码", "Set a new password"),
    (
        "forgot_explain",
        "填写您登录用的邮箱，我们会把设置新密码的链接发到这个邮箱。",
        "Enter the email you sign in with, and we will mail a link to set a new password to it.",
    ),
    ("forgot_button", "发送重设链接", "Send the link"),
    ("forgot_sent_title", "请查收邮件", "Check your email"),
    (
        "forgot_sent_text",
        "如果这个邮箱有工匠账号，设置新密码的链接已经发出，几分钟内就能收到。链接 45 分钟内有效，只能使用一次。",
        "If this email has a Gongjiang account, a link to set a new password is on its way and arrives within a few minutes. It works for 45 minutes, once.",
    ),
    (
        "forgot_sent_hint",
        "没有收到？请看看垃圾邮件箱，或请主办方的管理员帮忙。",
        "Nothing arrived? Look in your spam folder, or ask the organizers' administrator.",
    ),
    ("new_password", "新密码", "New password"),
    (
        "new_password_hint",
        "至少10个字符。设置后，所有设备上的登录都会退出。",
        "At least 10 characters. Once set, you are signed out on every device.",
    ),
    (
        "new_password_confirm",
        "再输入一次新密码",
        "The new password again",
    ),
    ("reset_button", "设置新密码", "Set the new password"),
    (
        "reset_done_title",
        "新密码已设置",
        "Your new password is set",
    ),
    (
        "reset_done_text",
        "所有设备上的登录都已退出。请用新密码登录。",
        "You are signed out on every device. Sign in with the new password.",
    ),
    (
        "reset_refused_title",
        "这个链接不能使用",
        "This link cannot be used",
    ),
    (
        "reset_unknown",
        "这个重设密码的链接无效：可能复制得不完整。请打开邮件里的链接，或重新申请。",
        "This password link is not valid: it may have been copied incompletely. Open the link in the mail, or ask for a new one.",
    ),
    (
        "reset_used",
        "这个重设密码的链接已经用过了，每个链接只能用一次。如果还需要修改密码，请重新申请。",
        "This password link has already been used; each link works once. To change the password again, ask for a new one.",
    ),
    (
        "reset_expired",
        "这个重设密码的链接已经过期（45 分钟内有效）。请重新申请。",
        "This password link has expired (it works for 45 minutes). Ask for a new one.",
    ),
    ("reset_again", "重新申请重设链接", "Ask for a new link"),
    (
        "private_notice_text",
        "这封邮件含有只给收件人本人使用的登录链接，这里不显示正文。",
        "This mail holds a sign-in link for its recipient alone; its text is not shown here.",
    ),
];
