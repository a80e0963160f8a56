//! Strings of the workshop-floor pages (announced mentors, preferences):
//! key, Chinese, English. Merged into the page strings by `crate::web::i18n`.
pub const STRINGS: &[(&str, &str, &str)] = &[
    ("mentors_title", "导师", "Mentors"),
    (
        "mentors_none",
        "本期导师尚未公布。",
        "The mentors of this cohort have not been announced yet.",
    ),
    ("mentor_processes", "带教工艺", "Teaches"),
    ("preferences_section", "志愿导师", "Mentors you would like"),
    (
        "preferences_hint",
        "选填：最多按顺序选三位导师。配对时尽量满足，但不保证。",
        "Optional: rank up to three mentors. Pairing tries to meet your choice but cannot promise it.",
    ),
    ("preference_1", "第一志愿", "First choice"),
    ("preference_2", "第二志愿", "Second choice"),
    ("preference_3", "第三志愿", "Third choice"),
    ("preference_none", "不选", "No choice"),
];
