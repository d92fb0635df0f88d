//! The share link: a whole document in the URL fragment, so it can be
//! sent in a chat without any server (the fragment never leaves the
//! browser when the link is opened). Compact JSON, deflated, base64url,
//! behind a version: `#doc=v1.<data>`.
//!
//! Decoding is a boundary like any file: it refuses anything that is not
//! a valid document, in words, and never inflates more than
//! [`MAX_DOCUMENT_BYTES`] whatever the link claims.

use std::fmt;
use std::io::{Read, Write};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use crate::files::json::{parse_document, DocumentError};
use crate::model::Document;

/// What precedes the data in the fragment; the version lets a later
/// encoding live beside this one.
pub const PREFIX: &str = "#doc=v1.";

/// The largest inflated document a link may carry: the one limit every
/// document reader has ([`crate::files::json::MAX_DOCUMENT_BYTES`]).
pub const MAX_DOCUMENT_BYTES: u64 = crate::files::json::MAX_DOCUMENT_BYTES as u64;

/// Why a share link could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareError {
    /// No `doc=` in the fragment: the link shares nothing.
    NotAShareLink,
    /// `doc=v7.` or another encoding this version does not read.
    UnknownVersion(String),
    /// The data is cut short or altered (base64 or deflate failed).
    Corrupt(String),
    /// The data inflates past [`MAX_DOCUMENT_BYTES`].
    TooLarge,
    /// The document to share is larger than a link may carry.
    TooLargeToShare { bytes: usize },
    /// The data is a document with a problem; the error names the field.
    Invalid(DocumentError),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotAShareLink => f.write_str("this link does not contain a shared document"),
            ShareError::UnknownVersion(version) => write!(
                f,
                "this link was made by a different version of Headroom (format {version:?}); open it there and export the document as JSON"
            ),
            ShareError::Corrupt(why) => write!(f, "this link is damaged or cut short ({why}): ask for it to be sent again"),
            ShareError::TooLarge => f.write_str("this link holds more data than any document should; it was not opened"),
            ShareError::TooLargeToShare { bytes } => write!(
                f,
                "the document is {} KB, more than a link may carry ({} KB)",
                bytes / 1024,
                MAX_DOCUMENT_BYTES / 1024
            ),
            ShareError::Invalid(error) => write!(f, "the shared document has a problem: {error}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment for `doc`, `#` included.
pub fn encode(doc: &Document) -> Result<String, ShareError> {
    // Serialising plain structs of strings and finite numbers cannot fail,
    // and writing to a Vec neither: fall back to an empty payload (which
    // `decode` refuses in words) rather than panic if either ever did.
    let json = serde_json::to_vec(doc).unwrap_or_default();
    // No link its own decoder would refuse.
    if json.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ShareError::TooLargeToShare { bytes: json.len() });
    }
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let deflated = match encoder.write_all(&json) {
        Ok(()) => encoder.finish().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    Ok(format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(deflated)))
}

/// The document in a fragment (with or without `#`, `doc=` anywhere among
/// `&`-separated parameters), parsed, migrated and validated.
pub fn decode(fragment: &str) -> Result<Document, ShareError> {
    let fragment = fragment.trim().trim_start_matches('#');
    let value = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("doc="))
        .ok_or(ShareError::NotAShareLink)?;
    let (version, data) = value.split_once('.').unwrap_or((value, ""));
    if version != "v1" {
        return Err(ShareError::UnknownVersion(version.chars().take(16).collect()));
    }
    // Links pasted through chat programs sometimes gain padding or
    // whitespace; neither is part of base64url without padding.
    let data: String = data.chars().filter(|c| !c.is_whitespace() && *c != '=').collect();
    let deflated = URL_SAFE_NO_PAD
        .decode(data.as_bytes())
        .map_err(|e| ShareError::Corrupt(format!("not base64url: {e}")))?;
    let mut json = Vec::new();
    DeflateDecoder::new(deflated.as_slice())
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut json)
        .map_err(|e| ShareError::Corrupt(format!("does not inflate: {e}")))?;
    if json.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ShareError::TooLarge);
    }
    let text = String::from_utf8(json).map_err(|_| ShareError::Corrupt("not UTF-8 text".to_owned()))?;
    let doc = parse_document(&text).map_err(ShareError::Invalid)?;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    #[test]
    fn the_sample_round_trips() {
        let doc = mvp_that_creaks();
        let fragment = encode(&doc).unwrap();
        assert!(fragment.starts_with("#doc=v1."));
        assert!(fragment[PREFIX.len()..].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&fragment), Ok(doc.clone()));
        assert_eq!(decode(&format!("x=1&{}", &fragment[1..])), Ok(doc));
    }

    #[test]
    fn bad_links_are_explained() {
        let message = |fragment: &str| decode(fragment).unwrap_err().to_string();
        assert_eq!(message("#view=1"), "this link does not contain a shared document");
        assert!(message("#doc=v9.abc").starts_with("this link was made by a different version of Headroom (format \"v9\")"));
        assert!(message("#doc=v1.@@@").starts_with("this link is damaged or cut short (not base64url"));
        assert!(message("#doc=v1.AAAA").starts_with("this link is damaged or cut short"));
        let json_link = |json: &str| {
            let mut encoder = DeflateEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(json.as_bytes()).unwrap();
            format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(encoder.finish().unwrap()))
        };
        assert_eq!(
            message(&json_link("{\"name\": 1}")),
            "the shared document has a problem: schema_version: is missing: this does not look like a Headroom document"
        );
        // A bomb: a long run of zeros deflates to almost nothing.
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&vec![b' '; (MAX_DOCUMENT_BYTES + 10) as usize]).unwrap();
        let bomb = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(encoder.finish().unwrap()));
        assert!(bomb.len() < 10_000);
        assert_eq!(decode(&bomb), Err(ShareError::TooLarge));
    }

    #[test]
    fn no_link_is_made_that_its_own_reader_would_refuse() {
        // The bug: `share` wrote links over 4 MiB inflated, which `decode` refuses.
        let mut doc = mvp_that_creaks();
        doc.scenario.name = "x".repeat(100);
        let mut huge = doc.clone();
        for i in 0..30_000 {
            let mut c = huge.components[1].clone();
            c.id = format!("web-{i}").into();
            c.name = "a fairly long component name for a test".to_owned();
            huge.components.push(c);
        }
        assert!(matches!(encode(&huge), Err(ShareError::TooLargeToShare { .. })));
        assert!(encode(&huge).unwrap_err().to_string().starts_with("the document is "));
        assert!(decode(&encode(&doc).unwrap()).is_ok());
    }

    #[test]
    fn decisions_in_a_link_are_validated() {
        let mut doc = mvp_that_creaks();
        doc.decisions.push(crate::adr::DecisionRecord::new(1, "Cache", "2024-13-01"));
        let message = decode(&encode(&doc).unwrap()).unwrap_err().to_string();
        assert_eq!(
            message,
            "the shared document has a problem: decision ADR-0001, date: must be a calendar date written yyyy-mm-dd, got \"2024-13-01\""
        );
    }
}
