//! Every kind of notice, proved through the action that causes it (an HTTP
//! call or the background loop) and read as the recipient receives it: over
//! SMTP on loopback (`smtp.rs`), parsed, with its calendar attachment.
use chrono::{DateTime, Duration, Utc};
use gongjiang::i18n::fmt;
use gongjiang::mail::{Mailer, sender};
use gongjiang::web::i18n::Locale;
use rocket::http::Status;
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::*;
use crate::smtp::{Received, SmtpSink};

/// The SMTP server of one test and what it has received so far.
struct Inbox {
    sink: SmtpSink,
    mailer: Mailer,
    seen: usize,
}

impl Inbox {
    async fn start(app: &TestApp) -> Inbox {
        let sink = SmtpSink::start().await;
        let mut mailer = Mailer::new(&app.state().settings)
            .expect("mailer")
            .with_smtp_url(Some(sink.url()));
        mailer.send_timeout = std::time::Duration::from_secs(5);
        Inbox {
            sink,
            mailer,
            seen: 0,
        }
    }

    /// Sends everything queued and returns the messages new since last time.
    async fn deliver(&mut self, app: &TestApp) -> Vec<Received> {
        while sender::run_once(app.db(), &self.mailer)
            .await
            .expect("run_once")
            > 0
        {}
        let all = self.sink.received();
        let new = all[self.seen..].to_vec();
        self.seen = all.len();
        new
    }
}

fn to<'a>(mails: &'a [Received], addr: &str) -> Vec<&'a Received> {
    mails
        .iter()
        .filter(|m| m.to == vec![addr.to_string()])
        .collect()
}

fn one<'a>(mails: &'a [Received], addr: &str, subject_starts: &str) -> &'a Received {
    let found: Vec<_> = to(mails, addr)
        .into_iter()
        .filter(|m| m.subject().starts_with(subject_starts))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one mail to {addr} starting {subject_starts:?}; got {:?}",
        mails
            .iter()
            .map(|m| (m.to.clone(), m.subject()))
            .collect::<Vec<_>>()
    );
    found[0]
}

fn text(m: &Received) -> String {
    m.part("text/plain").expect("a text part")
}

/// The mail's text and HTML carry the same facts.
fn both_parts_say(m: &Received, facts: &[&str]) {
    let t = text(m);
    let h = m.html_as_read().expect("an HTML part");
    for f in facts {
        assert!(t.contains(f), "text lacks {f:?}:\n{t}");
        assert!(h.contains(f), "HTML lacks {f:?}:\n{h}");
    }
}

type Event = ical::parser::ical::component::IcalEvent;

fn calendar_of(ics: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("a calendar that parses");
    assert!(parser.next().is_none(), "exactly one calendar");
    cal
}

fn attached_calendar(m: &Received) -> ical::parser::ical::component::IcalCalendar {
    let (_, ics, attached) = m
        .parts()
        .into_iter()
        .find(|(t, _, _)| t == "text/calendar")
        .expect("a calendar part");
    assert!(attached, "the calendar is an attachment");
    calendar_of(&ics)
}

fn prop(e: &Event, name: &str) -> String {
    e.properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
        .unwrap_or_default()
}

fn tzid(e: &Event, name: &str) -> String {
    e.properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.params.clone())
        .and_then(|ps| ps.into_iter().find(|(k, _)| k == "TZID"))
        .and_then(|(_, v)| v.into_iter().next())
        .unwrap_or_default()
}

fn event(cal: &ical::parser::ical::component::IcalCalendar, session: i64) -> &Event {
    let uid = format!("session-{session}@gongjiang.localhost");
    cal.events
        .iter()
        .find(|e| prop(e, "UID") == uid)
        .unwrap_or_else(|| panic!("no event {uid}"))
}

/// Beijing wall-clock time as iCalendar writes it with `TZID=Asia/Shanghai`.
fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&gongjiang::domain::beijing())
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

/// "2027年1月4日 09:00–12:00" as the mails write a session's time.
fn when(locale: Locale, start: DateTime<Utc>, hours: i64) -> String {
    let end = (start + Duration::hours(hours)).with_timezone(&gongjiang::domain::beijing());
    format!("{}–{}", fmt::datetime(locale, start), end.format("%H:%M"))
}

/// A session starting at `start` for three hours, by the organizer.
async fn schedule(app: &TestApp, class: &Class, start: DateTime<Utc>, title: &str) -> i64 {
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/sessions", class.cohort_id),
            &class.org,
            &json!({"title": title, "kind": "practical", "starts_at": start.to_rfc3339(),
                    "ends_at": (start + Duration::hours(3)).to_rfc3339(), "venue": "二号实训车间"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    r.json()["id"].as_i64().expect("session id")
}

async fn feed(app: &TestApp, url: &str) -> (Status, String) {
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .expect("a path");
    let r = app.get(&path, &Who::anonymous()).await;
    (r.status, r.body)
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
        .trim()
}

/// No mail carries a full ID number or mobile number.
fn nothing_personal(mails: &[Received], ns: &[u32]) {
    for m in mails {
        let raw = String::from_utf8_lossy(&m.data).to_string();
        let body = format!(
            "{}\n{}\n{}",
            m.subject(),
            m.part("text/plain").unwrap_or_default(),
            m.part("text/html").unwrap_or_default()
        );
        for n in ns {
            for secret in [national_id(*n), phone(*n)] {
                assert!(
                    !body.contains(&secret) && !raw.contains(&secret),
                    "{secret} in {}",
                    m.subject()
                );
            }
        }
    }
}

#[rocket::async_test]
async fn notices_the_welcome_names_the_mentor_lists_the_sessions_and_the_feed_follows_each_change()
{
    let app = TestApp::spawn().await;
    let mut inbox = Inbox::start(&app).await;
    let class = open_class(&app, 5).await;
    let zh_body = applicant(0, "绍兴钢构有限公司", &["SMAW"]);
    let mut en_body = applicant(1, "绍兴钢构有限公司", &["GTAW"]);
    en_body["locale"] = json!("en");
    let (zh_id, zh_ref, zh_token) = apply(&app, class.cohort_id, &zh_body).await;
    let (en_id, _, _) = apply(&app, class.cohort_id, &en_body).await;
    for id in [zh_id, en_id] {
        assert_eq!(
            decide(&app, &class.org, id, "admit").await.status,
            Status::Ok
        );
    }
    transition(&app, &class, "closed").await;
    // The mentor and the pairing, then two sessions, all before approval.
    app.mentor(DING, "丁卫松").await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/mentors", class.cohort_id),
            &class.org,
            &json!({"email": DING, "capacity": 5, "processes": ["SMAW", "GTAW"],
                    "employer": "柯桥排水有限公司", "title": "全国技术能手"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", class.cohort_id),
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let day = Utc::now().date_naive() + Duration::days(30);
    let first_at = day.and_hms_opt(1, 0, 0).expect("time").and_utc();
    let second_at = first_at + Duration::days(1);
    let first = schedule(&app, &class, first_at, "开班仪式与安全教育").await;
    let second = schedule(&app, &class, second_at, "焊条电弧焊平焊实操").await;
    let before = inbox.deliver(&app).await;
    assert_eq!(before.len(), 4, "receipts and decisions only");

    // Approval: one welcome each, in their language.
    transition(&app, &class, "approved").await;
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 2);
    let zh = one(&mails, "welder0@example.com", "开班通知：");
    assert_eq!(
        zh.subject(),
        "开班通知：绍兴工匠高级研修班(焊工方向)（第一期）"
    );
    let zh_when = |t| when(Locale::Zh, t, 3);
    both_parts_say(
        zh,
        &[
            "丁卫松",
            "全国技术能手",
            "开班仪式与安全教育",
            "焊条电弧焊平焊实操",
            &zh_when(first_at),
            &zh_when(second_at),
            "二号实训车间",
            "绍兴市焊接实训基地",
            "身份证",
            &format!("/applications/{zh_ref}"),
        ],
    );
    let t = text(zh);
    assert!(t.contains("您的导师：丁卫松（全国技术能手）"), "{t}");
    assert!(
        t.contains(&format!(
            "· {}  开班仪式与安全教育（二号实训车间）",
            zh_when(first_at)
        )),
        "{t}"
    );
    assert!(
        !t.contains("稍后通知"),
        "no promise of a later timetable: {t}"
    );
    let en = one(&mails, "welder1@example.com", "Welcome to ");
    let en_text = text(en);
    assert!(en_text.starts_with("Dear 李明,"), "{en_text}");
    assert!(
        en_text.contains("Your mentor: 丁卫松 (全国技术能手)"),
        "{en_text}"
    );
    assert!(
        en_text.contains(&when(Locale::En, second_at, 3)),
        "{en_text}"
    );

    // The attachment: both sessions, Beijing time, stable UIDs.
    let cal = attached_calendar(zh);
    assert_eq!(cal.events.len(), 2);
    assert_eq!(cal.timezones.len(), 1, "a VTIMEZONE");
    let method = cal
        .properties
        .iter()
        .find(|p| p.name == "METHOD")
        .and_then(|p| p.value.clone());
    assert_eq!(method.as_deref(), Some("PUBLISH"));
    let e1 = event(&cal, first);
    assert_eq!(tzid(e1, "DTSTART"), "Asia/Shanghai");
    assert_eq!(prop(e1, "DTSTART"), local(first_at));
    assert_eq!(prop(e1, "DTEND"), local(first_at + Duration::hours(3)));
    assert_eq!(prop(e1, "SEQUENCE"), "0");
    assert_eq!(prop(e1, "STATUS"), "CONFIRMED");
    assert!(prop(e1, "DESCRIPTION").is_empty() || prop(e1, "DESCRIPTION").contains("导师"));
    assert_eq!(prop(event(&cal, second), "DTSTART"), local(second_at));

    // The feed named in the welcome, also linked from the status page.
    let feed_url = t
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("http") && l.contains("/calendar/"))
        .expect("the feed's https address")
        .to_string();
    assert!(feed_url.starts_with("http"), "{feed_url}");
    assert!(
        !feed_url.contains(&zh_token),
        "the feed is not the status token"
    );
    let webcal = line_with(&t, "webcal://").to_string();
    assert_eq!(webcal.replacen("webcal://", "http://", 1), feed_url);
    let page = app
        .get(
            &format!("/applications/{zh_ref}?token={zh_token}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(page.status, Status::Ok);
    let feed_token = feed_url
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".ics"))
        .expect("the feed's token");
    assert!(
        page.body.contains("id=\"calendar-subscribe\"") && page.body.contains(feed_token),
        "the status page links the feed"
    );
    let (status, ics) = feed(&app, &feed_url).await;
    assert_eq!(status, Status::Ok);
    let fed = calendar_of(&ics);
    assert_eq!(fed.events.len(), 2);
    assert_eq!(prop(event(&fed, first), "SEQUENCE"), "0");
    let tampered = feed_url.replace(".ics", "0.ics");
    assert_eq!(feed(&app, &tampered).await.0, Status::NotFound);

    // Moving the first session: one change notice each, the new time, SEQUENCE 1.
    let moved_at = first_at + Duration::hours(5);
    let r = app
        .put_json(
            &format!("/api/v1/sessions/{first}"),
            &class.org,
            &json!({"title": "开班仪式与安全教育", "kind": "practical", "venue": "二号实训车间",
                    "starts_at": moved_at.to_rfc3339(), "ends_at": (moved_at + Duration::hours(3)).to_rfc3339()}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 2, "one change notice per participant");
    let change = one(&mails, "welder0@example.com", "课程调整：");
    assert_eq!(change.subject(), "课程调整：开班仪式与安全教育（第一期）");
    both_parts_say(change, &[&zh_when(moved_at), "二号实训车间"]);
    let cal = attached_calendar(change);
    assert_eq!(cal.events.len(), 1);
    assert_eq!(prop(event(&cal, first), "SEQUENCE"), "1");
    assert_eq!(prop(event(&cal, first), "DTSTART"), local(moved_at));
    let fed = calendar_of(&feed(&app, &feed_url).await.1);
    let e1 = event(&fed, first);
    assert_eq!(prop(e1, "DTSTART"), local(moved_at));
    assert_eq!(prop(e1, "SEQUENCE"), "1", "higher than before");
    assert_eq!(prop(event(&fed, second), "SEQUENCE"), "0");

    // Cancelling the second: the feed keeps it, cancelled.
    let r = app
        .post_json(
            &format!("/api/v1/sessions/{second}/cancel"),
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 2);
    let cancel = one(&mails, "welder1@example.com", "Session cancelled: ");
    assert!(text(cancel).contains("is cancelled"), "{}", text(cancel));
    assert_eq!(
        prop(event(&attached_calendar(cancel), second), "STATUS"),
        "CANCELLED"
    );
    let fed = calendar_of(&feed(&app, &feed_url).await.1);
    let e2 = event(&fed, second);
    assert_eq!(prop(e2, "STATUS"), "CANCELLED");
    assert_eq!(prop(e2, "SEQUENCE"), "1");

    // A session added after approval is announced and joins the feed.
    let third_at = second_at + Duration::days(2);
    let third = schedule(&app, &class, third_at, "补课：平焊实操").await;
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 2);
    let added = one(&mails, "welder0@example.com", "新增课程：");
    both_parts_say(added, &["补课：平焊实操", &zh_when(third_at)]);
    assert_eq!(
        prop(event(&attached_calendar(added), third), "DTSTART"),
        local(third_at)
    );
    assert_eq!(calendar_of(&feed(&app, &feed_url).await.1).events.len(), 3);

    // The mentor's own feed, linked from their page, holds the same sessions.
    let ding = app.login(DING).await;
    let home = app.get("/mentor", &ding).await;
    assert_eq!(home.status, Status::Ok);
    let mentor_feed = home
        .body
        .split("<code id=\"calendar-url\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the mentor's feed address")
        .replace("&#x2F;", "/");
    assert!(home.body.contains("href=\"webcal:"), "a subscribe button");
    let fed = calendar_of(&feed(&app, &mentor_feed).await.1);
    assert_eq!(fed.events.len(), 3);
    assert_eq!(prop(event(&fed, first), "SEQUENCE"), "1");
    nothing_personal(&inbox.sink.received(), &[0, 1]);
    println!(
        "FIGURES welcome: sessions=2 events=2 change_notices=2 sequence_after_move=1 feed_events=3"
    );
}

#[rocket::async_test]
async fn notices_receipt_and_decisions_come_from_applying_and_deciding() {
    let app = TestApp::spawn().await;
    let mut inbox = Inbox::start(&app).await;
    let class = open_class(&app, 5).await;
    let mut en_body = applicant(1, "绍兴钢构有限公司", &["GTAW"]);
    en_body["locale"] = json!("en");
    let (zh_id, zh_ref, zh_token) = apply(
        &app,
        class.cohort_id,
        &applicant(0, "绍兴钢构有限公司", &["SMAW"]),
    )
    .await;
    let (en_id, en_ref, _) = apply(&app, class.cohort_id, &en_body).await;
    let (no_id, no_ref, _) = apply(
        &app,
        class.cohort_id,
        &applicant(2, "绍兴钢构有限公司", &["SMAW"]),
    )
    .await;
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 3);
    let receipt = one(&mails, "welder0@example.com", "报名已收到：");
    assert_eq!(
        receipt.subject(),
        "报名已收到：绍兴工匠高级研修班(焊工方向)（第一期）"
    );
    both_parts_say(receipt, &[&zh_ref, "绍兴市焊接实训基地"]);
    let t = text(receipt);
    assert!(t.contains(&format!("报名编号：{zh_ref}")), "{t}");
    assert!(t.contains("报名条件：符合（"), "{t}");
    assert!(
        t.contains(&format!("/applications/{zh_ref}?token={zh_token}")),
        "the receipt opens the status page: {t}"
    );
    let en_receipt = one(&mails, "welder1@example.com", "Application received");
    assert!(text(en_receipt).contains(&en_ref));

    let r = app
        .post_json(
            &format!("/api/v1/applications/{zh_id}/decision"),
            &class.org,
            &json!({"decision": "admit", "note": "请带好焊工证原件。"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = app
        .post_json(
            &format!("/api/v1/applications/{en_id}/decision"),
            &class.org,
            &json!({"decision": "waitlist", "note": "You are next in line."}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(
        decide(&app, &class.org, no_id, "reject").await.status,
        Status::Ok
    );
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 3);
    let admitted = one(&mails, "welder0@example.com", "录取通知：");
    both_parts_say(admitted, &[&zh_ref, "请带好焊工证原件。", "恭喜您"]);
    let waiting = one(&mails, "welder1@example.com", "On the waiting list: ");
    let t = text(waiting);
    assert!(t.contains("number 1"), "{t}");
    assert!(
        t.contains("A note from the organizer: You are next in line."),
        "{t}"
    );
    let rejected = one(&mails, "welder2@example.com", "报名结果：");
    both_parts_say(rejected, &[&no_ref, "没有被录取"]);
    nothing_personal(&inbox.sink.received(), &[0, 1, 2]);
    println!("FIGURES receipts_and_decisions: receipts=3 decisions=3");
}

#[rocket::async_test]
async fn notices_someone_offered_a_place_after_approval_gets_the_offer_and_on_accepting_the_welcome()
 {
    let app = TestApp::spawn().await;
    let mut inbox = Inbox::start(&app).await;
    let class = open_class(&app, 1).await;
    let (first, first_ref, first_token) = apply(
        &app,
        class.cohort_id,
        &applicant(0, "绍兴钢构有限公司", &["SMAW"]),
    )
    .await;
    let (next, next_ref, next_token) = apply(
        &app,
        class.cohort_id,
        &applicant(1, "绍兴钢构有限公司", &["SMAW"]),
    )
    .await;
    assert_eq!(
        decide(&app, &class.org, first, "admit").await.status,
        Status::Ok
    );
    assert_eq!(
        decide(&app, &class.org, next, "waitlist").await.status,
        Status::Ok
    );
    let start = Utc::now() + Duration::days(20);
    schedule(&app, &class, start, "开班仪式").await;
    approve(&app, &class).await;
    inbox.deliver(&app).await;

    let r = app
        .post_json(
            &format!("/api/v1/applications/{first_ref}/withdraw"),
            &Who::anonymous(),
            &json!({"token": first_token}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    // The freed place is offered to the first on the waitlist ...
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 1, "the offer");
    let offered = one(&mails, "welder1@example.com", "有名额等您确认：");
    both_parts_say(offered, &[&next_ref, "接受名额"]);
    // ... who accepts it and, the roster being approved, gets the welcome.
    let r = app
        .post_json(
            &format!("/api/v1/applications/{next_ref}/accept"),
            &Who::anonymous(),
            &json!({"token": next_token}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 1, "the welcome");
    let welcome = one(&mails, "welder1@example.com", "开班通知：");
    both_parts_say(welcome, &["开班仪式", &when(Locale::Zh, start, 3)]);
    assert_eq!(attached_calendar(welcome).events.len(), 1);
    println!("FIGURES promotion_after_approval: offer=1 welcome=1");
}

#[rocket::async_test]
async fn notices_the_background_loop_sends_the_reminder_a_day_before() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let mut inbox = Inbox::start(&app).await;
    let start = Utc::now() + Duration::hours(20);
    let s = session_at(&app, &m.class, 20, "管道全位置焊接").await;
    inbox.deliver(&app).await;
    let queued = gongjiang::service::mentoring::reminders::queue_due_reminders(app.state()).await;
    assert_eq!(queued, 1);
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 1);
    let r = one(&mails, "welder0@example.com", "上课提醒：");
    // session_at takes "now" itself; compare to the minute it stored.
    let stored = app
        .get(
            &format!("/api/v1/cohorts/{}/sessions", m.class.cohort_id),
            &m.class.org,
        )
        .await
        .json();
    let at: DateTime<Utc> = stored
        .as_array()
        .and_then(|l| l.iter().find(|x| x["id"] == s))
        .and_then(|x| x["starts_at"].as_str())
        .and_then(|t| t.parse().ok())
        .unwrap_or(start);
    both_parts_say(
        r,
        &[
            "管道全位置焊接",
            &when(Locale::Zh, at, 3),
            "绍兴市焊接实训基地",
        ],
    );
    assert_eq!(
        gongjiang::service::mentoring::reminders::queue_due_reminders(app.state()).await,
        0,
        "once"
    );
    println!("FIGURES reminder: queued=1 delivered=1 repeated=0");
}

#[rocket::async_test]
async fn notices_an_assessment_and_a_certificate_reach_the_participant_with_score_and_verify_link()
{
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let mut inbox = Inbox::start(&app).await;
    inbox.deliver(&app).await;
    for h in [-30, -20, -10] {
        let s = session_at(&app, &m.class, h, "实操").await;
        let r = mark(
            &app,
            &m.ding,
            s,
            json!([{"participant_id": p, "status": "present"}]),
        )
        .await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
    }
    assert!(
        inbox.deliver(&app).await.is_empty(),
        "past sessions are not announced"
    );
    let r = app
        .post_json(
            &format!("/api/v1/participants/{p}/assessments"),
            &m.ding,
            &json!({"scores": {"visual": 25, "bend": 30, "theory": 25}, "comment": "焊缝成形好"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let mails = inbox.deliver(&app).await;
    let a = one(&mails, "welder0@example.com", "考核成绩已登记");
    both_parts_say(a, &["80 / 100", "合格", "焊缝成形好"]);

    transition(&app, &m.class, "running").await;
    transition(&app, &m.class, "completed").await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/certificates", m.class.cohort_id),
            &m.class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let code = r.json()["issued"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mails = inbox.deliver(&app).await;
    let c = one(&mails, "welder0@example.com", "结业证书已发放：");
    let verify = format!("/verify/{code}");
    both_parts_say(c, &[&verify]);
    let link = line_with(&text(c), &verify).to_string();
    let page = app
        .get(
            &link[link.find("/verify/").unwrap_or(0)..],
            &Who::anonymous(),
        )
        .await;
    assert_eq!(page.status, Status::Ok, "the verify link works");
    println!("FIGURES assessment_and_certificate: assessment=1 certificate=1");
}

#[rocket::async_test]
async fn notices_an_announcement_can_be_unsubscribed_from_its_list_unsubscribe_link() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let mut inbox = Inbox::start(&app).await;
    inbox.deliver(&app).await;
    let path = format!("/api/v1/cohorts/{}/notices", m.class.cohort_id);
    let body =
        json!({"subject": "周六加课", "body": "周六上午九点实训车间见。", "include_mentors": true});
    let r = app.post_json(&path, &m.class.org, &body).await;
    assert_eq!(r.status, Status::Accepted, "{}", r.body);
    let mails = inbox.deliver(&app).await;
    assert_eq!(mails.len(), 4, "two participants and two mentors");
    let first = one(&mails, "welder0@example.com", "周六加课");
    assert_eq!(first.subject(), "周六加课（第一期）");
    let header = first.header("List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(
        first.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let url = header.trim_matches(|c| c == '<' || c == '>').to_string();
    assert!(text(first).contains(&url), "the text part offers it too");
    assert!(
        one(&mails, DING, "周六加课")
            .header("List-Unsubscribe")
            .is_none(),
        "mentors are staff, not subscribers"
    );
    let unsubscribe_path = &url[url.find("/unsubscribe/").expect("a path")..];
    let confirm = app.get(unsubscribe_path, &Who::anonymous()).await;
    assert_eq!(confirm.status, Status::Ok);
    assert!(confirm.body.contains("确认退订"), "{}", confirm.body);
    let before = app.count("audit_log").await;
    // What a mail app's one-click sends (RFC 8058).
    let r = app
        .post_raw(
            unsubscribe_path,
            &Who::anonymous(),
            rocket::http::ContentType::Form,
            "List-Unsubscribe=One-Click",
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(r.body.contains("id=\"unsubscribed\""));
    assert_eq!(app.count("audit_log").await, before + 1, "audited once");
    let again = app
        .post_raw(
            unsubscribe_path,
            &Who::anonymous(),
            rocket::http::ContentType::Form,
            "",
        )
        .await;
    assert_eq!(again.status, Status::Ok);
    assert_eq!(
        app.count("audit_log").await,
        before + 1,
        "twice is harmless"
    );
    let forged = unsubscribe_path.replace("/unsubscribe/a", "/unsubscribe/a9");
    assert_eq!(
        app.post_raw(
            &forged,
            &Who::anonymous(),
            rocket::http::ContentType::Form,
            ""
        )
        .await
        .status,
        Status::NotFound
    );

    // The next announcement skips them; their own notices still come.
    let r = app
        .post_json(
            &path,
            &m.class.org,
            &json!({"subject": "周日停课", "body": "周日不上课。"}),
        )
        .await;
    assert_eq!(r.json(), json!({"queued": 1}));
    let mails = inbox.deliver(&app).await;
    assert!(to(&mails, "welder0@example.com").is_empty());
    one(&mails, "welder1@example.com", "周日停课");
    session_at(&app, &m.class, 48, "加课：立焊").await;
    let mails = inbox.deliver(&app).await;
    one(&mails, "welder0@example.com", "新增课程：");
    println!("FIGURES unsubscribe: announced=4 after_opt_out=1 session_notice_still_sent=1");
}

#[rocket::async_test]
async fn notices_the_outbox_page_filters_shows_what_goes_next_and_previews_a_notice() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    session_at(&app, &m.class, 72, "焊条电弧焊立焊").await;
    let org = &m.class.org;
    let base = format!("/cohorts/{}/outbox", m.class.cohort_id);
    let manage = app
        .get(&format!("/cohorts/{}/manage", m.class.cohort_id), org)
        .await;
    assert!(
        manage.body.contains(&format!("href=\"{base}\"")),
        "linked from the cohort's page"
    );

    // Nothing sent yet: all eight wait, the receipts first.
    let page = app.get(&base, org).await;
    assert_eq!(page.status, Status::Ok);
    let next = page.body.split("id=\"next\"").nth(1).unwrap_or_default();
    let next = next.split("</ul>").next().unwrap_or_default();
    assert_eq!(
        next.matches("<li>").count(),
        5,
        "the first five of those waiting"
    );
    assert!(next.contains("报名回执"), "{next}");
    assert!(
        page.body.contains("共 8 条等待发送"),
        "2 receipts, 2 decisions, 2 welcomes, 2 new sessions"
    );

    let welcomes = app.get(&format!("{base}?kind=cohort_approved"), org).await;
    let table = welcomes
        .body
        .split("id=\"outbox\"")
        .nth(1)
        .unwrap_or_default();
    assert_eq!(
        table.matches("<tr>").count() - 1,
        2,
        "two welcomes (and the header)"
    );
    assert!(table.contains("开班通知") && !table.contains("报名回执"));
    assert!(
        !table.contains("附日历"),
        "nothing was planned at approval, so no calendar is attached"
    );
    assert!(!table.contains("cohort_approved"), "words, not codes");

    // Sent ones, once delivered; an unknown filter shows everything.
    let mut inbox = Inbox::start(&app).await;
    inbox.deliver(&app).await;
    let sent = app
        .get(&format!("{base}?status=sent&kind=session_added"), org)
        .await;
    let table = sent.body.split("id=\"outbox\"").nth(1).unwrap_or_default();
    assert_eq!(table.matches("已发送").count(), 2, "{table}");
    assert_eq!(
        table.matches("附日历").count(),
        2,
        "each new session attached"
    );
    let all = app
        .get(&format!("{base}?kind=%3Cscript%3E&status=lost"), org)
        .await;
    assert_eq!(all.status, Status::Ok);
    assert!(all.body.contains("没有等待发送的通知"));
    assert_eq!(
        all.body
            .split("id=\"outbox\"")
            .nth(1)
            .unwrap_or_default()
            .matches("<tr>")
            .count()
            - 1,
        8
    );

    // The preview reads as the participant's mail does.
    let id = table
        .split("/notices/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("a preview link")
        .to_string();
    let preview = app.get(&format!("/notices/{id}/preview"), org).await;
    assert_eq!(preview.status, Status::Ok);
    assert!(preview.body.contains("新增课程：") && preview.body.contains("焊条电弧焊立焊"));
    assert!(preview.body.contains("1 个日历条目"), "{}", preview.body);
    assert!(
        preview.body.contains("***@example.com"),
        "the address masked"
    );
    assert_eq!(
        app.get(&format!("/notices/{id}/preview"), &m.ding)
            .await
            .status,
        Status::Forbidden
    );
    println!("FIGURES outbox_page: waiting=8 next_shown=5 welcomes_filtered=2");
}
