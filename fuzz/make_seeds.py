"""Writes the fuzz targets' seed inputs into fuzz/seeds/<target>/ from the real data sets.

    python3 fuzz/make_seeds.py DATA_HOME

Seeds are small (at most a few KB, as libFuzzer's default -max_len is 4096): the tiny MNIST
fixture's labels and a cut of its images, a few lines of Titanic's train.csv, and three emails of
the SpamAssassin corpus (plain text, multipart with HTML, and encoded), alone and as tar archives.
"""

import bz2
import gzip
import io
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "tests" / "fixtures" / "tiny-mnist"


def write(target, name, data):
    folder = HERE / "seeds" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def pick_emails(archive, count=3, limit=2500):
    """Small emails of the archive: the first plain one, the first multipart, the first encoded."""
    wanted = {
        "plain": lambda b: b"multipart" not in b.lower(),
        "multipart": lambda b: b"multipart/alternative" in b.lower() and b"text/html" in b.lower(),
        "encoded": lambda b: b"quoted-printable" in b.lower() or b"base64" in b.lower(),
    }
    found = {}
    with tarfile.open(archive, "r:bz2") as tar:
        for member in tar:
            if not member.isfile() or member.size > limit:
                continue
            body = tar.extractfile(member).read()
            for kind, test in wanted.items():
                if kind not in found and test(body):
                    found[kind] = (member.name, body)
            if len(found) == count:
                break
    return found


def main():
    data_home = Path(sys.argv[1])
    labels = gzip.decompress((FIXTURE / "train-labels-idx1-ubyte.gz").read_bytes())
    images = gzip.decompress((FIXTURE / "train-images-idx3-ubyte.gz").read_bytes())
    write("idx", "labels", bytes([1]) + labels)
    two_images = images[:4] + (2).to_bytes(4, "big") + images[8:16] + images[16 : 16 + 2 * 784]
    write("idx", "images", bytes([3]) + two_images)

    lines = (data_home / "titanic" / "train.csv").read_bytes().splitlines(keepends=True)
    write("csv", "titanic-head", b"".join(lines[:12]))

    emails = {}
    for archive in ("20030228_spam.tar.bz2", "20030228_easy_ham.tar.bz2"):
        for kind, found in pick_emails(data_home / "spamassassin" / archive).items():
            emails.setdefault(kind, found)
    for kind, (_, body) in emails.items():
        write("email", kind, body)

    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w", format=tarfile.GNU_FORMAT) as tar:
        tar.addfile(tarfile.TarInfo("spam/"), None)
        for name, body in list(emails.values())[:2]:
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    write("tar_gz", "two-emails", gzip.compress(packed.getvalue(), mtime=0))
    write("tar_bz2", "two-emails", bz2.compress(packed.getvalue()))


if __name__ == "__main__":
    main()
