#!/usr/bin/env python3
"""Deterministic benchmark dataset for Crossvault, restic and borg (stdlib only).

  gen_dataset.py generate DIR [--size-mib 1024] [--seed 42]
  gen_dataset.py mutate   DIR [--seed 42]            # changes ~5% of the bytes

The same seed and size always give the same tree, byte for byte (and the same mtimes),
so runs on different days compare the same work. The mix, by share of --size-mib:
  15%  many small source-code-like text files (1-16 KiB), nested folders, a few empty
  10%  log-like text files (64 KiB-2 MiB), the ones `mutate` appends to
  25%  medium files (256 KiB-8 MiB): half random (media-like), half low-entropy binary
  40%  a few large files: random stretches mixed with repetitive, slowly varying blocks
  10%  a SQLite database (text, numbers, small blobs)
`mutate` edits in the middle of the large files (insertions and overwrites, so content
shifts), appends to logs, rewrites some rows of the database, adds new small files and
deletes some, for about 5% of the dataset's bytes.
"""

import argparse
import os
import random
import sqlite3
import sys

MIB = 1024 * 1024
BASE_MTIME = 1_700_000_000          # fixed, so a regenerated tree is identical
MUTATE_MTIME = BASE_MTIME + 86_400  # changed files get a later mtime

WORDS = (
    "auto const return if else for while break continue struct class namespace template "
    "typename public private protected virtual override static inline void int size_t bool "
    "true false nullptr std string vector map unordered_map optional result status error "
    "value index count buffer offset length region vault chunk pack object store backup "
    "restore point source target manifest key cipher hash digest stream reader writer "
    "queue worker thread mutex lock guard future promise config option flag path file dir"
).split()
IDENTS = ["m_" + w for w in WORDS[:40]] + [w + "_" + str(i) for i, w in enumerate(WORDS)]
LEVELS = ["DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR"]
COMPONENTS = ["scheduler", "storage.s3", "vault.pack", "catalog", "replication", "http", "agent"]


def set_mtime(path, t=BASE_MTIME):
    os.utime(path, (t, t))


def code_line_pool(rng, n=20000):
    """A pool of source-like lines: files are built from it, so text compresses like code."""
    pool = []
    for _ in range(n):
        indent = "    " * rng.randint(0, 3)
        kind = rng.random()
        a, b, c = rng.choice(IDENTS), rng.choice(IDENTS), rng.choice(WORDS)
        if kind < 0.35:
            line = f"{indent}{c} {a} = {b}({rng.randint(0, 4096)}, {rng.choice(IDENTS)});"
        elif kind < 0.55:
            line = f"{indent}if ({a} != {b}) {{ return {c}::{rng.choice(WORDS)}; }}"
        elif kind < 0.7:
            line = f"{indent}// {' '.join(rng.choices(WORDS, k=rng.randint(3, 12)))}"
        elif kind < 0.85:
            line = f"{indent}for (auto &{a} : {b}) {{ {c}.push_back({a}); }}"
        else:
            line = ""
        pool.append(line)
    return pool


def text_blob(rng, pool, nbytes):
    """About nbytes of lines drawn from pool (exactly nbytes, cut at the end)."""
    lines = rng.choices(pool, k=max(1, nbytes // 40 + 1))
    data = ("\n".join(lines) + "\n").encode()
    while len(data) < nbytes:
        data += data[: nbytes - len(data)]
    return data[:nbytes]


def log_blob(rng, nbytes, start_ts):
    out = []
    size = 0
    ts = start_ts
    while size < nbytes:
        ts += rng.randint(0, 3000)
        line = (
            f"2026-11-{1 + (ts // 86_400_000) % 28:02d}T{(ts // 3_600_000) % 24:02d}:"
            f"{(ts // 60_000) % 60:02d}:{(ts // 1000) % 60:02d}.{ts % 1000:03d}Z "
            f"{rng.choice(LEVELS):5s} [{rng.choice(COMPONENTS)}] "
            f"{rng.choice(WORDS)} {rng.choice(IDENTS)}={rng.randint(0, 1 << 20)} "
            f"job={rng.randint(1, 500)} bytes={rng.randint(0, 1 << 30)} "
            f"{' '.join(rng.choices(WORDS, k=rng.randint(2, 8)))}\n"
        )
        out.append(line)
        size += len(line)
    return "".join(out).encode()[:nbytes], ts


LOW_ENTROPY = bytes((i * 7) % 16 + 0x30 for i in range(256))


def low_entropy_blob(rng, nbytes):
    """Binary data with 16 symbols (compresses about 2:1), like packed tables or raw sensor data."""
    return rng.randbytes(nbytes).translate(LOW_ENTROPY)


def large_blob_writer(rng, f, nbytes, pool):
    """Random stretches alternating with repetitive blocks that vary a little each time."""
    base = text_blob(rng, pool, 256 * 1024)
    written = 0
    while written < nbytes:
        n = min(nbytes - written, rng.randint(2, 12) * MIB)
        if rng.random() < 0.5:
            chunk = rng.randbytes(n)
        else:
            reps = []
            got = 0
            while got < n:
                block = bytearray(base)
                for _ in range(4):
                    pos = rng.randrange(len(block) - 16)
                    block[pos:pos + 16] = rng.randbytes(16)
                reps.append(bytes(block))
                got += len(block)
            chunk = b"".join(reps)[:n]
        f.write(chunk)
        written += n


def write_file(path, data, mtime=BASE_MTIME):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    set_mtime(path, mtime)


def generate(root, size_mib, seed):
    if os.path.exists(root) and os.listdir(root):
        sys.exit(f"gen_dataset: {root} is not empty; give an empty or new folder")
    os.makedirs(root, exist_ok=True)
    rng = random.Random(seed)
    pool = code_line_pool(rng)
    total = size_mib * MIB

    # Small source-like files, nested three levels, plus a few empty files and folders.
    budget = int(total * 0.15)
    i = 0
    while budget > 0:
        n = min(budget, rng.randint(1, 16) * 1024 - rng.randint(0, 1023))
        ext = rng.choice([".cpp", ".h", ".py", ".md", ".json", ".txt"])
        path = os.path.join(root, "src", f"mod{i % 37:02d}", f"pkg{(i // 37) % 11:02d}",
                            f"file_{i:06d}{ext}")
        write_file(path, text_blob(rng, pool, n))
        budget -= n
        i += 1
    for j in range(10):
        write_file(os.path.join(root, "src", "empty", f"empty_{j}.txt"), b"")
    os.makedirs(os.path.join(root, "src", "empty", "empty-dir"), exist_ok=True)

    # Logs.
    budget = int(total * 0.10)
    i = 0
    ts = 0
    while budget > 0:
        n = min(budget, rng.randint(64, 2048) * 1024)
        data, ts = log_blob(rng, n, ts)
        write_file(os.path.join(root, "logs", f"service-{i:03d}.log"), data)
        budget -= n
        i += 1

    # Medium files.
    budget = int(total * 0.25)
    i = 0
    while budget > 0:
        n = min(budget, rng.randint(256, 8192) * 1024)
        if i % 2 == 0:
            write_file(os.path.join(root, "media", f"clip_{i:04d}.bin"), rng.randbytes(n))
        else:
            write_file(os.path.join(root, "tables", f"table_{i:04d}.dat"),
                       low_entropy_blob(rng, n))
        budget -= n
        i += 1

    # Large files: up to four, at least 8 MiB each.
    budget = int(total * 0.40)
    count = max(1, min(4, budget // (8 * MIB)))
    for i in range(count):
        n = budget // count
        path = os.path.join(root, "large", f"disk_{i}.img")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            large_blob_writer(rng, f, n, pool)
        set_mtime(path)

    # SQLite database, about 10% (rows of ~200 bytes).
    make_db(os.path.join(root, "db", "app.sqlite"), rng, pool, int(total * 0.10))

    for d, _, _ in os.walk(root):
        set_mtime(d)


def make_db(path, rng, pool, nbytes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, ts INTEGER, kind TEXT, "
                "body TEXT, payload BLOB)")
    rows = max(1, nbytes // 230)
    batch = []
    for r in range(rows):
        batch.append((r, 1_600_000_000 + r * 7, rng.choice(COMPONENTS),
                      " ".join(rng.choices(pool, k=3))[:160], rng.randbytes(32)))
        if len(batch) == 20000:
            con.executemany("INSERT INTO events VALUES (?,?,?,?,?)", batch)
            batch = []
    if batch:
        con.executemany("INSERT INTO events VALUES (?,?,?,?,?)", batch)
    con.execute("CREATE INDEX events_ts ON events(ts)")
    con.commit()
    con.close()
    set_mtime(path)


def tree_bytes(root):
    total = 0
    for d, _, files in os.walk(root):
        for name in files:
            total += os.path.getsize(os.path.join(d, name))
    return total


def mutate(root, seed):
    """Changes ~5% of the dataset's bytes; deterministic for a given tree and seed."""
    rng = random.Random(seed * 1000 + 5)
    pool = code_line_pool(rng, 2000)
    total = tree_bytes(root)
    changed = 0

    # Large files: ~2.5% of the dataset, as insertions (shift the rest) and overwrites.
    large_dir = os.path.join(root, "large")
    larges = sorted(os.listdir(large_dir)) if os.path.isdir(large_dir) else []
    per_file = int(total * 0.025) // max(1, len(larges))
    for name in larges:
        path = os.path.join(large_dir, name)
        with open(path, "rb") as f:
            data = bytearray(f.read())
        done = 0
        while done < per_file:
            n = min(per_file - done, rng.randint(64, 512) * 1024)
            pos = rng.randrange(len(data) // 4, 3 * len(data) // 4)
            if rng.random() < 0.5:
                data[pos:pos] = rng.randbytes(n)            # insertion in the middle
            else:
                data[pos:pos + n] = rng.randbytes(n)        # overwrite in place
            done += n
        with open(path, "wb") as f:
            f.write(data)
        set_mtime(path, MUTATE_MTIME)
        changed += done

    # Logs: append ~1% in total to a third of them.
    log_dir = os.path.join(root, "logs")
    logs = sorted(os.listdir(log_dir)) if os.path.isdir(log_dir) else []
    chosen = logs[::3]
    per_log = int(total * 0.01) // max(1, len(chosen))
    for name in chosen:
        path = os.path.join(log_dir, name)
        data, _ = log_blob(rng, per_log, 10**9)
        with open(path, "ab") as f:
            f.write(data)
        set_mtime(path, MUTATE_MTIME)
        changed += per_log

    # SQLite: rewrite ~3% of the rows and add a few (a share of its pages change).
    db = os.path.join(root, "db", "app.sqlite")
    if os.path.exists(db):
        con = sqlite3.connect(db)
        (rows,) = con.execute("SELECT COUNT(*) FROM events").fetchone()
        ids = rng.sample(range(rows), max(1, rows // 33))
        con.executemany("UPDATE events SET body=?, payload=? WHERE id=?",
                        [(" ".join(rng.choices(pool, k=3))[:160], rng.randbytes(32), r)
                         for r in ids])
        con.executemany("INSERT INTO events VALUES (?,?,?,?,?)",
                        [(rows + k, 1_700_000_000 + k, "bench", "added by mutate",
                          rng.randbytes(32)) for k in range(rows // 100)])
        con.commit()
        con.close()
        set_mtime(db, MUTATE_MTIME)
        changed += (len(ids) + rows // 100) * 230

    # Small files: delete ~2% of them, add new ones worth ~1% of the dataset.
    small = []
    for d, _, files in os.walk(os.path.join(root, "src")):
        small += [os.path.join(d, f) for f in files if f.startswith("file_")]
    small.sort()
    for path in rng.sample(small, len(small) // 50):
        os.remove(path)
    budget = int(total * 0.01)
    i = 0
    while budget > 0:
        n = min(budget, rng.randint(1, 16) * 1024)
        write_file(os.path.join(root, "src", "new", f"pkg{i % 7}", f"added_{i:05d}.cpp"),
                   text_blob(rng, pool, n), MUTATE_MTIME)
        budget -= n
        changed += n
        i += 1

    print(f"mutate: changed about {changed / MIB:.1f} MiB of {total / MIB:.1f} MiB "
          f"({100.0 * changed / total:.1f}%)")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=["generate", "mutate"])
    p.add_argument("dir")
    p.add_argument("--size-mib", type=int, default=1024)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    if a.action == "generate":
        if a.size_mib < 16:
            sys.exit("gen_dataset: --size-mib must be at least 16")
        generate(a.dir, a.size_mib, a.seed)
        print(f"generate: {tree_bytes(a.dir) / MIB:.1f} MiB in {a.dir}")
    else:
        mutate(a.dir, a.seed)


if __name__ == "__main__":
    main()
