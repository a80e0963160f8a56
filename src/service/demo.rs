//! `gongjiang demo`: the welding class of the seed story as demo data, loaded
//! through the same operations the web uses (so every rule and notice holds).
//!
//! An organizer and the two master welders of the story — 丁卫松 (浙江省劳动模范,
//! 柯桥区排水有限公司) and 朱致挺 (浙江省首席技师, 杭州汽轮股份有限公司) — with
//! fresh passwords; the workshop as DESIGN.md has it; a first cohort that is
//! running, with its participants paired, sessions held, attendance and
//! scores; and a second cohort open for applications. The applicants are
//! invented people with valid (made-up) ID numbers. It only loads into an
//! empty database and says so otherwise.
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::AppState;
use crate::domain::cohort::Decision;
use crate::domain::identity::NationalId;
use crate::domain::{Message, beijing, beijing_date};
use crate::entity::{user, workshop};
use crate::error::{AppError, AppResult};
use crate::service::accounts::{self, Role};
use crate::service::applications::{self, ApplicationRequest, CertificateRequest};
use crate::service::cohorts::{self, CohortInput};
use crate::service::mentoring::assessments::{self, AssessmentInput};
use crate::service::mentoring::attendance::{self, AttendanceInput, AttendanceRecordInput};
use crate::service::mentoring::mentors::{self, MentorInput};
use crate::service::mentoring::sessions::{self, SessionInput};
use crate::service::mentoring::{Actor, pairing};
use crate::service::workshops;

mod selection;

/// What was loaded, for the command line to print.
#[derive(Debug, Clone)]
pub struct DemoReport {
    /// (role, name, email, password)
    pub accounts: Vec<(String, String, String, String)>,
    pub running_cohort_id: i64,
    pub open_cohort_id: i64,
    /// An over-subscribed draw cohort, open and ready to close and draw.
    pub draw_cohort_id: i64,
    /// A review cohort whose places are taken, with a waitlist.
    pub review_cohort_id: i64,
    pub participants: usize,
    pub sessions: usize,
}

pub const ORGANIZER_EMAIL: &str = "organizer@example.com";
pub const DING_EMAIL: &str = "ding.weisong@example.com";
pub const ZHU_EMAIL: &str = "zhu.zhiting@example.com";

/// An invented applicant: name, ID region and birth date, employer, processes,
/// and either a certificate level or the year they started welding.
struct Person {
    name: &'static str,
    email: &'static str,
    region: &'static str,
    born: (i32, u32, u32),
    employer: &'static str,
    processes: &'static [&'static str],
    certificate_level: Option<u8>,
    started: (i32, u32, u32),
}

const RUNNING: [Person; 8] = [
    Person {
        name: "陈建华",
        email: "chen.jianhua@example.com",
        region: "330602",
        born: (1983, 4, 12),
        employer: "浙江精工钢结构集团有限公司",
        processes: &["GTAW", "SMAW"],
        certificate_level: Some(3),
        started: (2004, 7, 1),
    },
    Person {
        name: "周立新",
        email: "zhou.lixin@example.com",
        region: "330603",
        born: (1990, 9, 3),
        employer: "绍兴钢构有限公司",
        processes: &["GMAW", "FCAW"],
        certificate_level: Some(4),
        started: (2011, 3, 1),
    },
    Person {
        name: "吴海军",
        email: "wu.haijun@example.com",
        region: "330681",
        born: (1979, 1, 25),
        employer: "诸暨技师学院",
        processes: &["SMAW"],
        certificate_level: None,
        started: (2001, 5, 1),
    },
    Person {
        name: "郑国强",
        email: "zheng.guoqiang@example.com",
        region: "330602",
        born: (1986, 11, 8),
        employer: "柯桥区排水有限公司",
        processes: &["GTAW"],
        certificate_level: Some(4),
        started: (2008, 9, 1),
    },
    Person {
        name: "孙志明",
        email: "sun.zhiming@example.com",
        region: "330603",
        born: (1992, 6, 17),
        employer: "杭州汽轮股份有限公司",
        processes: &["GMAW"],
        certificate_level: Some(4),
        started: (2013, 2, 1),
    },
    Person {
        name: "马俊峰",
        email: "ma.junfeng@example.com",
        region: "330681",
        born: (1981, 2, 28),
        employer: "绍兴钢构有限公司",
        processes: &["FCAW", "SAW"],
        certificate_level: None,
        started: (2003, 8, 1),
    },
    Person {
        name: "胡晓东",
        email: "hu.xiaodong@example.com",
        region: "330602",
        born: (1988, 12, 1),
        employer: "浙江精工钢结构集团有限公司",
        processes: &["GMAW", "GTAW"],
        certificate_level: Some(3),
        started: (2009, 6, 1),
    },
    Person {
        name: "钱永康",
        email: "qian.yongkang@example.com",
        region: "330603",
        born: (1985, 7, 19),
        employer: "诸暨技师学院",
        processes: &["SMAW", "GTAW"],
        certificate_level: Some(4),
        started: (2007, 1, 1),
    },
];

const OPEN: [Person; 3] = [
    Person {
        name: "何文斌",
        email: "he.wenbin@example.com",
        region: "330681",
        born: (1987, 3, 9),
        employer: "绍兴钢构有限公司",
        processes: &["GMAW"],
        certificate_level: Some(4),
        started: (2010, 4, 1),
    },
    Person {
        name: "罗建平",
        email: "luo.jianping@example.com",
        region: "330602",
        born: (1980, 10, 30),
        employer: "柯桥区排水有限公司",
        processes: &["SMAW", "GTAW"],
        certificate_level: None,
        started: (2002, 3, 1),
    },
    Person {
        name: "高志远",
        email: "gao.zhiyuan@example.com",
        region: "330603",
        born: (1991, 5, 21),
        employer: "浙江精工钢结构集团有限公司",
        processes: &["FCAW"],
        certificate_level: Some(3),
        started: (2012, 9, 1),
    },
];

fn date(y: i32, m: u32, d: u32) -> AppResult<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| AppError::Internal(format!("demo date {y}-{m}-{d}")))
}

/// A valid (invented) ID number for a region, birth date and sequence.
fn national_id(region: &str, born: NaiveDate, seq: u32) -> AppResult<String> {
    let first17 = format!("{region}{}{:03}", born.format("%Y%m%d"), seq % 1000);
    let check =
        NationalId::check_char(&first17).ok_or_else(|| AppError::Internal("demo id".into()))?;
    Ok(format!("{first17}{check}"))
}

fn request(p: &Person, seq: u32) -> AppResult<ApplicationRequest> {
    let born = date(p.born.0, p.born.1, p.born.2)?;
    let started = date(p.started.0, p.started.1, p.started.2)?;
    Ok(ApplicationRequest {
        full_name: p.name.into(),
        national_id: national_id(p.region, born, seq)?,
        phone: format!("139{:08}", 57_300_000 + seq),
        email: p.email.into(),
        employer: p.employer.into(),
        trade: "welder".into(),
        started_trade_on: Some(started.to_string()),
        certificate: p.certificate_level.map(|level| CertificateRequest {
            trade: "welder".into(),
            level: json!(level),
            number: Some(format!("S{}{:06}", started.format("%Y"), 4100 + seq)),
            issued_on: Some((started + Duration::days(365 * 6)).to_string()),
        }),
        processes: p.processes.iter().map(|s| s.to_string()).collect(),
        locale: Some("zh".into()),
        consent: true,
        mentor_preferences: serde_json::Value::Null,
        nomination_code: None,
    })
}

/// 09:00 (or `hour`) Beijing time on a day.
fn at(day: NaiveDate, hour: u32) -> AppResult<chrono::DateTime<chrono::FixedOffset>> {
    day.and_hms_opt(hour, 0, 0)
        .and_then(|t| beijing().from_local_datetime(&t).single())
        .ok_or_else(|| AppError::Internal("demo time".into()))
}

fn password() -> String {
    crate::crypto::random_token()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(14)
        .collect()
}

async fn refuse_unless_empty(state: &AppState) -> AppResult<()> {
    let users = user::Entity::find().count(&state.db).await?;
    let workshops = workshop::Entity::find().count(&state.db).await?;
    if users + workshops == 0 {
        return Ok(());
    }
    let loaded = accounts::find_by_email(&state.db, DING_EMAIL)
        .await?
        .is_some();
    Err(AppError::conflict(if loaded {
        Message::of("demo_loaded")
    } else {
        Message::of("database_not_empty")
    }))
}

/// Loads the demo at `now`.
pub async fn load(state: &AppState, now: DateTime<Utc>) -> AppResult<DemoReport> {
    refuse_unless_empty(state).await?;
    let db = &state.db;
    let today = beijing_date(now);
    let mut accounts_made = vec![];
    let mut account = |role: Role, name: &str, email: &str| {
        let pw = password();
        accounts_made.push((
            role.as_str().to_string(),
            name.to_string(),
            email.to_string(),
            pw.clone(),
        ));
        (role, name.to_string(), email.to_string(), pw)
    };
    let wanted = [
        account(Role::Organizer, "王晓红", ORGANIZER_EMAIL),
        account(Role::Mentor, "丁卫松", DING_EMAIL),
        account(Role::Mentor, "朱致挺", ZHU_EMAIL),
    ];
    let mut ids = vec![];
    for (role, name, email, pw) in &wanted {
        ids.push(accounts::create_user(db, *role, email, name, pw).await?.id);
    }
    let org = Actor {
        id: ids[0],
        role: Role::Organizer,
    };
    let ding = Actor {
        id: ids[1],
        role: Role::Mentor,
    };
    let zhu = Actor {
        id: ids[2],
        role: Role::Mentor,
    };

    // The workshop, as DESIGN.md has it.
    let input: workshops::WorkshopInput = serde_json::from_value(json!({
        "title": "绍兴工匠高级研修班（焊工方向）", "trade": "welder",
        "description": "绍兴市总工会主办，市劳模工匠学院和柯桥区排水有限公司共同承办。面向具有焊工中级职业资格或从事焊工8年以上的企业职工，由两位电焊大师在焊接实训基地现场授课、一对一指导。",
        "entry_rules": {"any_of": [
            {"all_of": [{"certificate": {"trade": "welder", "min_level": 4}}]},
            {"all_of": [{"experience": {"trade": "welder", "min_years": 8}}]}]},
        "rubric": {"criteria": [
            {"key": "visual", "name": "外观检查", "max_points": 30},
            {"key": "bend", "name": "弯曲试验", "max_points": 40},
            {"key": "theory", "name": "理论", "max_points": 30}], "pass_mark": 60},
        "completion": {"min_attendance_rate": 0.8}
    }))
    .map_err(|e| AppError::Internal(format!("demo workshop: {e}")))?;
    let w = workshops::create(db, org.id, &input).await?;

    // The first cohort: applied a month ago, now two weeks into its course.
    let opened = now - Duration::days(40);
    let closed = now - Duration::days(20);
    let first = cohorts::create(
        db,
        org.id,
        w.model.id,
        &CohortInput {
            name: "第一期".into(),
            capacity: 12,
            applications_open_at: opened.with_timezone(&beijing()),
            applications_close_at: closed.with_timezone(&beijing()),
            starts_on: today - Duration::days(14),
            ends_on: today + Duration::days(14),
            venue: "绍兴市劳模工匠学院焊接实训基地".into(),
            selection: None,
        },
    )
    .await?;
    cohorts::transition(state, org.id, first.id, "open").await?;
    let mut participants = vec![];
    for (i, p) in RUNNING.iter().enumerate() {
        let seq = u32::try_from(i).unwrap_or(0) + 11;
        let applied = now - Duration::days(30) + Duration::hours(i64::from(seq));
        let s = applications::submit(state, first.id, &request(p, seq)?, applied).await?;
        applications::decide(state, org.id, s.app.id, Decision::Admit, None).await?;
        participants.push(s.app.id);
    }
    for to in ["closed", "approved", "running"] {
        cohorts::transition(state, org.id, first.id, to).await?;
    }

    // The two master welders, paired with the participants.
    for (email, processes, employer, title) in [
        (
            DING_EMAIL,
            vec!["GTAW", "SMAW"],
            "柯桥区排水有限公司",
            "浙江省劳动模范",
        ),
        (
            ZHU_EMAIL,
            vec!["GMAW", "FCAW", "SAW"],
            "杭州汽轮股份有限公司",
            "浙江省首席技师",
        ),
    ] {
        let m = MentorInput {
            email: email.into(),
            capacity: 5,
            processes: processes.into_iter().map(String::from).collect(),
            employer: employer.into(),
            title: title.into(),
        };
        mentors::add(db, org, first.id, &m).await?;
    }
    pairing::auto(db, org, first.id).await?;

    // Sessions: five held, two to come.
    let plan = [
        (-14, 9, 3, "开班仪式与焊接安全", "theory", Some(DING_EMAIL)),
        (
            -12,
            9,
            3,
            "“三把刀”：知识之刀炼技术、创新之刀促效能、责任之刀保畅通",
            "theory",
            Some(DING_EMAIL),
        ),
        (
            -9,
            8,
            4,
            "钨极氩弧焊（GTAW）打底焊实操",
            "practical",
            Some(DING_EMAIL),
        ),
        (
            -7,
            8,
            4,
            "药芯焊丝电弧焊（FCAW）立焊实操",
            "practical",
            Some(ZHU_EMAIL),
        ),
        (
            -2,
            8,
            4,
            "“钢铁裁缝”的手法：一对一指导",
            "practical",
            Some(ZHU_EMAIL),
        ),
        (1, 8, 4, "管道全位置焊接实操", "practical", Some(DING_EMAIL)),
        (
            12,
            9,
            4,
            "结业考核：外观检查、弯曲试验、理论",
            "assessment",
            None,
        ),
    ];
    let mut session_ids = vec![];
    for (day, hour, hours, title, kind, mentor) in plan {
        let starts = at(today + Duration::days(day), hour)?;
        let s = SessionInput {
            title: title.into(),
            kind: kind.into(),
            starts_at: starts,
            ends_at: starts + Duration::hours(hours),
            venue: None,
            mentor_email: mentor.map(String::from),
        };
        session_ids.push(sessions::create(state, org, first.id, &s).await?.id);
    }

    // Attendance at the held sessions: most present; one often absent (flagged), one late, one on leave.
    for (n, session) in session_ids.iter().take(5).enumerate() {
        let records = participants
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (status, note) = match (i, n) {
                    (2, 1..=3) => ("absent", None),
                    (4, 2) => ("late", Some("路上堵车，迟到20分钟")),
                    (6, 3) => ("excused", Some("单位抢修任务，提前请假")),
                    _ => ("present", None),
                };
                AttendanceRecordInput {
                    participant_id: *p,
                    status: status.into(),
                    note: note.map(String::from),
                }
            })
            .collect();
        let who = if n < 3 { ding } else { zhu };
        attendance::record(db, &state.mail, who, *session, &AttendanceInput { records }).await?;
    }

    // A mid-course check of four participants.
    for (i, (visual, bend, theory, comment)) in [
        (26, 35, 25, "打底焊成形均匀，收弧处理到位。"),
        (22, 30, 22, "立焊手法稳定，注意层间清理。"),
        (18, 24, 17, "缺课较多，弯曲试验有裂纹，需补课后复考。"),
        (28, 37, 27, "焊缝外观优秀，可作示范。"),
    ]
    .into_iter()
    .enumerate()
    {
        let who = if i % 2 == 0 { ding } else { zhu };
        let a = AssessmentInput {
            scores: [("visual", visual), ("bend", bend), ("theory", theory)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), json!(v)))
                .collect(),
            comment: comment.into(),
        };
        assessments::record(state, who, participants[i], &a).await?;
    }

    // The second cohort, open for applications now.
    let second = cohorts::create(
        db,
        org.id,
        w.model.id,
        &CohortInput {
            name: "第二期".into(),
            capacity: 20,
            applications_open_at: (now - Duration::days(1)).with_timezone(&beijing()),
            applications_close_at: (now + Duration::days(20)).with_timezone(&beijing()),
            starts_on: today + Duration::days(30),
            ends_on: today + Duration::days(58),
            venue: "绍兴市劳模工匠学院焊接实训基地".into(),
            selection: None,
        },
    )
    .await?;
    cohorts::transition(state, org.id, second.id, "open").await?;
    for (i, p) in OPEN.iter().enumerate() {
        let seq = u32::try_from(i).unwrap_or(0) + 31;
        applications::submit(state, second.id, &request(p, seq)?, now).await?;
    }

    let (draw_cohort_id, review_cohort_id) =
        selection::load(state, org.id, w.model.id, now).await?;

    Ok(DemoReport {
        accounts: accounts_made,
        running_cohort_id: first.id,
        open_cohort_id: second.id,
        draw_cohort_id,
        review_cohort_id,
        participants: participants.len(),
        sessions: session_ids.len(),
    })
}

/// Builds what `load` needs from the settings, as the service does at start.
pub async fn state_from(figment: rocket::figment::Figment) -> Result<AppState, String> {
    let (_, settings, data_key) = crate::config::prepare(figment).map_err(|e| e.to_string())?;
    let db = crate::db::connect(&settings.database_url(), 2)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    crate::db::migrate(&db)
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    let mail = crate::mail::Mailer::new(&settings)?;
    Ok(AppState {
        db,
        settings,
        keys: crate::crypto::DataKeys::new(data_key),
        mail,
        clock: crate::clock::Clock::default(),
    })
}
