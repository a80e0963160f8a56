//! A mentor on a 360 px phone records guidance on a mentee's test piece with
//! a photo from the camera (the file input set as chromedriver does), and
//! sees it on the mentee's card.
use std::time::Instant;

use serde_json::json;

use crate::harness::{Browser, Server, browser_available};
use crate::journeys::approved_class_with_mentor;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_on_a_phone_records_guidance_with_a_photo_and_sees_it_on_the_card() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    let (_, _, _, ids) =
        approved_class_with_mentor(&server, chrono::Utc::now() - chrono::Duration::minutes(30))
            .await;
    // A photo of the test piece, as the phone's camera would hand it over.
    let img = image::RgbImage::from_fn(2400, 1800, |x, y| {
        image::Rgb([(x % 200) as u8, (y % 180) as u8, 60])
    });
    let photo = server.dir.path().join("IMG_0001.jpg");
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode_image(&img)
        .expect("encode");
    std::fs::write(&photo, jpeg).expect("write photo");

    let b = Browser::open("guidance", 360, 780, "zh-CN").await;
    b.go(&format!("{}/login?next=/mentor", server.base)).await;
    b.type_into("#email", "ding@example.com").await;
    b.type_into("#password", crate::helpers::PASSWORD).await;
    b.click("form.form button[type=submit]").await;
    b.sees("张焊工").await;
    b.click(&format!("#guidance-{}", ids[0])).await;
    b.sees("新增带教记录").await;
    b.check_page_basics().await;

    // Tap the chips: TIG, PF (3G), fail, undercut and porosity.
    b.click("label.g-chip:has(input[name=process][value=GTAW]) span")
        .await;
    b.click("label.g-chip:has(input[name=position][value=PF]) span")
        .await;
    b.click("label.g-chip:has(input[name=result][value=fail]) span")
        .await;
    b.click("label.g-chip:has(input[name=defects][value=undercut]) span")
        .await;
    b.click("label.g-chip:has(input[name=defects][value=porosity]) span")
        .await;
    b.type_into("#material", "Q345R").await;
    b.type_into("#thickness_mm", "12").await;
    b.type_into("#note", "立焊摆动过快，两侧咬边").await;
    let input = b.find("#photos").await;
    if let Err(e) = input.send_keys(&photo.display().to_string()).await {
        b.fail(&format!("cannot choose the photo: {e}")).await;
    }
    let checked = b
        .js("return document.querySelectorAll('.g-chip input:checked').length;")
        .await;
    if checked != json!(5) {
        b.fail(&format!("the chips did not take the taps: {checked}"))
            .await;
    }
    b.click("#guidance-save").await;
    b.sees("带教记录已保存").await;
    b.sees("立焊摆动过快，两侧咬边").await;
    b.sees("PF (3G/3F)").await;

    // Back on the mentor's page, the card shows the entry and its photo.
    b.go(&format!("{}/mentor", server.base)).await;
    let card = b.text(&format!("#guidance-card-{}", ids[0])).await;
    if !card.contains("立焊摆动过快") || !card.contains("不合格") {
        b.fail(&format!("the card does not show the guidance: {card}"))
            .await;
    }
    let loaded = b
        .js(&format!(
            "const i = document.querySelector('#guidance-card-{} img.g-thumb'); return i ? i.complete && i.naturalWidth : 0;",
            ids[0]
        ))
        .await;
    if loaded != json!(2048) {
        b.fail(&format!("the photo did not load at 2048 px: {loaded}"))
            .await;
    }
    b.check_page_basics().await;
    b.close().await;
    eprintln!("journey guidance: {:.1}s", started.elapsed().as_secs_f64());
}
