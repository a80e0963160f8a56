//! A guidance photo as it is stored: decoded by the `image` crate within
//! limits (so a decompression bomb is refused, not allocated), turned upright
//! by its EXIF orientation, shrunk to at most 2048 px on the longest side and
//! re-encoded as JPEG. Re-encoding writes pixels only, so EXIF (camera, time,
//! GPS position) and every other metadata block are gone.
use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::Message;
use crate::domain::guidance::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE, fitted_size};
use crate::error::AppError;

/// JPEG quality of stored photos: weld ripples and undercut stay visible.
const JPEG_QUALITY: u8 = 85;
/// The most pixels on either side a photo may have (a 100-megapixel camera is 12,000 wide).
const MAX_SOURCE_SIDE: u32 = 16_000;
/// The most memory decoding one photo may take.
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct StoredPhoto {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

pub fn not_an_image() -> Message {
    Message::of("photo_not_image")
}

/// Re-encodes an uploaded photo: 413 over 10 MB, 422 for anything that is
/// not a JPEG or PNG the decoder can read within its limits.
pub fn reencode(input: &[u8]) -> Result<StoredPhoto, AppError> {
    if input.len() > MAX_PHOTO_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let refused = |_| AppError::Unprocessable(not_an_image());
    let mut reader = ImageReader::new(Cursor::new(input))
        .with_guessed_format()
        .map_err(|_| AppError::Unprocessable(not_an_image()))?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png)) {
        return Err(AppError::Unprocessable(not_an_image()));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refused)?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(refused)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let (w, h) = fitted_size(img.width(), img.height(), MAX_PHOTO_SIDE);
    if (w, h) != (img.width(), img.height()) {
        img = img.resize_exact(w, h, FilterType::Triangle);
    }
    let rgb = img.to_rgb8();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| AppError::Internal(format!("jpeg encoding: {e}")))?;
    Ok(StoredPhoto {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}

/// [`reencode`] off the async workers (decoding a phone photo takes a while).
pub async fn reencode_blocking(input: Vec<u8>) -> Result<StoredPhoto, AppError> {
    tokio::task::spawn_blocking(move || reencode(&input))
        .await
        .map_err(|e| AppError::Internal(format!("photo task: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([200, 120, 40]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap_or_default();
        out.into_inner()
    }

    #[test]
    fn a_png_comes_back_as_a_jpeg_no_larger_than_allowed() {
        let r = reencode(&png(3000, 1000));
        let Ok(r) = r else {
            panic!("{r:?}");
        };
        assert_eq!((r.width, r.height), (2048, 683));
        assert_eq!(image::guess_format(&r.jpeg).ok(), Some(ImageFormat::Jpeg));
    }

    #[test]
    fn text_and_other_formats_are_refused() {
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
        for bad in [
            &b"hello, this is not a photo"[..],
            &gif[..],
            &[][..],
            &png(4, 4)[..20],
        ] {
            let r = reencode(bad);
            assert!(matches!(r, Err(AppError::Unprocessable(_))), "{r:?}");
        }
    }

    #[test]
    fn over_ten_megabytes_is_too_large() {
        let big = vec![0u8; MAX_PHOTO_BYTES + 1];
        assert!(matches!(reencode(&big), Err(AppError::PayloadTooLarge)));
    }
}
