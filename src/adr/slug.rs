//! File names for records: `0007-add-read-replicas.md`, the shape
//! adr-tools, log4brains and MADR's own repository use. The slug is the
//! whole title, as adr-tools makes it, so the file name and the record
//! agree wherever the records are read.

/// Longest slug written, in bytes (a slug is ASCII). Not a style choice:
/// most filesystems refuse a file name over 255 bytes, and the number, the
/// hyphen and `.md` need room. A longer title is cut at a word boundary.
const MAX_SLUG: usize = 200;

/// What a slug falls back to when a title has no letters or digits at all.
const EMPTY_SLUG: &str = "decision";

/// Folds common accented Latin letters to ASCII so "Caché für Sessions"
/// becomes "cache-fur-sessions" rather than "cach-f-r-sessions".
fn fold(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// A title as a file-name slug: ASCII lowercase letters and digits joined
/// by single hyphens, at most 200 characters, never empty.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for ch in title.chars().flat_map(char::to_lowercase) {
        let piece: Option<std::borrow::Cow<'static, str>> = if ch.is_ascii_alphanumeric() {
            Some(ch.to_string().into())
        } else {
            fold(ch).map(Into::into)
        };
        match piece {
            Some(piece) => {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.push_str(&piece);
            }
            None => pending_hyphen = true,
        }
    }
    if out.len() > MAX_SLUG {
        // Cut at the last hyphen that keeps it short, so no word is
        // chopped; a single giant word is cut where it must be.
        let cut = out[..=MAX_SLUG].rfind('-').filter(|&at| at > 0).unwrap_or(MAX_SLUG);
        out.truncate(cut);
    }
    if out.is_empty() {
        EMPTY_SLUG.to_owned()
    } else {
        out
    }
}

/// `0007-add-read-replicas.md`.
pub fn file_name(number: u32, title: &str) -> String {
    format!("{number:04}-{}.md", slug(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_short_ascii_slugs() {
        let cases = [
            ("Add read replicas", "add-read-replicas"),
            ("  Use Redis (v7) -- for sessions! ", "use-redis-v7-for-sessions"),
            ("Caché für Sessions", "cache-fur-sessions"),
            ("<img src=x onerror=alert(1)>", "img-src-x-onerror-alert-1"),
            ("数据库", "decision"),
            ("", "decision"),
            (
                "Split the monolith into services along the bounded contexts we found",
                "split-the-monolith-into-services-along-the-bounded-contexts-we-found",
            ),
        ];
        for (title, expected) in cases {
            let got = slug(title);
            assert_eq!(got, expected, "{title:?}");
            assert!(got.len() <= MAX_SLUG);
        }
        assert_eq!(slug(&"x".repeat(300)).len(), MAX_SLUG);
        let long = "word ".repeat(60);
        let cut = slug(&long);
        assert!(cut.len() <= MAX_SLUG && cut.ends_with("word"), "{cut}");
        assert!(file_name(u32::MAX, &long).len() <= 255, "a file name any filesystem takes");
        assert_eq!(file_name(7, "Add read replicas"), "0007-add-read-replicas.md");
        assert_eq!(file_name(12345, "x"), "12345-x.md");
    }
}
