//! Parsing raw emails (RFC 822 / MIME) into what the spam filter needs: the subject, the
//! structure of the parts, and the text of the message, through the `mailparse` crate.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::text::html::html_to_text;

/// A parsed email: its headers, the shape of its MIME tree, and its decoded text parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    headers: Vec<(String, String)>,
    structure: String,
    text_parts: Vec<TextPart>,
}

/// One decoded `text/*` part of an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    /// The part's MIME type, lower case (`text/plain`, `text/html`).
    pub mime_type: String,
    /// The part's body, transfer-decoded and converted to UTF-8 from its charset.
    pub body: String,
}

impl Email {
    /// Parses one raw email. Broken transfer encodings and unknown charsets are decoded as well
    /// as they can be (lossy), as mail readers do; only bytes that are not an email at all are
    /// an error.
    ///
    /// ```
    /// use handson::text::Email;
    /// let raw = b"Subject: Hi\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
    ///             --b\r\nContent-Type: text/plain\r\n\r\nHello\r\n\
    ///             --b\r\nContent-Type: text/html\r\n\r\n<p>Hello</p>\r\n--b--\r\n";
    /// let email = Email::parse(raw)?;
    /// assert_eq!(email.subject(), Some("Hi"));
    /// assert_eq!(email.structure(), "multipart(text/plain, text/html)");
    /// assert_eq!(email.to_text().trim(), "Hello");
    /// # Ok::<(), handson::Error>(())
    /// ```
    pub fn parse(raw: &[u8]) -> Result<Email> {
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::invalid(
                "raw",
                "the bytes of an email",
                "an empty message",
            ));
        }
        let mail = mailparse::parse_mail(raw).map_err(|e| {
            Error::invalid("raw", "an RFC 822 email", format!("unparsable bytes ({e})"))
        })?;
        let headers = mail
            .headers
            .iter()
            .map(|h| (h.get_key(), h.get_value()))
            .collect();
        let mut text_parts = Vec::new();
        collect_text_parts(&mail, &mut text_parts);
        Ok(Email {
            headers,
            structure: structure_of(&mail),
            text_parts,
        })
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `Subject` header.
    pub fn subject(&self) -> Option<&str> {
        self.header("Subject")
    }

    /// The MIME tree as the book prints it: `text/plain`, or
    /// `multipart(text/plain, text/html)` for a multipart email, nested as deep as it goes.
    pub fn structure(&self) -> &str {
        &self.structure
    }

    /// The decoded `text/*` parts, in order.
    pub fn text_parts(&self) -> &[TextPart] {
        &self.text_parts
    }

    /// The email's text: the first `text/plain` part, else the first `text/html` part converted
    /// to plain text, else the empty string.
    pub fn to_text(&self) -> String {
        let first = |mime: &str| self.text_parts.iter().find(|p| p.mime_type == mime);
        match (first("text/plain"), first("text/html")) {
            (Some(plain), _) => plain.body.clone(),
            (None, Some(html)) => html_to_text(&html.body),
            (None, None) => String::new(),
        }
    }
}

/// Parses many raw emails in parallel; fails on the first one that is not an email, naming it
/// by its position.
pub fn parse_emails<B: AsRef<[u8]> + Sync>(raw: &[B]) -> Result<Vec<Email>> {
    raw.par_iter()
        .enumerate()
        .map(|(i, bytes)| {
            Email::parse(bytes.as_ref())
                .map_err(|e| Error::invalid("raw", "a list of emails", format!("email {i}: {e}")))
        })
        .collect()
}

fn structure_of(mail: &mailparse::ParsedMail<'_>) -> String {
    if mail.ctype.mimetype.starts_with("multipart/") {
        let parts: Vec<String> = mail.subparts.iter().map(structure_of).collect();
        format!("multipart({})", parts.join(", "))
    } else {
        mail.ctype.mimetype.to_ascii_lowercase()
    }
}

fn collect_text_parts(mail: &mailparse::ParsedMail<'_>, out: &mut Vec<TextPart>) {
    if !mail.subparts.is_empty() {
        for part in &mail.subparts {
            collect_text_parts(part, out);
        }
        return;
    }
    let mime_type = mail.ctype.mimetype.to_ascii_lowercase();
    if !mime_type.starts_with("text/") {
        return;
    }
    let body = mail.get_body().unwrap_or_else(|_| {
        // An undecodable transfer encoding: keep the encoded text rather than lose the part.
        let raw = match mail.get_body_encoded() {
            mailparse::body::Body::Base64(b) | mailparse::body::Body::QuotedPrintable(b) => {
                b.get_raw()
            }
            mailparse::body::Body::SevenBit(b) | mailparse::body::Body::EightBit(b) => b.get_raw(),
            mailparse::body::Body::Binary(b) => b.get_raw(),
        };
        String::from_utf8_lossy(raw).into_owned()
    });
    out.push(TextPart { mime_type, body });
}
