//! Chinese by default; English when the reader chose it (cookie `lang`) or the
//! browser's `Accept-Language` prefers it. Page strings live in one table.
use std::collections::HashMap;
use std::sync::LazyLock;

use rocket::request::{FromRequest, Outcome, Request};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Zh,
    En,
}

impl Locale {
    pub fn is_english(self) -> bool {
        self == Locale::En
    }

    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }

    /// `<html lang>` value.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Locale::Zh)
        } else if s.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    pub fn of(req: &Request<'_>) -> Locale {
        if let Some(l) = req
            .cookies()
            .get("lang")
            .and_then(|c| Locale::parse(c.value()))
        {
            return l;
        }
        req.headers()
            .get_one("Accept-Language")
            .map(from_accept_language)
            .unwrap_or(Locale::Zh)
    }
}

/// The supported language the header ranks highest (by q, then order);
/// Chinese when it names neither.
pub fn from_accept_language(header: &str) -> Locale {
    let mut best: Option<(f32, Locale)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(l) = Locale::parse(tag)
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, l));
        }
    }
    best.map(|(_, l)| l).unwrap_or(Locale::Zh)
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Locale {
    type Error = std::convert::Infallible;
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(Locale::of(req))
    }
}

/// key, Chinese, English.
const STRINGS: &[(&str, &str, &str)] = &[
    ("app_name", "工匠", "Gongjiang"),
    (
        "tagline",
        "职业技能研修班报名与培训管理",
        "Vocational training cohorts, from application to certificate",
    ),
    ("home", "首页", "Home"),
    ("sign_in", "登录", "Sign in"),
    ("sign_out", "退出登录", "Sign out"),
    ("email", "电子邮箱", "Email"),
    ("password", "密码", "Password"),
    ("switch_lang", "English", "中文"),
    (
        "open_cohorts",
        "正在报名的研修班",
        "Cohorts open for applications",
    ),
    (
        "no_open_cohorts",
        "目前没有正在报名的研修班，请稍后再来看看。",
        "No cohort is open for applications right now. Please check back later.",
    ),
    ("apply", "我要报名", "Apply"),
    ("details", "查看详情", "Details"),
    ("deadline", "报名截止", "Applications close"),
    ("starts", "开班日期", "Starts"),
    ("venue", "地点", "Venue"),
    ("capacity", "名额", "Places"),
    ("entry_rules", "报名条件", "Entry requirements"),
    ("signed_in_as", "当前用户", "Signed in as"),
    ("role_organizer", "主办方", "Organizer"),
    ("role_mentor", "导师", "Mentor"),
    ("sign_in_title", "工作人员登录", "Staff sign-in"),
    (
        "sign_in_hint",
        "主办方和导师使用账号登录；报名学员无需账号。",
        "Organizers and mentors sign in here; applicants need no account.",
    ),
    ("error", "出错了", "Something went wrong"),
    ("back_home", "返回首页", "Back to the home page"),
    ("skip_to_content", "跳到正文", "Skip to content"),
    ("dashboard", "工作台", "Dashboard"),
    ("check_status", "查询报名进度", "Check an application"),
    ("verify_certificate", "验证结业证书", "Verify a certificate"),
    (
        "footer",
        "工匠 · 职工技能研修服务",
        "Gongjiang · skills training for workers",
    ),
];

/// Every table of page strings: the shared one, then each area's own.
fn all_strings() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    STRINGS
        .iter()
        .chain(crate::web::pages::strings::STRINGS)
        .chain(crate::web::mentor_pages_strings::STRINGS)
        .chain(crate::web::floor_strings::STRINGS)
        .chain(crate::web::credential_strings::STRINGS)
        .chain(crate::web::pages::selection_strings::STRINGS)
        .chain(crate::web::pages::recover_strings::STRINGS)
        .chain(crate::web::checkin_strings::STRINGS)
}

static TABLES: LazyLock<[HashMap<&'static str, &'static str>; 2]> = LazyLock::new(|| {
    let zh = all_strings().map(|(k, z, _)| (*k, *z)).collect();
    let en = all_strings().map(|(k, _, e)| (*k, *e)).collect();
    [zh, en]
});

/// The page strings for a locale, as the templates' `t` object.
pub fn strings(locale: Locale) -> &'static HashMap<&'static str, &'static str> {
    &TABLES[usize::from(locale.is_english())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        let cases = [
            ("zh-CN,zh;q=0.9,en;q=0.8", Locale::Zh),
            ("en-US,en;q=0.9", Locale::En),
            ("en-GB;q=0.5,zh;q=0.9", Locale::Zh),
            ("fr-FR,en;q=0.7", Locale::En),
            ("fr-FR", Locale::Zh),
            ("", Locale::Zh),
            ("en;q=garbage", Locale::En),
        ];
        for (header, want) in cases {
            assert_eq!(from_accept_language(header), want, "{header}");
        }
    }

    #[test]
    fn every_string_has_both_languages() {
        for (k, zh, en) in all_strings() {
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(
            strings(Locale::En).len(),
            all_strings().count(),
            "duplicate keys"
        );
    }
}
