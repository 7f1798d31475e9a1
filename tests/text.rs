//! Email parsing, HTML to text, tokenizing and vectorizing on small crafted emails, including
//! malformed ones: each gives a clear error or a well-defined fallback, never a panic.

use handson::text::{
    Email, EmailToWordCounter, Tokenizer, WordCounterToVector, WordCounts, html_to_text,
    parse_emails,
};

#[test]
fn a_plain_email_has_its_subject_structure_and_text() {
    let email =
        Email::parse(b"From: a@b.c\r\nSubject: Lunch?\r\n\r\nSee you at noon.\r\n").unwrap();
    assert_eq!(email.subject(), Some("Lunch?"));
    assert_eq!(email.header("from"), Some("a@b.c"));
    assert_eq!(email.structure(), "text/plain");
    assert_eq!(email.to_text().trim(), "See you at noon.");
}

#[test]
fn nested_multiparts_are_summarised_like_the_book() {
    let raw = b"Content-Type: multipart/mixed; boundary=outer\r\n\r\n\
--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n\
--inner\r\nContent-Type: text/plain\r\n\r\nplain\r\n\
--inner\r\nContent-Type: text/html\r\n\r\n<b>html</b>\r\n--inner--\r\n\
--outer\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
--outer--\r\n";
    let email = Email::parse(raw).unwrap();
    assert_eq!(
        email.structure(),
        "multipart(multipart(text/plain, text/html), image/png)"
    );
    assert_eq!(email.text_parts().len(), 2);
    assert_eq!(email.to_text().trim(), "plain");
}

#[test]
fn an_html_only_email_is_turned_into_text() {
    let raw = b"Content-Type: text/html\r\n\r\n<html><head><style>x{}</style></head><body>\
<p>Cheap &amp; <a href=\"http://spam\">good</a></p></body></html>\r\n";
    let email = Email::parse(raw).unwrap();
    assert_eq!(email.structure(), "text/html");
    assert_eq!(email.to_text().trim(), "Cheap &  HYPERLINK good");
}

#[test]
fn transfer_encodings_and_charsets_are_decoded() {
    let raw = b"Content-Type: text/plain; charset=iso-8859-1\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 cr=E8me\r\n";
    assert_eq!(
        Email::parse(raw).unwrap().to_text().trim(),
        "Caf\u{e9} cr\u{e8}me"
    );
    let raw = b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8gd29ybGQ=\r\n";
    assert_eq!(Email::parse(raw).unwrap().to_text().trim(), "hello world");
}

#[test]
fn broken_emails_fall_back_instead_of_failing() {
    // Invalid base64: the raw text is kept.
    let raw = b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n";
    assert!(Email::parse(raw).unwrap().to_text().contains("not base64"));
    // A multipart whose closing boundary never comes.
    let raw = b"Content-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ncut off";
    let email = Email::parse(raw).unwrap();
    assert!(email.structure().starts_with("multipart("));
    assert!(email.to_text().contains("cut off"));
    // An unknown charset.
    let raw = b"Content-Type: text/plain; charset=x-unknown-42\r\n\r\nhello\r\n";
    assert!(Email::parse(raw).unwrap().to_text().contains("hello"));
    // Headers only, no body.
    let email = Email::parse(b"Subject: empty\r\n\r\n").unwrap();
    assert_eq!(email.to_text().trim(), "");
    // A non-text email has no text.
    let email = Email::parse(b"Content-Type: application/pdf\r\n\r\n%PDF").unwrap();
    assert_eq!(email.to_text(), "");
}

#[test]
fn empty_input_is_an_error_that_says_so() {
    let err = Email::parse(b"").unwrap_err().to_string();
    assert!(err.contains("empty"), "{err}");
    let err = parse_emails(&[b"Subject: ok\r\n\r\nhi".to_vec(), b"  ".to_vec()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("email 1"), "{err}");
}

#[test]
fn html_entities_and_blank_lines() {
    assert_eq!(
        html_to_text("a&lt;b&gt;&#65;&#x42;&unknown; &"),
        "a<b>AB&unknown; &"
    );
    assert_eq!(html_to_text("<p>one</p>\n \n\n<p>two</p>"), "one\ntwo");
    assert_eq!(html_to_text("unclosed <b"), "unclosed");
}

#[test]
fn tokenizer_options_each_do_one_thing() {
    let text = "Go to WWW.Example.com: 42 Prizes!";
    assert_eq!(
        Tokenizer::new().tokenize(text),
        ["go", "to", "URL", "NUMBER", "prize"]
    );
    let plain = Tokenizer::new()
        .lowercase(false)
        .replace_urls(false)
        .replace_numbers(false)
        .remove_punctuation(false)
        .stemming(false);
    assert_eq!(
        plain.tokenize(text),
        ["Go", "to", "WWW.Example.com:", "42", "Prizes!"]
    );
    assert_eq!(
        Tokenizer::new().stemming(false).tokenize("Prizes!"),
        ["prizes"]
    );
    assert_eq!(
        Tokenizer::new().tokenize("mp3 1.5e3x"),
        ["mp3", "NUMBER", "x"]
    );
    assert!(Tokenizer::new().tokenize("  ").is_empty());
}

#[test]
fn word_counts_become_vectors_over_the_vocabulary() {
    let emails: Vec<Email> = [
        "buy buy cheap pills",
        "meeting at noon",
        "cheap cheap meeting",
    ]
    .iter()
    .map(|body| Email::parse(format!("Subject: s\r\n\r\n{body}").as_bytes()).unwrap())
    .collect();
    let counts = EmailToWordCounter::new()
        .tokenizer(Tokenizer::new().stemming(false))
        .transform(&emails);
    assert_eq!(counts[0]["buy"], 2);
    let mut vectorizer = WordCounterToVector::new(2);
    let x = vectorizer.fit_transform(&counts).unwrap();
    assert_eq!(x.dim(), (3, 3));
    // cheap (3) then buy/meeting (2 each; buy is seen first).
    assert_eq!(vectorizer.vocabulary()["cheap"], 1);
    assert_eq!(vectorizer.vocabulary()["buy"], 2);
    let dense = x.to_dense();
    assert_eq!(dense.row(0).to_vec(), vec![1.0, 1.0, 2.0]);
    assert_eq!(dense.row(1).to_vec(), vec![3.0, 0.0, 0.0]);
    assert_eq!(dense.row(2).to_vec(), vec![1.0, 2.0, 0.0]);
    assert_eq!(x.nnz(), 6);
    assert_eq!(x.row(1), Some(vec![(0, 3.0)]));
    assert_eq!(x.row(3), None);
}

#[test]
fn the_vectorizer_rejects_misuse() {
    assert!(
        WordCounterToVector::new(0)
            .fit(&[WordCounts::new()])
            .is_err()
    );
    assert!(WordCounterToVector::new(5).fit(&[]).is_err());
    let err = WordCounterToVector::new(5)
        .transform(&[WordCounts::new()])
        .unwrap_err();
    assert!(matches!(err, handson::Error::NotFitted { .. }), "{err}");
    assert!(err.to_string().contains("call `fit`"), "{err}");
}
