//! The data home, downloads and checksums, on a tiny MNIST-shaped fixture
//! (`tests/fixtures/tiny-mnist/`, made by `make_tiny_mnist.py`) and a real HTTP server on
//! 127.0.0.1 that serves it.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use handson::Error;
use handson::datasets::{DataSet, RemoteFile, data_home, load_images};

const FILES: &[RemoteFile] = &[
    RemoteFile {
        name: "train-images-idx3-ubyte.gz",
        sha256: "9539183924512609594827d0d24cf63e5f47dc19522ba2ecfbfffbcc5edf6d94",
    },
    RemoteFile {
        name: "train-labels-idx1-ubyte.gz",
        sha256: "1c650f72de0710b865d8a32bb26ee24ff231f3925264fc6947693b1749e35895",
    },
    RemoteFile {
        name: "t10k-images-idx3-ubyte.gz",
        sha256: "68031d3830104d931814b95f28bb6a183740b8854dde8681d6100f225b6f5bbf",
    },
    RemoteFile {
        name: "t10k-labels-idx1-ubyte.gz",
        sha256: "e10ef6244367a3de9d78e7174bfb1f9fab743509b5c56243b2dd7b87e6aabb9a",
    },
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny-mnist")
}

/// A data set named `folder` over the fixture files, downloading from `mirrors`.
fn tiny(folder: &str, mirrors: Vec<String>) -> DataSet {
    let mirrors: Vec<&'static str> = mirrors.into_iter().map(|m| &*m.leak()).collect();
    DataSet {
        folder: folder.to_string().leak(),
        files: FILES,
        mirrors: mirrors.leak(),
        system_dirs: &[],
        ignored_members: &[],
    }
}

/// A data home whose `folder/` holds copies of the fixture files.
fn home_with_fixture(folder: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    for file in FILES {
        std::fs::copy(fixture_dir().join(file.name), dir.join(file.name)).unwrap();
    }
    home
}

/// Serves `dir`'s files over HTTP on 127.0.0.1 for `requests` requests; returns the base URL.
fn serve(dir: PathBuf, requests: usize) -> String {
    serve_part(dir, requests, 1.0)
}

/// Like [`serve`], but each response announces the whole file and then sends only its first
/// `fraction` before closing the connection.
fn serve_part(dir: PathBuf, requests: usize, fraction: f64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            answer(stream.unwrap(), &dir, fraction);
        }
    });
    base
}

/// Answers one HTTP GET for a file of `dir`, sending the first `fraction` of its body.
fn answer(mut stream: TcpStream, dir: &Path, fraction: f64) {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    reader.read_line(&mut request_line).unwrap();
    let mut header = String::new();
    while reader.read_line(&mut header).unwrap() > 2 {
        header.clear();
    }
    let name = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .trim_start_matches('/');
    match std::fs::read(dir.join(name)) {
        Ok(body) => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .unwrap();
            let sent = (body.len() as f64 * fraction) as usize;
            // The client may hang up first when the body is cut short.
            let _ = stream.write_all(&body[..sent]);
        }
        Err(_) => {
            write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
        }
    }
}

/// Like [`serve`], for any number of requests, each on its own thread; until two requests have
/// been open at the same time, each waits (up to 10 s) for another before it is answered, so
/// that two clients started together are sure to download at the same time. Returns the base
/// URL and the most requests seen open at once.
fn serve_two_at_once(dir: PathBuf) -> (String, Arc<(Mutex<(usize, usize)>, Condvar)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    // (requests open now, most open at once)
    let open = Arc::new((Mutex::new((0usize, 0usize)), Condvar::new()));
    let shared = Arc::clone(&open);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let (dir, open) = (dir.clone(), Arc::clone(&shared));
            std::thread::spawn(move || {
                let (counts, changed) = &*open;
                {
                    let mut counts = counts.lock().unwrap();
                    counts.0 += 1;
                    counts.1 = counts.1.max(counts.0);
                    changed.notify_all();
                    let _ = changed
                        .wait_timeout_while(counts, Duration::from_secs(10), |c| c.1 < 2)
                        .unwrap();
                }
                answer(stream.unwrap(), &dir, 1.0);
                counts.lock().unwrap().0 -= 1;
            });
        }
    });
    (base, open)
}

/// Asserts that `dir` holds the data set's files and nothing else (no temporary leftovers).
fn assert_only_the_files_in(dir: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = FILES.iter().map(|f| f.name.to_string()).collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "only the verified files, no temporary leftovers"
    );
}

/// A URL where nothing listens.
fn dead_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[test]
fn loads_from_the_named_data_home() {
    let home = home_with_fixture("tiny-a");
    let data = load_images(&tiny("tiny-a", vec![]), Some(home.path())).unwrap();
    assert_eq!(data.x_train.dim(), (6, 784));
    assert_eq!(data.y_train.to_vec(), vec![5, 0, 4, 1, 9, 2]);
    assert_eq!(data.x_test.dim(), (3, 784));
    assert_eq!(data.y_test.to_vec(), vec![7, 2, 1]);
    // Pixel 1 of training image 0 is (1*7 + 13) % 256, as the fixture script wrote it.
    assert_eq!(data.x_train[[0, 1]], 20.0);
    assert_eq!(
        data.target_names,
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    );
}

#[test]
fn loading_twice_shares_one_copy() {
    let home = home_with_fixture("tiny-b");
    let first = load_images(&tiny("tiny-b", vec![]), Some(home.path())).unwrap();
    let second = load_images(&tiny("tiny-b", vec![]), Some(home.path())).unwrap();
    assert!(std::ptr::eq(first, second));
}

#[test]
fn accepts_decompressed_files() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("tiny-c");
    std::fs::create_dir_all(&dir).unwrap();
    for file in FILES {
        let gz = std::fs::read(fixture_dir().join(file.name)).unwrap();
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut raw).unwrap();
        std::fs::write(dir.join(file.name.trim_end_matches(".gz")), raw).unwrap();
    }
    let data = load_images(&tiny("tiny-c", vec![]), Some(home.path())).unwrap();
    assert_eq!(data.y_test.to_vec(), vec![7, 2, 1]);
}

#[test]
fn a_damaged_file_is_reported_with_its_path_and_the_fix() {
    let home = home_with_fixture("tiny-d");
    let damaged = home.path().join("tiny-d/t10k-labels-idx1-ubyte.gz");
    std::fs::write(&damaged, b"not gzip at all").unwrap();
    let err = load_images(&tiny("tiny-d", vec![]), Some(home.path())).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::CorruptData { .. }), "{text}");
    assert!(text.contains(&damaged.display().to_string()), "{text}");
    assert!(
        text.contains("delete it") || text.contains("Delete the file"),
        "{text}"
    );
}

#[test]
fn a_checksum_mismatch_is_an_error() {
    let home = home_with_fixture("tiny-e");
    // A valid gzip file with other content: the checksum, not the parser, must catch it.
    std::fs::copy(
        fixture_dir().join("train-labels-idx1-ubyte.gz"),
        home.path().join("tiny-e/t10k-labels-idx1-ubyte.gz"),
    )
    .unwrap();
    let text = load_images(&tiny("tiny-e", vec![]), Some(home.path()))
        .unwrap_err()
        .to_string();
    assert!(text.contains("SHA-256"), "{text}");
    assert!(
        text.contains("e10ef6244367a3de9d78e7174bfb1f9fab743509b5c56243b2dd7b87e6aabb9a"),
        "{text}"
    );
}

#[test]
fn missing_files_offline_name_the_files_and_the_directory() {
    let home = tempfile::tempdir().unwrap();
    let err = load_images(&tiny("tiny-f", vec![dead_url()]), Some(home.path())).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::DataUnavailable { .. }), "{text}");
    for file in FILES {
        assert!(text.contains(file.name), "{text}");
    }
    assert!(
        text.contains(&home.path().join("tiny-f").display().to_string()),
        "{text}"
    );
    assert!(text.contains("HANDSON_DATA"), "{text}");
}

#[test]
fn missing_files_are_downloaded_verified_and_moved_into_place() {
    let home = tempfile::tempdir().unwrap();
    let base = serve(fixture_dir(), FILES.len());
    let data = load_images(&tiny("tiny-g", vec![base]), Some(home.path())).unwrap();
    assert_eq!(data.y_train.to_vec(), vec![5, 0, 4, 1, 9, 2]);
    assert_only_the_files_in(&home.path().join("tiny-g"));
}

#[test]
fn a_download_with_the_wrong_content_is_not_kept() {
    let home = tempfile::tempdir().unwrap();
    // A server whose every file has the wrong content: serve a directory where the names hold
    // the training labels.
    let wrong = tempfile::tempdir().unwrap();
    for file in FILES {
        std::fs::copy(
            fixture_dir().join("train-labels-idx1-ubyte.gz"),
            wrong.path().join(file.name),
        )
        .unwrap();
    }
    let base = serve(wrong.path().to_path_buf(), 1);
    let text = load_images(&tiny("tiny-h", vec![base]), Some(home.path()))
        .unwrap_err()
        .to_string();
    assert!(text.contains("SHA-256"), "{text}");
    let left: Vec<_> = std::fs::read_dir(home.path().join("tiny-h"))
        .unwrap()
        .collect();
    assert!(
        left.is_empty(),
        "nothing half-verified stays behind: {left:?}"
    );
}

#[test]
fn a_missing_data_home_is_created_for_the_download() {
    let parent = tempfile::tempdir().unwrap();
    let home = parent.path().join("not/yet/there");
    let base = serve(fixture_dir(), FILES.len());
    let data = load_images(&tiny("tiny-j", vec![base]), Some(&home)).unwrap();
    assert_eq!(data.y_train.to_vec(), vec![5, 0, 4, 1, 9, 2]);
    for file in FILES {
        assert!(
            home.join("tiny-j").join(file.name).is_file(),
            "{}",
            file.name
        );
    }
}

#[test]
fn loaders_running_at_once_both_get_the_verified_files() {
    let home = tempfile::tempdir().unwrap();
    let loaders: Vec<_> = (0..2)
        .map(|_| {
            let base = serve(fixture_dir(), FILES.len());
            let home = home.path().to_path_buf();
            std::thread::spawn(move || load_images(&tiny("tiny-k", vec![base]), Some(&home)))
        })
        .collect();
    for loader in loaders {
        let data = loader.join().unwrap().unwrap();
        assert_eq!(data.y_train.to_vec(), vec![5, 0, 4, 1, 9, 2]);
    }
    assert_only_the_files_in(&home.path().join("tiny-k"));
}

/// Set in the two child processes of the test below: `<base URL> <data home>`.
const LOADER_CHILD: &str = "HANDSON_TEST_LOADER_CHILD";

#[test]
fn loaders_in_two_processes_both_get_the_verified_files() {
    if let Ok(job) = std::env::var(LOADER_CHILD) {
        // This process is one of the two loaders the test started.
        let (base, home) = job.split_once(' ').unwrap();
        let data = load_images(&tiny("tiny-p", vec![base.into()]), Some(Path::new(home))).unwrap();
        assert_eq!(data.y_train.to_vec(), vec![5, 0, 4, 1, 9, 2]);
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let (base, open) = serve_two_at_once(fixture_dir());
    let test_binary = std::env::current_exe().unwrap();
    let loaders: Vec<_> = (0..2)
        .map(|_| {
            Command::new(&test_binary)
                .args([
                    "--exact",
                    "loaders_in_two_processes_both_get_the_verified_files",
                ])
                .env(LOADER_CHILD, format!("{base} {}", home.path().display()))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for loader in loaders {
        let output = loader.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "a loader process failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(
        open.0.lock().unwrap().1,
        2,
        "the two processes downloaded at the same time"
    );
    assert_only_the_files_in(&home.path().join("tiny-p"));
}

#[test]
fn an_unwritable_data_home_is_an_error_that_says_where_to_put_the_files() {
    // A data home below a regular file can be neither created nor written (by root too).
    let parent = tempfile::tempdir().unwrap();
    let blocker = parent.path().join("a-file");
    std::fs::write(&blocker, b"not a directory").unwrap();
    let home = blocker.join("data");
    let base = serve(fixture_dir(), FILES.len());
    let err = load_images(&tiny("tiny-q", vec![base]), Some(&home)).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::DataUnavailable { .. }), "{text}");
    assert!(
        text.contains(&home.join("tiny-q").display().to_string()),
        "{text}"
    );
    assert!(text.contains("cannot create"), "{text}");
    assert!(text.contains("a data home you can write to"), "{text}");
    assert!(text.contains("HANDSON_DATA"), "{text}");
    assert_eq!(
        std::fs::read(&blocker).unwrap(),
        b"not a directory",
        "the file is untouched"
    );
}

#[test]
fn a_read_only_data_home_that_holds_the_files_is_only_read() {
    use std::os::unix::fs::PermissionsExt;
    let home = home_with_fixture("tiny-r");
    let dir = home.path().join("tiny-r");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let modified = |name: &str| {
        std::fs::metadata(dir.join(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before: Vec<_> = FILES.iter().map(|f| modified(f.name)).collect();
    let data = load_images(&tiny("tiny-r", vec![dead_url()]), Some(home.path()));
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(data.unwrap().y_test.to_vec(), vec![7, 2, 1]);
    let after: Vec<_> = FILES.iter().map(|f| modified(f.name)).collect();
    assert_eq!(before, after, "no file was rewritten");
    assert_only_the_files_in(&dir);
}

#[test]
fn a_download_cut_short_is_an_error_and_leaves_nothing_behind() {
    let home = tempfile::tempdir().unwrap();
    let base = serve_part(fixture_dir(), 1, 0.5);
    let text = load_images(&tiny("tiny-i", vec![base]), Some(home.path()))
        .unwrap_err()
        .to_string();
    assert!(text.contains("train-images-idx3-ubyte.gz"), "{text}");
    assert!(text.contains("download interrupted"), "{text}");
    let left: Vec<_> = std::fs::read_dir(home.path().join("tiny-i"))
        .unwrap()
        .collect();
    assert!(
        left.is_empty(),
        "nothing half-downloaded stays behind: {left:?}"
    );
}

#[test]
fn the_data_home_is_the_argument_then_the_environment_then_the_cache() {
    // The only test that touches HANDSON_DATA, so no other test sees it change.
    let explicit = Path::new("/somewhere/else");
    assert_eq!(data_home(Some(explicit)).unwrap(), explicit);
    let saved = std::env::var_os("HANDSON_DATA");
    unsafe { std::env::set_var("HANDSON_DATA", "/from/env") };
    assert_eq!(data_home(None).unwrap(), PathBuf::from("/from/env"));
    assert_eq!(data_home(Some(explicit)).unwrap(), explicit);
    unsafe { std::env::remove_var("HANDSON_DATA") };
    assert!(data_home(None).unwrap().ends_with("handson"));
    if let Some(value) = saved {
        unsafe { std::env::set_var("HANDSON_DATA", value) };
    }
}
