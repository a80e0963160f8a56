//! The guidance log (带教记录) and the participant's file (一人一档), through
//! the API, the mentor's form and the pages: photos lose their EXIF (GPS)
//! and are at most 2048 px wide; a text file is 422 and an 11 MB body 413;
//! another cohort's mentor and another applicant's link get nothing; the log
//! shows on the participant's status page, the organizer's page, the file and
//! the cohort archive.
use std::io::{Cursor, Read};

use image::{ImageDecoder, ImageReader};
use rocket::http::{ContentType, Cookie, Status};
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{Resp, TestApp, Who, extract_hidden};
use crate::mentoring_setup::*;

pub struct Floor {
    pub class: Class,
    pub ding: Who,
    pub participants: Vec<(i64, String, String)>,
    /// A mentor of another cohort.
    pub stranger: Who,
}

/// Two participants with their status links, both paired with 丁卫松, and a
/// mentor of another cohort.
pub async fn floor(app: &TestApp) -> Floor {
    let class = open_class(app, 2).await;
    let mut participants = vec![];
    for n in 0..2 {
        let (id, reference, token) = apply(
            app,
            class.cohort_id,
            &applicant(n, "绍兴钢构有限公司", &["GTAW"]),
        )
        .await;
        assert_eq!(
            decide(app, &class.org, id, "admit").await.status,
            Status::Ok
        );
        participants.push((id, reference, token));
    }
    approve(app, &class).await;
    let ding = app.mentor(DING, "丁卫松").await;
    let r = add_mentor(app, &class, DING, 5, &["GTAW"], "柯桥排水有限公司").await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let m = Mentoring {
        class: clone_class(&class),
        participants: participants.iter().map(|p| p.0).collect(),
        ding: ding.clone(),
        zhu: ding.clone(),
    };
    pair_all(app, &m).await;
    let other = open_class_as(app, &class.org, 3).await;
    let stranger = app.mentor("wu@example.com", "吴师傅").await;
    let r = add_mentor(app, &other, "wu@example.com", 5, &["SMAW"], "别的单位").await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    Floor {
        class,
        ding,
        participants,
        stranger,
    }
}

fn clone_class(c: &Class) -> Class {
    Class {
        workshop_id: c.workshop_id,
        cohort_id: c.cohort_id,
        org: c.org.clone(),
    }
}

/// A minimal EXIF APP1 segment holding a GPS position (30°15'N).
fn exif_with_gps() -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes());
    // IFD0: one entry, GPSInfo (0x8825) pointing at the GPS IFD at 26.
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x8825u16.to_le_bytes());
    tiff.extend(4u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(26u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    // GPS IFD: GPSLatitudeRef "N", GPSLatitude 30/1 15/1 0/1 at 56.
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(2u32.to_le_bytes());
    tiff.extend(b"N\0\0\0");
    tiff.extend(2u16.to_le_bytes());
    tiff.extend(5u16.to_le_bytes());
    tiff.extend(3u32.to_le_bytes());
    tiff.extend(56u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes());
    for (n, d) in [(30u32, 1u32), (15, 1), (0, 1)] {
        tiff.extend(n.to_le_bytes());
        tiff.extend(d.to_le_bytes());
    }
    let mut app1 = vec![0xFF, 0xE1];
    let len = u16::try_from(2 + 6 + tiff.len()).expect("short segment");
    app1.extend(len.to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    app1
}

/// A 3000 × 2000 JPEG of a test piece carrying GPS EXIF.
pub fn photo_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(3000, 2000, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 90])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 80)
        .encode_image(&img)
        .expect("encode");
    let mut out = plain[..2].to_vec();
    out.extend(exif_with_gps());
    out.extend(&plain[2..]);
    out
}

fn exif_of(jpeg: &[u8]) -> Option<Vec<u8>> {
    let reader = ImageReader::new(Cursor::new(jpeg))
        .with_guessed_format()
        .ok()?;
    let mut decoder = reader.into_decoder().ok()?;
    decoder.exif_metadata().ok().flatten()
}

const BOUNDARY: &str = "gjBoundary7MA4YWxkTrZu0gW";

/// A multipart body: text fields, then files (field, file name, bytes).
pub fn multipart(texts: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = vec![];
    for (k, v) in texts {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .into_bytes(),
        );
    }
    for (k, name, bytes) in files {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .into_bytes(),
        );
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    body
}

pub async fn post_multipart(app: &TestApp, path: &str, who: &Who, body: Vec<u8>) -> Resp {
    let mut req = app.client.post(path.to_string());
    for (k, v) in &who.cookies {
        req = req.cookie(Cookie::new(k.clone(), v.clone()));
    }
    let ct = ContentType::new("multipart", "form-data").with_params(("boundary", BOUNDARY));
    let r = req.header(ct).body(body).dispatch().await;
    let status = r.status();
    let headers = r
        .headers()
        .iter()
        .map(|h| (h.name().to_string(), h.value().to_string()))
        .collect();
    Resp {
        status,
        body: r.into_string().await.unwrap_or_default(),
        headers,
        set_cookies: vec![],
    }
}

async fn get_raw(app: &TestApp, path: &str, who: &Who) -> (Status, Vec<u8>, Vec<(String, String)>) {
    let mut req = app.client.get(path.to_string());
    for (k, v) in &who.cookies {
        req = req.cookie(Cookie::new(k.clone(), v.clone()));
    }
    let r = req.dispatch().await;
    let status = r.status();
    let headers = r
        .headers()
        .iter()
        .map(|h| (h.name().as_str().to_lowercase(), h.value().to_string()))
        .collect();
    (status, r.into_bytes().await.unwrap_or_default(), headers)
}

pub async fn entry(app: &TestApp, who: &Who, participant: i64, body: Value) -> Resp {
    app.post_json(
        &format!("/api/v1/participants/{participant}/guidance"),
        who,
        &body,
    )
    .await
}

fn a_piece() -> Value {
    json!({"note": "立焊向上，摆动再慢一点；收弧填满弧坑",
           "coupon": {"process": "GTAW", "position": "3G", "material": "Q345R", "thickness_mm": 12,
                      "result": "fail", "defects": ["undercut", "porosity"]}})
}

#[rocket::async_test]
async fn guidance_photo_with_gps_comes_back_without_it_and_no_wider_than_2048() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let (p, _, _) = &f.participants[0];
    let r = entry(&app, &f.ding, *p, a_piece()).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let e = r.json();
    assert_eq!(e["coupon"]["position_iso"], "PF");
    assert_eq!(e["coupon"]["position_asme"], "3G/3F");
    assert_eq!(e["coupon"]["thickness_mm"], 12.0);
    assert_eq!(e["coupon"]["defects"], json!(["porosity", "undercut"]));
    let entry_id = e["id"].as_i64().expect("id");

    let original = photo_with_gps();
    assert!(exif_of(&original).is_some(), "the fixture carries EXIF");
    let body = multipart(&[], &[("file", "IMG_0001.JPG", &original)]);
    let r = post_multipart(
        &app,
        &format!("/api/v1/guidance/{entry_id}/photos"),
        &f.ding,
        body,
    )
    .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let url = r.json()["url"].as_str().expect("url").to_string();
    assert_eq!(r.json()["width"], 2048);

    for who in [&f.ding, &f.class.org] {
        let (status, bytes, headers) = get_raw(&app, &url, who).await;
        assert_eq!(status, Status::Ok);
        let header = |n: &str| {
            headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(header("content-type"), Some("image/jpeg"));
        assert!(
            header("cache-control").is_some_and(|c| c.starts_with("private")),
            "{headers:?}"
        );
        assert_eq!(header("x-content-type-options"), Some("nosniff"));
        assert!(exif_of(&bytes).is_none(), "EXIF kept");
        assert!(
            !bytes.windows(6).any(|w| w == b"Exif\0\0"),
            "an Exif block remains"
        );
        let img = image::load_from_memory(&bytes).expect("a JPEG");
        assert_eq!((img.width(), img.height()), (2048, 1365));
    }
    let logged = count_sql(&app, "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('guidance.record', 'guidance.photo_add')").await;
    assert_eq!(logged, 2);
}

#[rocket::async_test]
async fn guidance_text_as_photo_is_422_an_11_mb_body_413_and_bad_fields_422_with_nothing_saved() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let (p, _, _) = &f.participants[0];
    let r = entry(&app, &f.ding, *p, json!({"note": "第一次练习"})).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let path = format!("/api/v1/guidance/{}/photos", r.json()["id"]);

    let text = multipart(
        &[],
        &[("file", "notes.txt", b"not a photo at all, just words")],
    );
    let r = post_multipart(&app, &path, &f.ding, text).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert_eq!(r.json()["fields"]["file"]["code"], "photo_not_image");

    let huge = vec![0xFFu8; 11 * 1024 * 1024];
    let r = post_multipart(
        &app,
        &path,
        &f.ding,
        multipart(&[], &[("file", "big.jpg", &huge)]),
    )
    .await;
    assert_eq!(r.status, Status::PayloadTooLarge, "{}", r.body);
    assert_eq!(r.json()["error"], "payload_too_large");
    assert_eq!(app.count("guidance_photos").await, 0);

    let bad = json!({"note": "", "coupon": {"position": "9G", "thickness_mm": -3, "result": "good", "defects": ["rust"]}});
    let r = entry(&app, &f.ding, *p, bad).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    for field in [
        "coupon.position",
        "coupon.thickness_mm",
        "coupon.result",
        "coupon.defects[0]",
    ] {
        assert!(r.json()["fields"][field].is_object(), "{field}: {}", r.body);
    }
    let r = entry(&app, &f.ding, *p, json!({"note": "  "})).await;
    assert_eq!(r.json()["fields"]["note"]["code"], "entry_empty");
    let r = entry(&app, &f.ding, *p, json!({"note": "a\u{0}b"})).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    // Organizers read the log but do not write it.
    let r = entry(&app, &f.class.org, *p, json!({"note": "主办方写的"})).await;
    assert_eq!(r.status, Status::Forbidden);
    assert_eq!(app.count("guidance_entries").await, 1);
}

#[rocket::async_test]
async fn guidance_another_cohorts_mentor_and_another_applicants_link_get_nothing() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let (p0, ref0, tok0) = &f.participants[0];
    let (_, ref1, tok1) = &f.participants[1];
    let r = entry(&app, &f.ding, *p0, a_piece()).await;
    let entry_id = r.json()["id"].as_i64().expect("id");
    let body = multipart(&[], &[("file", "a.jpg", &photo_with_gps())]);
    let r = post_multipart(
        &app,
        &format!("/api/v1/guidance/{entry_id}/photos"),
        &f.ding,
        body,
    )
    .await;
    let photo = r.json()["id"].as_i64().expect("photo id");

    // Another cohort's mentor: 403 on the log, its photos, writing either.
    let s = &f.stranger;
    assert_eq!(
        app.get(&format!("/api/v1/participants/{p0}/guidance"), s)
            .await
            .status,
        Status::Forbidden
    );
    assert_eq!(
        entry(&app, s, *p0, json!({"note": "x"})).await.status,
        Status::Forbidden
    );
    let (st, _, _) = get_raw(&app, &format!("/guidance/photos/{photo}"), s).await;
    assert_eq!(st, Status::Forbidden);
    let body = multipart(&[], &[("file", "a.jpg", &photo_with_gps())]);
    let r = post_multipart(
        &app,
        &format!("/api/v1/guidance/{entry_id}/photos"),
        s,
        body,
    )
    .await;
    assert_eq!(r.status, Status::Forbidden);
    assert_eq!(
        app.get(&format!("/participants/{p0}/guidance"), s)
            .await
            .status,
        Status::Forbidden
    );
    // Nobody signed in: nothing.
    let (st, _, _) = get_raw(
        &app,
        &format!("/guidance/photos/{photo}"),
        &Who::anonymous(),
    )
    .await;
    assert!(st == Status::Unauthorized || st == Status::SeeOther, "{st}");

    // The participant reads their own log and photo by their link.
    let mine = app
        .get(
            &format!("/api/v1/applications/{ref0}/guidance?token={tok0}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(mine.status, Status::Ok, "{}", mine.body);
    assert_eq!(mine.json()["entries"][0]["note"], a_piece()["note"]);
    assert!(
        mine.json()["entries"][0]["recorded_by"]["email"].is_null(),
        "mentor's email shown"
    );
    let own_url = mine.json()["entries"][0]["photos"][0]["url"]
        .as_str()
        .expect("url")
        .to_string();
    let (st, bytes, _) = get_raw(&app, &own_url, &Who::anonymous()).await;
    assert_eq!(st, Status::Ok);
    assert!(exif_of(&bytes).is_none());
    // Another applicant's link: their own (empty) log, never the other's photo.
    let theirs = app
        .get(
            &format!("/api/v1/applications/{ref1}/guidance?token={tok1}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(theirs.json()["entries"], json!([]));
    let (st, _, _) = get_raw(
        &app,
        &format!("/applications/{ref1}/guidance/photos/{photo}?token={tok1}"),
        &Who::anonymous(),
    )
    .await;
    assert_eq!(st, Status::NotFound);
    let crossed = app
        .get(
            &format!("/api/v1/applications/{ref0}/guidance?token={tok1}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(crossed.status, Status::NotFound);
    let (st, _, _) = get_raw(
        &app,
        &format!("/applications/{ref0}/guidance/photos/{photo}?token={tok1}"),
        &Who::anonymous(),
    )
    .await;
    assert_eq!(st, Status::NotFound);
}

#[rocket::async_test]
async fn guidance_from_the_mentors_form_shows_on_the_card_the_status_page_and_the_organizers_page()
{
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let (p0, ref0, tok0) = &f.participants[0];
    let page = format!("/participants/{p0}/guidance");
    let r = app.get(&page, &f.ding).await;
    assert_eq!(r.status, Status::Ok);
    assert!(r.body.contains("capture=\"environment\""), "camera input");
    assert!(r.body.contains("PF (3G"), "positions as chips");
    let (csrf, who) = app.csrf_for(&page, &f.ding).await;
    let photo = photo_with_gps();
    let body = multipart(
        &[
            ("csrf", &csrf),
            ("note", "根部熔合良好，盖面咬边"),
            ("process", "GTAW"),
            ("position", "PF"),
            ("material", "Q345R"),
            ("thickness_mm", "3.2"),
            ("result", "pass"),
            ("defects", "undercut"),
            ("defects", "spatter"),
        ],
        &[("photos", "IMG_1.JPG", &photo)],
    );
    let r = post_multipart(&app, &page, &who, body).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);

    // A mistake re-shows the form with the field marked and saves nothing.
    let bad = multipart(
        &[("csrf", &csrf), ("note", "x"), ("thickness_mm", "abc")],
        &[("photos", "t.txt", b"hello")],
    );
    let r = post_multipart(&app, &page, &who, bad).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("error-summary"), "{}", r.body);
    assert_eq!(app.count("guidance_entries").await, 1);

    let card = app.get("/mentor", &f.ding).await;
    assert!(
        card.body.contains(&format!("guidance-card-{p0}")),
        "the card shows the log"
    );
    assert!(card.body.contains("根部熔合良好"));
    assert!(card.body.contains("&#x2F;guidance&#x2F;photos&#x2F;"));

    let status = app
        .get(
            &format!("/applications/{ref0}?token={tok0}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(status.status, Status::Ok);
    assert!(
        status.body.contains("根部熔合良好，盖面咬边"),
        "status page shows the log"
    );
    assert!(status.body.contains("咬边") && status.body.contains("飞溅"));
    assert!(status.body.contains("3.2"));
    // Tera escapes `/` in pages as `&#x2F;`.
    let marker = format!("&#x2F;applications&#x2F;{ref0}&#x2F;guidance&#x2F;photos&#x2F;");
    assert!(status.body.contains(&marker), "photos by the status link");

    let org = app
        .get(
            &format!("/cohorts/{}/mentoring/guidance", f.class.cohort_id),
            &f.class.org,
        )
        .await;
    assert_eq!(org.status, Status::Ok);
    assert!(org.body.contains("根部熔合良好，盖面咬边"));
    assert!(org.body.contains("PF (3G"));
    let refused = app
        .get(
            &format!("/cohorts/{}/mentoring/guidance", f.class.cohort_id),
            &f.ding,
        )
        .await;
    assert_eq!(refused.status, Status::Forbidden);
    let _ = extract_hidden;
}

#[rocket::async_test]
async fn participant_file_shows_everything_and_the_archive_holds_a_page_each_and_the_exports() {
    let app = TestApp::spawn().await;
    let f = floor(&app).await;
    let (p0, _, _) = &f.participants[0];
    let session = session_at(&app, &f.class, -5, "板对接立焊实操").await;
    let r = mark(
        &app,
        &f.ding,
        session,
        json!([{"participant_id": p0, "status": "late"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = app
        .post_json(
            &format!("/api/v1/participants/{p0}/assessments"),
            &f.ding,
            &json!({"scores": {"visual": 25, "bend": 33, "theory": 21}, "comment": "外观整齐"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let r = entry(&app, &f.ding, *p0, a_piece()).await;
    let entry_id = r.json()["id"].as_i64().expect("id");
    let body = multipart(&[], &[("file", "a.jpg", &photo_with_gps())]);
    let r = post_multipart(
        &app,
        &format!("/api/v1/guidance/{entry_id}/photos"),
        &f.ding,
        body,
    )
    .await;
    let photo = r.json()["id"].as_i64().expect("photo id");

    let path = format!("/cohorts/{}/participants/{p0}/file", f.class.cohort_id);
    let page = app.get(&path, &f.class.org).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    let national = national_id(0);
    let masked = format!("{}********{}", &national[..6], &national[14..]);
    for needle in [
        "张焊工",
        masked.as_str(),
        "****",
        "丁卫松",
        "板对接立焊实操",
        "迟到",
        "79 / 100",
        "外观整齐",
        "立焊向上",
        "PF (3G",
        "咬边",
        &format!("&#x2F;guidance&#x2F;photos&#x2F;{photo}"),
        "尚未颁发结业证书",
    ] {
        assert!(page.body.contains(needle), "{needle} missing from the file");
    }
    assert!(!page.body.contains(&national), "the ID in clear");
    assert!(!page.body.contains(&phone(0)), "the phone in clear");
    assert_eq!(app.get(&path, &f.ding).await.status, Status::Forbidden);

    let zip_path = format!("/cohorts/{}/archive.zip", f.class.cohort_id);
    let (st, _, _) = get_raw(&app, &zip_path, &f.ding).await;
    assert_eq!(st, Status::Forbidden);
    let (st, _, _) = get_raw(&app, &zip_path, &f.stranger).await;
    assert_eq!(st, Status::Forbidden);
    let (st, bytes, headers) = get_raw(&app, &zip_path, &f.class.org).await;
    assert_eq!(st, Status::Ok);
    assert!(
        headers
            .iter()
            .any(|(k, v)| k == "content-type" && v == "application/zip")
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP");
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    let pages: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("participants/") && n.ends_with(".html"))
        .collect();
    assert_eq!(pages.len(), 2, "{names:?}");
    for want in [
        "index.html",
        "app.css",
        "exports/roster.csv",
        "exports/attendance.csv",
        "exports/assessments.csv",
        "exports/roster.xlsx",
        "exports/applications.csv",
        &format!("photos/{photo}.jpg"),
    ] {
        assert!(names.iter().any(|n| n == want), "{want} not in {names:?}");
    }
    let mut first = String::new();
    zip.by_name(pages[0])
        .expect("page")
        .read_to_string(&mut first)
        .expect("utf-8");
    assert!(
        first.contains("立焊向上") && first.contains(&format!("..&#x2F;photos&#x2F;{photo}.jpg")),
        "{first}"
    );
    assert!(first.contains(&masked) && !first.contains(&national));
    let mut jpeg = vec![];
    zip.by_name(&format!("photos/{photo}.jpg"))
        .expect("photo")
        .read_to_end(&mut jpeg)
        .expect("bytes");
    assert!(exif_of(&jpeg).is_none());
    let mut roster = String::new();
    zip.by_name("exports/roster.csv")
        .expect("roster")
        .read_to_string(&mut roster)
        .expect("utf-8");
    assert!(roster.contains("张焊工"));
    let audited = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'cohort.archive_download'",
    )
    .await;
    assert_eq!(audited, 1);
}
