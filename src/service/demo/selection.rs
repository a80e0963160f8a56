//! The over-subscribed classes of the demo: a draw cohort with 60 eligible
//! applicants from a dozen employers for 20 places (a quota of 2 per
//! employer, nominations from four unions), open and ready to close and
//! draw; and a review cohort whose places are taken, with a waitlist.
use chrono::{DateTime, Duration, Utc};

use super::{date, national_id};
use crate::AppState;
use crate::domain::cohort::Decision;
use crate::domain::{beijing, beijing_date};
use crate::error::AppResult;
use crate::service::applications::{self, ApplicationRequest, CertificateRequest};
use crate::service::cohorts::{self, CohortInput};
use crate::service::nominations::{self, NominationInput};
use crate::service::selection::SelectionInput;

const EMPLOYERS: [&str; 12] = [
    "绍兴钢构有限公司",
    "柯桥区排水有限公司",
    "浙江精工钢结构集团",
    "绍兴市特种设备安装公司",
    "上虞化工机械厂",
    "诸暨管道工程有限公司",
    "嵊州电力建设公司",
    "新昌轴承集团",
    "越城区市政工程公司",
    "绍兴港航建设公司",
    "浙江锅炉制造有限公司",
    "绍兴轨道交通集团",
];
const SURNAMES: [&str; 12] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: [&str; 10] = [
    "建国", "海峰", "立新", "晓东", "志强", "伟民", "春燕", "国平", "永康", "丽娟",
];
const PROCESSES: [&str; 4] = ["SMAW", "GMAW", "GTAW", "FCAW"];

/// The n-th invented applicant of an employer; some certified, some by years.
fn applicant(n: u32, employer: &str, seq: u32) -> AppResult<ApplicationRequest> {
    let born = date(1975 + (n % 20) as i32, 1 + n % 12, 1 + n % 28)?;
    let certified = !n.is_multiple_of(3);
    Ok(ApplicationRequest {
        full_name: format!(
            "{}{}",
            SURNAMES[(n as usize) % SURNAMES.len()],
            GIVEN[(n as usize / 3) % GIVEN.len()]
        ),
        national_id: national_id("330602", born, seq)?,
        phone: format!("138{:08}", 66_100_000 + seq),
        email: format!("welder{seq}@example.com"),
        employer: employer.into(),
        trade: "welder".into(),
        started_trade_on: Some(date(2005 + (n % 10) as i32, 3, 1)?.to_string()),
        certificate: certified.then(|| CertificateRequest {
            trade: "welder".into(),
            level: serde_json::json!(3 + n % 2),
            number: Some(format!("S2015{:06}", 5000 + seq)),
            issued_on: Some("2015-06-01".into()),
        }),
        processes: vec![PROCESSES[(n as usize) % PROCESSES.len()].into()],
        locale: Some(if n.is_multiple_of(7) { "en" } else { "zh" }.into()),
        consent: true,
        mentor_preferences: serde_json::Value::Null,
        nomination_code: None,
    })
}

fn input(
    name: &str,
    capacity: i64,
    now: DateTime<Utc>,
    selection: Option<SelectionInput>,
) -> CohortInput {
    let today = beijing_date(now);
    CohortInput {
        name: name.into(),
        capacity,
        applications_open_at: (now - Duration::days(2)).with_timezone(&beijing()),
        applications_close_at: (now + Duration::days(12)).with_timezone(&beijing()),
        starts_on: today + Duration::days(40),
        ends_on: today + Duration::days(68),
        venue: "绍兴市劳模工匠学院焊接实训基地".into(),
        selection,
    }
}

/// Loads both cohorts; returns (draw cohort, review cohort).
pub async fn load(
    state: &AppState,
    organizer: i64,
    workshop_id: i64,
    now: DateTime<Utc>,
) -> AppResult<(i64, i64)> {
    let db = &state.db;
    let draw = cohorts::create(
        db,
        organizer,
        workshop_id,
        &input(
            "第三期（报名火爆，抽签）",
            20,
            now,
            Some(SelectionInput {
                mode: Some("draw".into()),
                employer_quota: Some(2),
                offer_hours: Some(48),
            }),
        ),
    )
    .await?;
    cohorts::transition(state, organizer, draw.id, "open").await?;
    // Four unions nominate two members each.
    let mut codes: Vec<(usize, Vec<String>)> = vec![];
    for e in [0usize, 1, 2, 3] {
        let issued = nominations::issue(
            db,
            organizer,
            draw.id,
            &NominationInput {
                employer: EMPLOYERS[e].into(),
                seats: 2,
            },
        )
        .await?;
        codes.push((e, issued.codes));
    }
    for n in 0..60u32 {
        let e = (n as usize) % EMPLOYERS.len();
        let mut req = applicant(n, EMPLOYERS[e], 100 + n)?;
        // The first applicant of each nominating employer in each round uses a code.
        if let Some((_, list)) = codes.iter().find(|(i, _)| *i == e) {
            let round = (n as usize) / EMPLOYERS.len();
            if let Some(code) = list.get(round) {
                req.nomination_code = Some(code.clone());
            }
        }
        applications::submit(state, draw.id, &req, now).await?;
    }
    // Two who do not qualify: refused with reasons, not stored.
    for n in 0..2u32 {
        let mut req = applicant(n, EMPLOYERS[n as usize], 200 + n)?;
        req.certificate = None;
        req.started_trade_on = Some(date(2022, 5, 1)?.to_string());
        let _refused = applications::submit(state, draw.id, &req, now).await;
    }

    // A review cohort: six places taken, three on the waitlist.
    let review = cohorts::create(
        db,
        organizer,
        workshop_id,
        &input("第四期（审核）", 6, now, None),
    )
    .await?;
    cohorts::transition(state, organizer, review.id, "open").await?;
    for n in 0..9u32 {
        let e = (n as usize) % EMPLOYERS.len();
        let s = applications::submit(
            state,
            review.id,
            &applicant(n + 60, EMPLOYERS[e], 300 + n)?,
            now,
        )
        .await?;
        let decision = if n < 6 {
            Decision::Admit
        } else {
            Decision::Waitlist
        };
        applications::decide(state, organizer, s.app.id, decision, None).await?;
    }
    Ok((draw.id, review.id))
}
