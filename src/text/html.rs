//! Turning HTML into plain text, the way the book's `html_to_plain_text` does: drop the
//! `<head>`, turn links into the word `HYPERLINK`, drop every other tag, collapse blank lines,
//! and decode entities.

/// Plain text of an HTML document.
///
/// ```
/// let html = "<html><head><title>x</title></head>\
///             <body><p>Win &amp; <a href='u'>click</a></p>\n\n\n<b>now</b></body></html>";
/// assert_eq!(handson::text::html_to_text(html), "Win &  HYPERLINK click\nnow");
/// ```
pub fn html_to_text(html: &str) -> String {
    let without_head = remove_head(html);
    let mut text = String::with_capacity(without_head.len());
    let mut rest = without_head.as_str();
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let tag_and_after = &rest[start..];
        let end = tag_and_after
            .find('>')
            .map_or(tag_and_after.len(), |e| e + 1);
        let tag = &tag_and_after[..end];
        if is_link_start(tag) {
            text.push_str(" HYPERLINK ");
        }
        rest = &tag_and_after[end..];
    }
    text.push_str(rest);
    decode_entities(&collapse_blank_lines(&text))
}

fn remove_head(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    match (lower.find("<head"), lower.find("</head>")) {
        (Some(start), Some(end)) if end > start => {
            format!("{}{}", &html[..start], &html[end + "</head>".len()..])
        }
        _ => html.to_owned(),
    }
}

fn is_link_start(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    bytes.len() > 3 && bytes[1].eq_ignore_ascii_case(&b'a') && bytes[2].is_ascii_whitespace()
}

/// Removes empty and whitespace-only lines, and the whitespace before each newline.
fn collapse_blank_lines(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.trim().is_empty())
        .collect();
    lines.join("\n")
}

/// Decodes the named entities that emails use and numeric ones (`&#65;`, `&#x41;`).
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let candidate = &rest[amp..];
        let decoded = candidate
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| {
                let name = &candidate[1..semi];
                let ch = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => name
                        .strip_prefix("#x")
                        .or_else(|| name.strip_prefix("#X"))
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                        .and_then(char::from_u32),
                };
                ch.map(|c| (c, semi + 1))
            });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &candidate[len..];
            }
            None => {
                out.push('&');
                rest = &candidate[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
