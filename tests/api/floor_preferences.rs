//! Announced mentors and ranked preferences: the public cohort shows its
//! mentors (never their email), applicants rank up to three, and automatic
//! pairing meets the ranking where greedy would not.
use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::*;

async fn mentor_id(app: &TestApp, cohort_id: i64, name: &str) -> i64 {
    let r = app
        .get(&format!("/api/v1/cohorts/{cohort_id}"), &Who::anonymous())
        .await;
    r.json()["mentors"]
        .as_array()
        .and_then(|list| list.iter().find(|m| m["name"] == name))
        .and_then(|m| m["id"].as_i64())
        .unwrap_or_else(|| panic!("{name} is not announced: {}", r.body))
}

async fn titled_mentor(app: &TestApp, class: &Class, email: &str, capacity: i64, title: &str) {
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/mentors", class.cohort_id),
            &class.org,
            &json!({"email": email, "capacity": capacity, "processes": ["GTAW", "SMAW"],
                    "employer": format!("{email}的单位"), "title": title}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
}

#[rocket::async_test]
async fn mentors_added_while_open_are_announced_without_their_email() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    app.mentor(DING, "丁卫松").await;
    app.mentor(ZHU, "朱致挺").await;
    titled_mentor(&app, &class, DING, 1, "浙江省劳动模范").await;
    titled_mentor(&app, &class, ZHU, 2, "浙江省首席技师").await;

    let r = app
        .get(
            &format!("/api/v1/cohorts/{}", class.cohort_id),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(r.status, Status::Ok);
    let mentors = r.json()["mentors"].clone();
    assert_eq!(mentors.as_array().map(Vec::len), Some(2), "{}", r.body);
    assert_eq!(mentors[0]["name"], "丁卫松");
    assert_eq!(mentors[0]["title"], "浙江省劳动模范");
    assert_eq!(mentors[0]["processes"], json!(["SMAW", "GTAW"]));
    assert!(mentors[0]["id"].as_i64().is_some());
    assert!(
        !r.body.contains(DING) && !r.body.contains("email"),
        "{}",
        r.body
    );
    assert!(
        !r.body.contains("的单位"),
        "employers stay private: {}",
        r.body
    );

    let page = app
        .get(&format!("/cohorts/{}", class.cohort_id), &Who::anonymous())
        .await;
    assert!(
        page.body.contains("丁卫松（浙江省劳动模范）"),
        "{}",
        page.body
    );
    assert!(page.body.contains("朱致挺（浙江省首席技师）"));
    assert!(!page.body.contains(DING));
    let form = app
        .get(
            &format!("/cohorts/{}/apply", class.cohort_id),
            &Who::anonymous(),
        )
        .await;
    assert!(form.body.contains("第一志愿") && form.body.contains("name=\"mentor_preferences\""));
}

#[rocket::async_test]
async fn bad_preferences_are_refused_naming_the_field_and_store_nothing() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    app.mentor(DING, "丁卫松").await;
    titled_mentor(&app, &class, DING, 1, "").await;
    let ding = mentor_id(&app, class.cohort_id, "丁卫松").await;
    let other = open_class_as(&app, &class.org, 5).await;
    app.mentor(ZHU, "朱致挺").await;
    titled_mentor(&app, &other, ZHU, 1, "").await;
    let zhu = mentor_id(&app, other.cohort_id, "朱致挺").await;

    let before = (
        app.count("applications").await,
        app.count("mentor_preferences").await,
    );
    let bad: [Value; 5] = [
        json!([zhu]),                       // a mentor of another cohort
        json!([ding, ding]),                // twice
        json!([ding, 9_999, 9_998, 9_997]), // four
        json!(["丁卫松"]),                  // not an id
        json!(ding),                        // not a list
    ];
    for (n, prefs) in bad.iter().enumerate() {
        let mut body = certified_applicant(n as u32);
        body["mentor_preferences"] = prefs.clone();
        let r = app
            .post_json(
                &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
                &Who::anonymous(),
                &body,
            )
            .await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{prefs}: {}", r.body);
        assert_eq!(r.json()["error"], "validation", "{}", r.body);
        assert_eq!(
            r.json()["fields"]["mentor_preferences"]["code"],
            "mentor_preferences_invalid",
            "{}",
            r.body
        );
    }
    let after = (
        app.count("applications").await,
        app.count("mentor_preferences").await,
    );
    assert_eq!(before, after);
}

#[rocket::async_test]
async fn pairing_meets_the_ranking_greedy_would_miss_and_says_which_choice() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 3).await;
    app.mentor(DING, "丁卫松").await;
    app.mentor(ZHU, "朱致挺").await;
    titled_mentor(&app, &class, DING, 1, "浙江省劳动模范").await;
    titled_mentor(&app, &class, ZHU, 2, "").await;
    let ding = mentor_id(&app, class.cohort_id, "丁卫松").await;
    let zhu = mentor_id(&app, class.cohort_id, "朱致挺").await;

    // The first applicant would take 丁卫松 first-come; the second came only for him.
    let mut first = applicant(0, "绍兴钢构", &["GTAW"]);
    first["mentor_preferences"] = json!([ding, zhu]);
    let mut second = applicant(1, "绍兴钢构", &["GTAW"]);
    second["mentor_preferences"] = json!([ding.to_string()]);
    let third = applicant(2, "绍兴钢构", &["GTAW"]);
    let ids = admit_all(&app, &class, &[first, second, third]).await;
    approve(&app, &class).await;
    assert_eq!(app.count("mentor_preferences").await, 3);

    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", class.cohort_id),
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let made = r.json()["assignments"].clone();
    let of = |id: i64| {
        made.as_array()
            .and_then(|a| a.iter().find(|x| x["participant_id"] == id))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(of(ids[0])["mentor_email"], ZHU, "{made}");
    assert_eq!(of(ids[1])["mentor_email"], DING, "{made}");
    assert_eq!(of(ids[2])["mentor_email"], ZHU, "{made}");
    let zh = |id: i64| of(id)["reason"].as_str().unwrap_or("").to_string();
    let en = |id: i64| of(id)["reason_en"].as_str().unwrap_or("").to_string();
    assert!(zh(ids[0]).starts_with("第二志愿，"), "{}", zh(ids[0]));
    assert!(en(ids[0]).starts_with("second choice, "), "{}", en(ids[0]));
    assert!(zh(ids[1]).starts_with("第一志愿，"), "{}", zh(ids[1]));
    assert!(en(ids[1]).starts_with("first choice, "), "{}", en(ids[1]));
    assert!(!zh(ids[2]).contains("志愿"), "{}", zh(ids[2]));
}
