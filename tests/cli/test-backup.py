#!/usr/bin/python3
"""kaizenctl backup create / verify / restore: a restored database gives the
same reports as the original; a damaged or foreign zip is refused with a
clear message and the target is left exactly as it was.  Prints TAP.

Usage: test-backup.py KAIZENCTL   (under tests/pg/with-pg-server for the
team-server restore)
SPDX-License-Identifier: GPL-3.0-or-later
"""
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import traceback
import zipfile

KAIZENCTL = os.path.abspath(sys.argv[1])
TMP = tempfile.mkdtemp(prefix="kaizen-backup-")
ENV = dict(os.environ, XDG_DATA_HOME=os.path.join(TMP, "xdg-data"), LC_ALL="C.UTF-8")
PG = os.environ.get("KAIZEN_TEST_PG")

tests = []


def test(fn):
    tests.append(fn)
    return fn


def run(*args):
    p = subprocess.run([KAIZENCTL, *args], capture_output=True, text=True, env=ENV, timeout=300)
    return p.returncode, p.stdout, p.stderr


def path(name):
    return os.path.join(TMP, name)


def sha(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def rows_of(db_path):
    """Every row of every table, sorted: what the database holds, byte for byte."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    out = {}
    for (table,) in db.execute("SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                               "ORDER BY name"):
        out[table] = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{table}"'))
    schema = sorted(r for r in db.execute("SELECT type, name, sql FROM sqlite_schema"))
    db.close()
    return schema, out


REPORTS = [["evaluation", "list", "--json"],
           ["person", "list", "--json"],
           ["rubric", "list", "--json"],
           ["report", "coverage", "--from", "2020-01-01", "--to", "2030-12-31", "--json"],
           ["leniency", "--from", "2020-01-01", "--to", "2030-12-31", "--json"],
           ["calibration", "trends", "--json"],
           ["disputes", "list", "--json"],
           ["survey", "rounds", "--json"],
           ["ideas", "list", "--json"]]


def reports(db, strip_ids=False):
    out = []
    for verb in REPORTS:
        rc, text, err = run(*verb, "--database", db)
        assert rc == 0, (verb, err)
        data = json.loads(text)
        if strip_ids:
            data = without_ids(data)
        out.append((verb[0] + " " + verb[1], data))
    return out


# Keys that hold a row's own id or another row's.
REFERENCES = {"id", "evaluation", "interaction", "session"}


def without_ids(data):
    """Ids are the target's own after a copy (kz_store_copy); everything else must match."""
    if isinstance(data, dict):
        return {k: without_ids(v) for k, v in data.items() if k not in REFERENCES and not k.endswith("_id")}
    if isinstance(data, list):
        return sorted((without_ids(v) for v in data), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(data, float):
        # The database sums in row order, and a copy's rows have new ids: the
        # last bits of a sum may differ, the figure does not.
        return round(data, 9)
    return data


SOURCE = path("source.db")
BACKUP = path("source.zip")


def setup():
    rc, out, err = run("demo", "--database", SOURCE, "--seed", "5")
    assert rc == 0, err
    rc, out, err = run("backup", "create", BACKUP, "--database", SOURCE, "--json")
    assert rc == 0, err
    return json.loads(out)


MANIFEST = None


@test
def backup_holds_manifest_and_database():
    global MANIFEST
    MANIFEST = setup()
    with zipfile.ZipFile(BACKUP) as z:
        assert z.namelist() == ["manifest.json", "kaizen.db"], z.namelist()
        manifest = json.loads(z.read("manifest.json"))
        db = z.read("kaizen.db")
    assert manifest["format"] == "kaizen-backup" and manifest["format_version"] == 1, manifest
    assert manifest["database"] == {"name": "kaizen.db", "size": len(db), "sha256": hashlib.sha256(db).hexdigest()}
    con = sqlite3.connect(f"file:{SOURCE}?mode=ro", uri=True)
    schema = con.execute("PRAGMA user_version").fetchone()[0]
    con.close()
    assert manifest["schema_version"] == schema == MANIFEST["schema_version"], (manifest, schema)
    # No half-written ".part" file stays behind.
    assert not os.path.exists(BACKUP + ".part")


@test
def restore_into_new_file_gives_identical_data_and_reports():
    target = path("restored/kaizen.db")          # the folder does not exist yet
    rc, out, err = run("backup", "restore", BACKUP, "--database", target)
    assert rc == 0, err
    assert rows_of(target) == rows_of(SOURCE)
    assert reports(target) == reports(SOURCE)
    # Nothing left over beside it but the database (SQLite may keep -wal/-shm of an open file: none is open).
    assert sorted(os.listdir(os.path.dirname(target))) == ["kaizen.db"], os.listdir(os.path.dirname(target))


@test
def restore_into_empty_file_gives_identical_reports():
    target = path("empty.db")
    open(target, "wb").close()
    rc, out, err = run("backup", "restore", BACKUP, "--database", target)
    assert rc == 0, err
    assert reports(target, strip_ids=True) == reports(SOURCE, strip_ids=True)


@test
def restore_never_overwrites_data():
    target = path("has-data.db")
    rc, out, err = run("demo", "--database", target, "--seed", "6")
    assert rc == 0, err
    before = sha(target)
    rc, out, err = run("backup", "restore", BACKUP, "--database", target)
    assert rc == 1 and "holds data" in err, (rc, err)
    assert sha(target) == before


@test
def restore_into_team_server():
    assert PG, "run under tests/pg/with-pg-server"
    import random
    from urllib.parse import quote
    name = f"kz_backup_{os.getpid()}_{random.randrange(1 << 30)}"
    subprocess.run(["psql", PG, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    password = dict(kv.split("=", 1) for kv in PG.split())["password"]
    uri = (f"postgresql://postgres:{quote(password, safe='')}@/{name}"
           f"?host={quote(os.environ['KAIZEN_TEST_PG_DIR'], safe='')}")
    rc, out, err = run("server", "init", uri)
    assert rc == 0, err
    rc, out, err = run("backup", "restore", BACKUP, "--database", uri)
    assert rc == 0, err
    for verb in (["evaluation", "list", "--json"], ["person", "list", "--json"], ["rubric", "list", "--json"],
                 ["disputes", "list", "--json"]):
        a = without_ids(json.loads(run(*verb, "--database", SOURCE)[1]))
        b = without_ids(json.loads(run(*verb, "--database", uri)[1]))
        assert a and a == b, verb
    # A team server itself is backed up with pg_dump, and kaizenctl says so.
    rc, out, err = run("backup", "create", path("server.zip"), "--database", uri)
    assert rc == 1 and "pg_dump" in err, (rc, err)
    assert not os.path.exists(path("server.zip"))


def make_zip(name, entries):
    """A zip with @entries [(name, bytes)] in that order."""
    p = path(name)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in entries:
            z.writestr(entry, data)
    return p


def original():
    with zipfile.ZipFile(BACKUP) as z:
        return json.loads(z.read("manifest.json")), z.read("kaizen.db")


def manifest_for(db, **changes):
    m, _ = original()
    m["database"] = {"name": "kaizen.db", "size": len(db), "sha256": hashlib.sha256(db).hexdigest()}
    m.update(changes)
    return json.dumps(m).encode()


def damaged_backups():
    m, db = original()
    raw = open(BACKUP, "rb").read()
    out = []

    out.append(("not-a-zip.zip", None, b"PK? this is a text file, not an archive\n", "damaged"))
    out.append(("truncated.zip", None, raw[: len(raw) // 2], "damaged"))
    # One byte of the compressed database flipped: the zip's CRC or inflate fails.
    flipped = bytearray(raw)
    flipped[len(raw) // 2] ^= 0xFF
    out.append(("flipped.zip", None, bytes(flipped), "damaged"))
    out.append(("no-manifest.zip", [("kaizen.db", db)], None, "no manifest.json"))
    out.append(("no-database.zip", [("manifest.json", json.dumps(m).encode())], None, "no kaizen.db"))
    out.append(("database-first.zip", [("kaizen.db", db), ("manifest.json", json.dumps(m).encode())], None,
                "no manifest.json"))
    out.append(("extra-entry.zip", [("manifest.json", json.dumps(m).encode()), ("kaizen.db", db),
                                    ("../../etc/passwd", b"x")], None, "which no Kaizen backup has"))
    out.append(("manifest-not-json.zip", [("manifest.json", b"{not json"), ("kaizen.db", db)], None,
                "not valid JSON"))
    out.append(("wrong-format.zip", [("manifest.json", manifest_for(db, format="zip-of-something")),
                                     ("kaizen.db", db)], None, "format"))
    out.append(("newer-format.zip", [("manifest.json", manifest_for(db, format_version=99)), ("kaizen.db", db)],
                None, "newer Kaizen"))
    out.append(("newer-schema.zip", [("manifest.json", manifest_for(db, schema_version=9999)), ("kaizen.db", db)],
                None, "newer Kaizen"))
    # The database changed after the manifest was written: the checksum tells.
    changed = bytearray(db)
    changed[len(db) // 3] ^= 0x01
    out.append(("checksum.zip", [("manifest.json", json.dumps(m).encode()), ("kaizen.db", bytes(changed))], None,
                "SHA-256"))
    out.append(("short.zip", [("manifest.json", json.dumps(m).encode()), ("kaizen.db", db[:-4096])], None,
                "bytes; its manifest says"))
    # A consistent manifest around something that is not a database at all.
    junk = b"SQLite format 3\x00" + b"\x07" * 8192
    out.append(("not-a-database.zip", [("manifest.json", manifest_for(junk)), ("kaizen.db", junk)], None,
                "the database inside"))
    return out


@test
def damaged_backups_refused_target_unchanged():
    existing = path("existing-empty.db")
    open(existing, "wb").close()
    for name, entries, raw, expect in damaged_backups():
        if entries is not None:
            zip_path = make_zip(name, entries)
        else:
            zip_path = path(name)
            with open(zip_path, "wb") as f:
                f.write(raw)

        rc, out, err = run("backup", "verify", zip_path)
        assert rc == 1 and expect in err and zip_path in err, (name, rc, err)
        assert "\n" not in err.rstrip("\n"), (name, err)     # one line, no crash dump

        # Into a new file: no file appears, nothing is left in the folder.
        folder = path("new-" + name.replace(".zip", ""))
        os.makedirs(folder)
        rc, out, err = run("backup", "restore", zip_path, "--database", os.path.join(folder, "kaizen.db"))
        assert rc == 1 and expect in err, (name, rc, err)
        assert os.listdir(folder) == [], (name, os.listdir(folder))

        # Into an existing empty database: not a byte changes.
        before = sha(existing)
        rc, out, err = run("backup", "restore", zip_path, "--database", existing)
        assert rc == 1 and expect in err, (name, rc, err)
        assert sha(existing) == before, name


@test
def verify_prints_the_manifest():
    rc, out, err = run("backup", "verify", BACKUP, "--json")
    assert rc == 0, err
    m, db = original()
    shown = json.loads(out)
    assert shown["sha256"] == hashlib.sha256(db).hexdigest() and shown["size"] == len(db), shown
    assert shown["schema_version"] == m["schema_version"]
    rc, out, err = run("backup", "verify", path("does-not-exist.zip"))
    assert rc == 1 and "no backup" in err, err


def main():
    print(f"1..{len(tests)}")
    failed = 0
    for i, fn in enumerate(tests, 1):
        try:
            fn()
            print(f"ok {i} {fn.__name__}")
        except Exception:
            failed += 1
            print(f"not ok {i} {fn.__name__}")
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
