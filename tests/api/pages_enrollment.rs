//! The enrollment pages as a browser sees them: the home page, the application
//! form and its outcomes, the applicant's status page and withdrawal, and the
//! organizer's review page.
use rocket::http::Status;
use serde_json::json;

use crate::fixtures::{
    apply, certified_applicant, national_id, open_class, phone, wrong_check_digit,
};
use crate::helpers::{Resp, TestApp, Who};

/// The form fields of a certified welder's application.
fn form_fields(n: u32) -> Vec<(String, String)> {
    let pairs = [
        ("full_name", "张焊工".to_string()),
        ("national_id", national_id(n)),
        ("phone", phone(n)),
        ("email", format!("welder{n}@example.com")),
        ("employer", "绍兴钢构有限公司".into()),
        ("trade", "welder".into()),
        ("started_trade_on", "2020-03-01".into()),
        ("has_certificate", "yes".into()),
        ("certificate_trade", "welder".into()),
        ("certificate_level", "4".into()),
        ("certificate_number", "GZ2019-0001".into()),
        ("certificate_issued_on", "2019-06-01".into()),
        ("processes", "SMAW".into()),
        ("processes", "GTAW".into()),
        ("locale", "zh".into()),
        ("consent", "yes".into()),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    for (k, v) in fields.iter_mut() {
        if k == name {
            *v = value.to_string();
        }
    }
}

async fn post_fields(app: &TestApp, path: &str, who: &Who, fields: &[(String, String)]) -> Resp {
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form(path, who, &refs).await
}

/// Submits the application form with a fresh CSRF token.
async fn submit(app: &TestApp, cohort_id: i64, mut fields: Vec<(String, String)>) -> Resp {
    let path = format!("/cohorts/{cohort_id}/apply");
    let (token, who) = app.csrf_for(&path, &Who::anonymous()).await;
    fields.push(("csrf".into(), token));
    post_fields(app, &path, &who, &fields).await
}

/// Follows a redirect the way a browser does, carrying a one-time message cookie.
async fn follow(app: &TestApp, r: &Resp, who: &Who) -> Resp {
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let location = r.header("Location").expect("Location").to_string();
    let mut who = who.clone();
    if let Some(flash) = r.cookie("_flash") {
        who.cookies.push(("_flash".into(), flash.to_string()));
    }
    app.get(&location, &who).await
}

/// Every visible input, select and textarea has a `<label for>`.
fn unlabelled_inputs(html: &str) -> Vec<String> {
    let mut missing = vec![];
    for tag in ["<input", "<select", "<textarea"] {
        for (i, _) in html.match_indices(tag) {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e);
            let element = &html[i..end];
            if element.contains("type=\"hidden\"") {
                continue;
            }
            let Some(id) = element
                .split("id=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
            else {
                missing.push(element.to_string());
                continue;
            };
            if !html.contains(&format!("for=\"{id}\"")) {
                missing.push(id.to_string());
            }
        }
    }
    missing
}

/// The attributes of the element with this id.
fn element<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element #{id}"));
    let start = html[..at].rfind('<').unwrap_or(0);
    let end = html[at..].find('>').map_or(html.len(), |e| at + e);
    &html[start..end]
}

#[rocket::async_test]
async fn the_home_page_lists_the_open_class_with_an_apply_button() {
    let app = TestApp::spawn().await;
    let empty = app.get("/", &Who::anonymous()).await;
    assert!(
        empty.body.contains("目前没有正在报名的研修班"),
        "{}",
        empty.body
    );
    let class = open_class(&app, 10).await;
    let r = app.get("/", &Who::anonymous()).await;
    assert_eq!(r.status, Status::Ok);
    assert!(
        r.body.contains("绍兴工匠高级研修班(焊工方向) · 第一期"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("持中级工（四级）及以上焊工证书，或从事焊工工作满8年")
    );
    assert!(
        r.body
            .contains(&format!("href=\"/cohorts/{}/apply\"", class.cohort_id))
    );
    assert!(r.body.contains("我要报名") && r.body.contains("绍兴市焊接实训基地"));
    let page = app
        .get(&format!("/cohorts/{}", class.cohort_id), &Who::anonymous())
        .await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.body.contains("剩余名额") && page.body.contains("外观检查"),
        "{}",
        page.body
    );
}

#[rocket::async_test]
async fn the_apply_form_labels_every_input_and_asks_for_the_right_keyboard() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let r = app
        .get(
            &format!("/cohorts/{}/apply", class.cohort_id),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let html = &r.body;
    assert_eq!(unlabelled_inputs(html), Vec::<String>::new());
    let id = element(html, "national_id");
    assert!(
        id.contains("maxlength=\"24\"")
            && id.contains("autocapitalize=\"characters\"")
            && id.contains("aria-describedby=\"national_id-hint\""),
        "{id}"
    );
    assert!(html.contains("18位，末位可能是X"));
    let phone = element(html, "phone");
    assert!(
        phone.contains("type=\"tel\"") && phone.contains("inputmode=\"numeric\""),
        "{phone}"
    );
    assert!(element(html, "email").contains("type=\"email\""));
    assert!(element(html, "started_trade_on").contains("type=\"date\""));
    assert!(element(html, "certificate_issued_on").contains("type=\"date\""));
    assert!(element(html, "consent").contains("type=\"checkbox\""));
    assert!(
        html.contains("<option value=\"welder\" selected>焊工</option>"),
        "welder is preselected"
    );
    assert!(
        html.contains("钨极氩弧焊（GTAW）")
            && html.contains("特级技师")
            && html.contains("首席技师")
    );
    assert!(
        html.contains("特种作业操作证") && html.contains("不是职业技能等级证书"),
        "the safety licence note"
    );
    assert!(
        !html.contains("style=") && !html.contains("<script"),
        "nothing inline for the CSP"
    );
}

#[rocket::async_test]
async fn a_wrong_check_digit_re_renders_the_form_with_the_error_and_the_answers_kept() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let mut fields = form_fields(1);
    set(
        &mut fields,
        "national_id",
        &wrong_check_digit(&national_id(1)),
    );
    let r = submit(&app, class.cohort_id, fields).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert!(r.body.contains("class=\"error-summary\""), "{}", r.body);
    assert!(
        r.body.contains("href=\"#national_id\""),
        "the summary links to the field"
    );
    assert!(
        r.body.contains("id=\"national_id-error\""),
        "the error is repeated beside the field"
    );
    let input = element(&r.body, "national_id");
    assert!(
        input.contains("aria-invalid=\"true\"") && input.contains("national_id-error"),
        "{input}"
    );
    for kept in [
        "value=\"张焊工\"",
        "value=\"welder1@example.com\"",
        "value=\"绍兴钢构有限公司\"",
        "value=\"2020-03-01\"",
        "value=\"GZ2019-0001\"",
    ] {
        assert!(r.body.contains(kept), "{kept} was not kept");
    }
    assert!(
        r.body.contains("value=\"GTAW\" checked")
            && element(&r.body, "consent").contains("checked")
    );
    assert_eq!(app.count("applications").await, 0);
}

#[rocket::async_test]
async fn a_post_without_the_csrf_token_is_refused_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let path = format!("/cohorts/{}/apply", class.cohort_id);
    let (_, who) = app.csrf_for(&path, &Who::anonymous()).await;
    let r = post_fields(&app, &path, &who, &form_fields(1)).await;
    assert_eq!(r.status, Status::Forbidden);
    assert!(
        r.body.contains("value=\"张焊工\""),
        "the answers stay for a resubmit"
    );
    let mut forged = form_fields(1);
    forged.push(("csrf".into(), "forged".into()));
    let r = post_fields(&app, &path, &who, &forged).await;
    assert_eq!(r.status, Status::Forbidden);
    assert_eq!(app.count("applications").await, 0);
}

#[rocket::async_test]
async fn a_valid_application_leads_to_the_status_page_with_the_reference_and_the_link_to_keep() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let r = submit(&app, class.cohort_id, form_fields(1)).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let location = r.header("Location").expect("Location").to_string();
    assert!(
        location.starts_with("/applications/GJ-")
            && location.contains("token=")
            && location.ends_with("&new=1"),
        "{location}"
    );
    let page = app.get(&location, &Who::anonymous()).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    let reference = location
        .trim_start_matches("/applications/")
        .split('?')
        .next()
        .unwrap_or_default();
    assert!(
        page.body
            .contains(&format!("id=\"reference\">{reference}<")),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("请保存此链接")
            && page.body.contains("待审核")
            && page.body.contains("持有符合要求的职业技能证书")
    );
    let token = location
        .split("token=")
        .nth(1)
        .and_then(|t| t.split('&').next())
        .unwrap_or_default();
    let shown = page.body.replace("&#x2F;", "/");
    assert!(
        shown.contains(&format!("/applications/{reference}?token={token}</a>")),
        "the full link is shown"
    );
    assert!(page.body.contains("330602********"), "the ID is masked");
    assert!(!page.body.contains(&national_id(1)) && !page.body.contains(&phone(1)));
    assert_eq!(app.count("applications").await, 1);
}

#[rocket::async_test]
async fn an_ineligible_application_shows_the_reasons_for_each_alternative_and_the_rules() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let mut fields = form_fields(1);
    set(&mut fields, "certificate_level", "5");
    let r = submit(&app, class.cohort_id, fields).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert!(r.body.contains("data-outcome=\"ineligible\""), "{}", r.body);
    assert!(r.body.contains("很抱歉，您不符合本期的报名条件"));
    assert!(
        r.body
            .contains("所持焊工证书为初级工（五级），需中级工（四级）及以上"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("满8年"),
        "the experience alternative is explained too"
    );
    assert!(
        r.body
            .contains("持中级工（四级）及以上焊工证书，或从事焊工工作满8年"),
        "the rules in words"
    );
    assert_eq!(app.count("applications").await, 0);
}

#[rocket::async_test]
async fn a_duplicate_application_gets_a_clear_409_page() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let r = submit(&app, class.cohort_id, form_fields(1)).await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert!(
        r.body.contains("data-outcome=\"duplicate\"") && r.body.contains("已报名本期"),
        "{}",
        r.body
    );
    assert_eq!(app.count("applications").await, 1);
}

#[rocket::async_test]
async fn the_status_page_needs_the_right_token() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let (_, reference, token) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let wrong = app
        .get(
            &format!("/applications/{reference}?token=not-the-token"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(wrong.status, Status::NotFound);
    assert!(!wrong.body.contains("张焊工"));
    let bare = app
        .get(&format!("/applications/{reference}"), &Who::anonymous())
        .await;
    assert_eq!(
        bare.status,
        Status::Ok,
        "without a token the page asks for it"
    );
    assert!(bare.body.contains("id=\"token\"") && !bare.body.contains("张焊工"));
    let lookup = app
        .get(
            &format!("/applications?reference={reference}&token=nope"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(lookup.status, Status::NotFound);
    let found = app
        .get(
            &format!("/applications?reference={reference}&token={token}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(found.status, Status::SeeOther);
    let page = app
        .get(
            &format!("/applications/{reference}?token={token}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.body.contains("张焊工")
            && page.body.contains("待审核")
            && !page.body.contains("请保存此链接")
    );
}

#[rocket::async_test]
async fn the_applicant_withdraws_through_the_form_after_confirming() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let (_, reference, token) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let status = format!("/applications/{reference}?token={token}");
    let page = app.get(&status, &Who::anonymous()).await;
    let confirm = format!("/applications/{reference}/withdraw?token={token}");
    assert!(page.body.contains(&confirm), "{}", page.body);
    let (csrf, who) = app.csrf_for(&confirm, &Who::anonymous()).await;
    let refused = app
        .post_form(
            &format!("/applications/{reference}/withdraw"),
            &who,
            &[("token", &token)],
        )
        .await;
    assert_eq!(refused.status, Status::Forbidden);
    let wrong = app
        .post_form(
            &format!("/applications/{reference}/withdraw"),
            &who,
            &[("token", "nope"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(wrong.status, Status::NotFound);
    let r = app
        .post_form(
            &format!("/applications/{reference}/withdraw"),
            &who,
            &[("token", &token), ("csrf", &csrf)],
        )
        .await;
    let after = follow(&app, &r, &who).await;
    assert_eq!(after.status, Status::Ok, "{}", after.body);
    assert!(
        after.body.contains("您已撤回报名") && after.body.contains("已撤回"),
        "{}",
        after.body
    );
    assert!(
        !after.body.contains(&confirm),
        "no second withdrawal offered"
    );
}

#[rocket::async_test]
async fn the_review_page_masks_ids_and_phones_and_bulk_admit_reports_the_overflow() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 2).await;
    let mut ids = vec![];
    for n in 1..=3 {
        ids.push(
            apply(&app, class.cohort_id, &certified_applicant(n))
                .await
                .0,
        );
    }
    let path = format!("/cohorts/{}/manage", class.cohort_id);
    let (csrf, org) = app.csrf_for(&path, &class.org).await;
    let page = app.get(&path, &org).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    for n in 1..=3 {
        assert!(
            !page.body.contains(&national_id(n)),
            "a full ID on the review page"
        );
        assert!(
            !page.body.contains(&phone(n)),
            "a full phone on the review page"
        );
    }
    assert!(page.body.contains("330602********") && page.body.contains("139****0001"));
    assert_eq!(unlabelled_inputs(&page.body), Vec::<String>::new());
    let mut fields: Vec<(&str, String)> = ids.iter().map(|id| ("ids", id.to_string())).collect();
    fields.extend([
        ("decision", "admit".to_string()),
        ("csrf", csrf.clone()),
        ("note", "首批录取".into()),
    ]);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // A bulk decision first shows its count; nothing is decided yet.
    let r = app
        .post_form(&format!("{path}/decisions"), &org, &refs)
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(r.body.contains("将 3 人录取，并发送通知"), "{}", r.body);
    assert_eq!(unlabelled_inputs(&r.body), Vec::<String>::new());
    fields.extend([
        ("confirmed", "yes".to_string()),
        ("expected_count", "3".to_string()),
    ]);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form(&format!("{path}/decisions"), &org, &refs)
        .await;
    let after = follow(&app, &r, &org).await;
    assert!(after.body.contains("已录取2人"), "{}", after.body);
    assert!(
        after.body.contains("data-code=\"cohort_full\"")
            && after.body.contains("1人因名额已满未录取"),
        "{}",
        after.body
    );
    assert!(after.body.contains("data-status=\"admitted\">2<"));
    let listed = app
        .get(
            &format!(
                "/api/v1/cohorts/{}/applications?status=admitted",
                class.cohort_id
            ),
            &class.org,
        )
        .await;
    assert_eq!(listed.json().as_array().map(Vec::len), Some(2));

    // One row's own button, then the cohort's life cycle.
    let r = app
        .post_form(
            &format!("{path}/decisions"),
            &org,
            &[("row", &format!("{}:waitlist", ids[2])), ("csrf", &csrf)],
        )
        .await;
    let after = follow(&app, &r, &org).await;
    assert!(after.body.contains("已列入候补1人"), "{}", after.body);
    assert!(
        after.body.contains("data-to=\"closed\"") && !after.body.contains("data-to=\"running\""),
        "only valid moves"
    );
    let r = app
        .post_form(
            &format!("{path}/transition"),
            &org,
            &[("to", "closed"), ("csrf", &csrf)],
        )
        .await;
    let after = follow(&app, &r, &org).await;
    assert!(
        after.body.contains("本期状态已变为“报名截止”"),
        "{}",
        after.body
    );
}

#[rocket::async_test]
async fn revealing_an_id_shows_it_once_and_is_audited() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 2).await;
    let (id, _, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let path = format!("/cohorts/{}/manage", class.cohort_id);
    let (csrf, org) = app.csrf_for(&path, &class.org).await;
    let before = app.count("audit_log").await;
    let r = app
        .post_form(&format!("{path}/reveal/{id}"), &org, &[("csrf", &csrf)])
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(r.body.contains(&national_id(1)) && r.body.contains("本次查看已记录"));
    assert_eq!(app.count("audit_log").await, before + 1);
    let again = app.get(&path, &org).await;
    assert!(!again.body.contains(&national_id(1)), "shown once only");
}

#[rocket::async_test]
async fn a_mentor_gets_403_on_organizer_pages_and_anonymous_is_sent_to_sign_in() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 2).await;
    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    let path = format!("/cohorts/{}/manage", class.cohort_id);
    for p in [
        path.clone(),
        "/workshops/new".into(),
        format!("/cohorts/{}/edit", class.cohort_id),
    ] {
        assert_eq!(app.get(&p, &mentor).await.status, Status::Forbidden, "{p}");
        let anon = app.get(&p, &Who::anonymous()).await;
        assert_eq!(anon.status, Status::SeeOther, "{p}");
        assert!(
            anon.header("Location")
                .is_some_and(|l| l.starts_with("/login?next=")),
            "{p}"
        );
    }
    let (csrf, mentor) = app.csrf_for("/dashboard", &mentor).await;
    let r = app
        .post_form(
            &format!("{path}/decisions"),
            &mentor,
            &[("decision", "admit"), ("ids", "1"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, Status::Forbidden);
    let dash = app.get("/dashboard", &mentor).await;
    assert!(dash.body.contains("id=\"mentor-area\"") && !dash.body.contains("新建研修班"));
}

#[rocket::async_test]
async fn the_apply_page_is_english_for_an_english_browser() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let who = Who::anonymous().with_header("Accept-Language", "en-GB,en;q=0.9");
    let r = app
        .get(&format!("/cohorts/{}/apply", class.cohort_id), &who)
        .await;
    assert_eq!(r.status, Status::Ok);
    assert!(r.body.contains("<html lang=\"en\">"));
    for text in [
        "Full name",
        "National ID number",
        "18 characters; the last may be X",
        "Submit application",
        "an intermediate (level 4) or higher welder certificate",
    ] {
        assert!(r.body.contains(text), "missing {text:?}");
    }
    assert!(!r.body.contains("提交报名"));
}

#[rocket::async_test]
async fn what_people_type_is_escaped_on_every_page() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let mut fields = form_fields(1);
    set(&mut fields, "full_name", "<script>alert(1)</script>");
    set(
        &mut fields,
        "employer",
        "\"><img src=x onerror=alert(1)>钢构",
    );
    let r = submit(&app, class.cohort_id, fields).await;
    let page = follow(&app, &r, &Who::anonymous()).await;
    assert!(
        page.body
            .contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "{}",
        page.body
    );
    let review = app
        .get(&format!("/cohorts/{}/manage", class.cohort_id), &class.org)
        .await;
    for body in [&page.body, &review.body] {
        assert!(!body.contains("<script>alert(1)"));
        assert!(!body.contains("<img src=x"));
    }
    // And on a form that re-renders what was typed.
    let mut bad = form_fields(2);
    set(&mut bad, "full_name", "<b>x</b>");
    set(&mut bad, "phone", "12");
    let r = submit(&app, class.cohort_id, bad).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(!r.body.contains("<b>x</b>") && r.body.contains("&lt;b&gt;x"));
}

#[rocket::async_test]
async fn an_organizer_creates_a_workshop_and_a_cohort_through_the_forms() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let (csrf, org) = app.csrf_for("/workshops/new", &org).await;
    let workshop = [
        ("csrf", csrf.as_str()),
        ("title", "绍兴工匠高级研修班(焊工方向)"),
        ("trade", "welder"),
        ("description", ""),
        ("rules_mode", "either"),
        ("cert_trade", "welder"),
        ("cert_level", "4"),
        ("exp_trade", "welder"),
        ("exp_years", "eight"),
        ("rubric_key", "visual"),
        ("rubric_name", "外观检查"),
        ("rubric_max", "30"),
        ("rubric_key", ""),
        ("rubric_name", "弯曲试验"),
        ("rubric_max", "70"),
        ("pass_mark", "60"),
        ("completion", "80"),
    ];
    let r = app.post_form("/workshops/new", &org, &workshop).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert!(r.body.contains("href=\"#exp_years\"") && r.body.contains("value=\"外观检查\""));
    assert_eq!(app.count("workshops").await, 0);
    let fixed: Vec<(&str, &str)> = workshop
        .iter()
        .map(|(k, v)| {
            if *k == "exp_years" {
                (*k, "8")
            } else {
                (*k, *v)
            }
        })
        .collect();
    let r = app.post_form("/workshops/new", &org, &fixed).await;
    let cohort_form = follow(&app, &r, &org).await;
    assert!(
        cohort_form.body.contains("研修班已创建"),
        "{}",
        cohort_form.body
    );
    let action = r.header("Location").unwrap_or_default().to_string();
    let cohort = [
        ("csrf", csrf.as_str()),
        ("name", "第一期"),
        ("capacity", "thirty"),
        ("applications_open_at", "2030-12-01T09:00"),
        ("applications_close_at", "2030-12-20T17:00"),
        ("starts_on", "2031-01-04"),
        ("ends_on", "2031-01-29"),
        ("venue", "绍兴市焊接实训基地"),
    ];
    let r = app.post_form(&action, &org, &cohort).await;
    assert_eq!(
        r.status,
        Status::UnprocessableEntity,
        "a word for a number is a field error: {}",
        r.body
    );
    assert!(
        r.body.contains("id=\"capacity-error\"") && r.body.contains("value=\"绍兴市焊接实训基地\"")
    );
    let fixed: Vec<(&str, &str)> = cohort
        .iter()
        .map(|(k, v)| {
            if *k == "capacity" {
                (*k, "30")
            } else {
                (*k, *v)
            }
        })
        .collect();
    let r = app.post_form(&action, &org, &fixed).await;
    let manage = follow(&app, &r, &org).await;
    assert_eq!(manage.status, Status::Ok, "{}", manage.body);
    assert!(manage.body.contains("data-to=\"open\"") && manage.body.contains("草稿"));
    let listed = app.get("/api/v1/cohorts?status=draft", &org).await;
    assert_eq!(
        listed.json()[0]["applications_open_at"],
        json!("2030-12-01T01:00:00Z"),
        "Beijing time"
    );
    let dash = app.get("/dashboard", &org).await;
    assert!(dash.body.contains("绍兴工匠高级研修班(焊工方向)") && dash.body.contains("第一期"));
}
