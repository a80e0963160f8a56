//! A multipart body with files (photos from a phone's camera), read with a
//! cap of its own instead of raising Rocket's global form limits: `MAX`
//! bytes in all, 10 MB a file; more is 413. Text fields are held to the
//! same rule as every other input (no control characters: 422).
use rocket::data::{Data, FromData, Outcome, ToByteUnit};
use rocket::request::Request;

use crate::domain::Message;
use crate::domain::guidance::MAX_PHOTO_BYTES;
use crate::error::AppError;
use crate::web::input::{has_control, refused};
use crate::web::remember_error;

/// Room for the multipart framing and the text fields besides the files.
pub const FRAMING_BYTES: usize = 64 * 1024;
/// The photo API: one photo.
pub const ONE_PHOTO: usize = MAX_PHOTO_BYTES + FRAMING_BYTES;
/// The page's form: a note and up to four photos at full size.
pub const FORM_PHOTOS: usize = 4 * MAX_PHOTO_BYTES + FRAMING_BYTES;

/// A file part of the body.
pub struct UploadedFile {
    pub field: String,
    pub bytes: Vec<u8>,
}

/// The parts of a multipart body: text fields in order, and files.
pub struct Upload<const MAX: usize> {
    pub texts: Vec<(String, String)>,
    pub files: Vec<UploadedFile>,
}

impl<const MAX: usize> Upload<MAX> {
    /// The first value of a text field.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a text field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.texts
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The non-empty files sent under a field name (a phone sends an empty
    /// part when no photo was taken).
    pub fn files_named(&self, name: &str) -> Vec<Vec<u8>> {
        self.files
            .iter()
            .filter(|f| f.field == name && !f.bytes.is_empty())
            .map(|f| f.bytes.clone())
            .collect()
    }
}

fn malformed() -> AppError {
    AppError::BadRequest(Message::of("malformed_multipart"))
}

fn from_multer(e: multer::Error) -> AppError {
    match e {
        multer::Error::FieldSizeExceeded { .. } | multer::Error::StreamSizeExceeded { .. } => {
            AppError::PayloadTooLarge
        }
        _ => malformed(),
    }
}

async fn read<const MAX: usize>(
    req: &Request<'_>,
    data: Data<'_>,
) -> Result<Upload<MAX>, AppError> {
    let boundary = req
        .content_type()
        .filter(|ct| ct.is_form_data())
        .and_then(|ct| {
            ct.params()
                .find(|(k, _)| k == "boundary")
                .map(|(_, v)| v.to_string())
        })
        .ok_or_else(malformed)?;
    let limit = u64::try_from(MAX).unwrap_or(u64::MAX);
    let body = data
        .open(limit.bytes())
        .into_bytes()
        .await
        .map_err(|_| malformed())?;
    if !body.is_complete() {
        return Err(AppError::PayloadTooLarge);
    }
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(limit)
            .per_field(u64::try_from(MAX_PHOTO_BYTES).unwrap_or(u64::MAX)),
    );
    let reader = std::io::Cursor::new(body.into_inner());
    let mut parts = multer::Multipart::with_reader_with_constraints(reader, boundary, constraints);
    let mut out = Upload {
        texts: vec![],
        files: vec![],
    };
    while let Some(field) = parts.next_field().await.map_err(from_multer)? {
        let name = field.name().unwrap_or_default().to_string();
        if field.file_name().is_some() {
            let bytes = field.bytes().await.map_err(from_multer)?;
            out.files.push(UploadedFile {
                field: name,
                bytes: bytes.to_vec(),
            });
        } else {
            let text = field.text().await.map_err(from_multer)?;
            if has_control(&name, false) || has_control(&text, name == "note") {
                return Err(refused(&name));
            }
            out.texts.push((name, text));
        }
    }
    Ok(out)
}

#[rocket::async_trait]
impl<'r, const MAX: usize> FromData<'r> for Upload<MAX> {
    type Error = AppError;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> Outcome<'r, Self> {
        match read::<MAX>(req, data).await {
            Ok(u) => Outcome::Success(u),
            Err(e) => {
                let status = e.status();
                remember_error(req, e.clone());
                rocket::outcome::Outcome::Error((status, e))
            }
        }
    }
}
