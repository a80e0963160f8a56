//! Security headers on every response.
use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Request, Response};

pub struct SecurityHeaders;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "security headers",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        // Templates registered from the binary have names without an extension
        // ("index"), so rocket_dyn_templates labels what they render
        // text/plain; every template we render is an HTML page.
        let path = req.uri().path();
        if res
            .content_type()
            .is_some_and(|t| t == rocket::http::ContentType::Text)
            && path != "/metrics"
            && !path.starts_with("/static/")
        {
            res.set_header(rocket::http::ContentType::HTML);
        }
        res.set_header(Header::new("Content-Security-Policy", CSP));
        res.set_header(Header::new("X-Content-Type-Options", "nosniff"));
        res.set_header(Header::new("X-Frame-Options", "DENY"));
        res.set_header(Header::new("Referrer-Policy", "same-origin"));
        res.set_header(Header::new(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=()",
        ));
        // Under an https public URL browsers must never come back over http.
        if req
            .rocket()
            .state::<crate::AppState>()
            .is_some_and(|s| s.settings.secure_cookies())
        {
            res.set_header(Header::new(
                "Strict-Transport-Security",
                "max-age=31536000; includeSubDomains",
            ));
        }
        // Pages and API answers may hold personal data: never cache them
        // (an answer that chose its own, such as a photo's `private`, keeps it).
        if !req.uri().path().starts_with("/static/") && !res.headers().contains("Cache-Control") {
            res.set_header(Header::new("Cache-Control", "no-store"));
        }
    }
}
