//! The Titanic and SpamAssassin loaders on the real files: needs the data home
//! (`HANDSON_DATA`, which `make test` points at `../shared/data`), so these tests are ignored by
//! a plain `cargo test`.

use std::collections::HashMap;

use handson::datasets::{load_spam_assassin, load_titanic};
use handson::text::parse_emails;

#[test]
#[ignore = "needs the Titanic files: run with --include-ignored and HANDSON_DATA"]
fn titanic_has_the_published_rows_and_missing_values() {
    let titanic = load_titanic().unwrap();
    assert_eq!((titanic.train.n_rows(), titanic.test.n_rows()), (891, 418));
    assert_eq!(titanic.train.numeric("Survived").unwrap().sum(), 342.0);
    let missing: HashMap<String, usize> = titanic.train.missing_counts().into_iter().collect();
    assert_eq!((missing["Age"], missing["Cabin"], missing["Embarked"]), (177, 687, 2));
    assert!(titanic.test.column("Survived").is_err());
}

#[test]
#[ignore = "needs the SpamAssassin archives: run with --include-ignored and HANDSON_DATA"]
fn spam_assassin_has_its_emails_and_the_books_structures() {
    let corpus = load_spam_assassin().unwrap();
    assert_eq!((corpus.easy_ham.len(), corpus.hard_ham.len(), corpus.spam.len()), (2500, 250, 500));
    assert!(corpus.spam[0].path.starts_with("spam/00001."));
    let count = |emails: &[handson::datasets::archive::Member], structure: &str| {
        let raw: Vec<&[u8]> = emails.iter().map(|m| m.bytes.as_slice()).collect();
        parse_emails(&raw).unwrap().iter().filter(|e| e.structure() == structure).count()
    };
    // The book's counts of the most common structures.
    assert_eq!(count(&corpus.easy_ham, "text/plain"), 2408);
    assert_eq!(count(&corpus.easy_ham, "multipart(text/plain, application/pgp-signature)"), 66);
    assert_eq!(count(&corpus.spam, "text/plain"), 218);
    assert_eq!(count(&corpus.spam, "text/html"), 183);
    assert_eq!(count(&corpus.spam, "multipart(text/plain, text/html)"), 45);
}
