"""Whatever comes in, accord returns an article or says clearly what it could not read, and never crashes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import accord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NEWSY = st.lists(
    st.sampled_from([
        "Jakarta", "JAKARTA", "-", "–", "Indonesia", "dan", "and", "Vietnam", "signed", "a", "MoU", "(", ")", "“", "”",
        '"', "said", "kata", "Minister", "Menteri", "Rudy", "K.", "Wirawan", "on", "Rabu", "(17/3/2031)", "10", "May",
        "2023", "Rp95,000", "92%", "ASEAN", "Summit", ".", ",", "\n", "\n\n", "Read more:", "Ã©", "â€™", "\u200b",
        "𝑺𝒕𝒂𝒚", "Kementerian", "of", "the", "Ministry", "Foreign", "Affairs", "'s", "’s", "Tiongkok", "US",
    ]),
    max_size=120,
).map(" ".join)


def check_article(a: accord.Article) -> None:
    assert isinstance(a, accord.Article)
    for m in a.mentions:
        assert 0 <= m.start <= m.end <= len(a.text)
        assert a.text[m.start : m.end] == m.text
    for q in a.quotes:
        assert 0 <= q.start <= q.end <= len(a.text)
    for start, end in a.paragraphs:
        assert 0 <= start <= end <= len(a.text)
    d = a.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert json.loads(a.to_json()) == d


def parse_or_accord_error(data: str | bytes) -> None:
    try:
        a = accord.parse(data)
    except accord.AccordError:
        return
    check_article(a)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_any_text(text):
    parse_or_accord_error(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes(data):
    parse_or_accord_error(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
def test_news_like_text(text):
    parse_or_accord_error(text)


@pytest.mark.parametrize(
    "data",
    [
        "",
        "   \n\t \n ",
        "Jakarta\x00 signed\x00\x00 the MoU.",
        b"\xc3\x28 broken \x80\x81 bytes \xe2\x82",
        "JAKARTA - Indonesia and Vietnam signed an MoU.".encode("utf-16"),
        "JAKARTA - Indonesia and Vietnam signed an MoU.".encode("utf-16-le"),
        "JAKARTA - Indonesia and Vietnam signed an MoU.".encode("utf-16-be"),
    ],
    ids=["empty", "whitespace", "nul", "invalid-utf8", "utf16-bom", "utf16le", "utf16be"],
)
def test_bad_inputs_give_an_article(data):
    a = accord.parse(data)
    check_article(a)
    assert "\x00" not in a.text
    if isinstance(data, bytes) and data[:2] in (b"\xff\xfe", b"\xfe\xff", b"J\x00", b"\x00J"):
        assert "Indonesia and Vietnam" in a.text


def test_huge_article_is_a_clear_error_and_the_batch_goes_on():
    big = "Indonesia and Vietnam agreed. " * (100 * 1024 * 1024 // 30)  # about 100 MB
    corpus = accord.parse_many(["Small story about Jakarta.", big], sources=["small", "huge"], errors="record")
    assert [a.source for a in corpus] == ["small"]
    (err,) = corpus.errors
    assert err.source == "huge" and err.kind == "input" and "limit" in err.message


def test_long_line_without_spaces():
    check_article(accord.parse("x" * (10 * 1024 * 1024)))


def test_many_capitalised_words_in_a_row():
    words = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]
    check_article(accord.parse(" ".join(words[i % 5] for i in range(100_000))))


def test_deeply_nested_html(tmp_path: Path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + "JAKARTA - Indonesia and Japan agreed." + "</div>" * 100_000
                    + "</body></html>")
    (a,) = accord.read(page)
    assert "Indonesia and Japan agreed" in a.text


def test_repeated_runs_are_identical():
    texts = [p.read_text(encoding="utf-8") for p in sorted(accord.sample_path().glob("*.txt"))] * 3
    first = [a.to_json() for a in accord.parse_many(texts, workers=2)]
    assert first == [a.to_json() for a in accord.parse_many(texts, workers=2)]
    assert first == [a.to_json() for a in accord.parse_many(texts, workers=8)]


def test_batches_from_several_python_threads():
    texts = [p.read_text(encoding="utf-8") for p in sorted(accord.sample_path().glob("*.txt"))] * 4
    want = [a.to_json() for a in accord.parse_many(texts, workers=1)]
    results: list[list[str]] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            results.append([a.to_json() for a in accord.parse_many(texts)])
        except BaseException as e:  # pragma: no cover - reported below
            failures.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert results == [want] * 4


def test_other_python_threads_run_during_a_batch():
    texts = ["JAKARTA - Indonesia and Vietnam signed an MoU on Wednesday, the minister said. " * 200] * 200
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    try:
        before = ticks
        accord.parse_many(texts)
        during = ticks - before
    finally:
        stop.set()
        t.join()
    assert during > 10, "the batch held the GIL"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_interrupts_a_long_batch():
    script = textwrap.dedent(
        """
        import sys, accord
        texts = ["JAKARTA - Indonesia and Vietnam signed an MoU, the minister said. " * 300] * 50000
        print("started", flush=True)
        try:
            accord.parse_many(texts)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(3)
        print("finished", flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "started"
    time.sleep(1.0)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    waited = time.monotonic() - sent
    assert proc.returncode == 3, (out, err)
    assert "interrupted" in out
    assert waited < 5, f"took {waited:.1f}s to stop"


def run_script_alone(script: str, hung: str) -> tuple[int, str, str]:
    """Run `script` in a Python of its own, in a session of its own so that a hung child takes its own children
    (a pool's workers) down with it; a run that does not end in two minutes fails the test with `hung`."""
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"{hung}: {err}")
    return proc.returncode, out, err


@pytest.mark.parametrize(
    "call", ["accord.parse(TEXT)", "accord.parse_many([TEXT] * 100)", "list(accord.iter_batches(folder, batch_size=20))"]
)
def test_exit_while_a_daemon_thread_parses(call: str, tmp_path: Path):
    # A script may end while a daemon thread is still calling into the core: the process ends as Python's does,
    # rather than aborting when the thread comes back for the GIL as the interpreter shuts down.
    folder = tmp_path / "articles"
    folder.mkdir()
    text = "JAKARTA - Indonesia and Vietnam signed an MoU, the minister said. " * 20
    (folder / "a.jsonl").write_text("\n".join(json.dumps({"text": text}) for _ in range(100)), encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import threading, time, accord
        TEXT = {text!r}
        folder = {str(folder)!r}

        def loop():
            while True:
                {call}

        threading.Thread(target=loop, daemon=True).start()
        time.sleep(0.3)
        print("leaving", flush=True)
        """
    )
    code, out, err = run_script_alone(script, "the exit waited forever")
    assert code == 0 and out.strip() == "leaving", (code, out, err)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_forked_workers_parse_like_the_parent():
    # multiprocessing forks on Linux: a pool forked at once after the import (while the models are being built),
    # then one forked after the parent parsed in batches (its worker threads do not exist in a child), must both
    # give what the parent gives, not wait forever.
    script = textwrap.dedent(
        """
        import multiprocessing, accord
        TEXTS = ["JAKARTA - Indonesia and Vietnam signed an MoU on digital trade, Minister Rudy Wirawan said.",
                 "Menteri Luar Negeri Tiongkok bertemu Presiden Korea Selatan di Seoul pada Rabu (17/3/2031)."]

        def labels(text):
            return [(m.label, m.text) for m in accord.parse(text).mentions]

        def batch_labels(text):
            return [[(m.label, m.text) for m in a.mentions] for a in accord.parse_many([text] * 40)]

        if __name__ == "__main__":
            fork = multiprocessing.get_context("fork")
            with fork.Pool(2) as pool:
                early = pool.map(labels, TEXTS)
            mine = [labels(t) for t in TEXTS]
            mine_batch = [batch_labels(t) for t in TEXTS]
            with fork.Pool(2) as pool:
                late = pool.map(labels, TEXTS)
                late_batch = pool.map(batch_labels, TEXTS)
            assert early == mine and late == mine, (early, late, mine)
            assert late_batch == mine_batch
            assert all(len(b) == 40 and b[0] == m for b, m in zip(mine_batch, mine)) and any(mine)
            print("same", flush=True)
        """
    )
    code, out, err = run_script_alone(script, "a forked worker waited forever")
    assert code == 0 and out.strip() == "same", (out, err)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_a_batch_iterator_opened_before_a_fork_says_so_in_the_child(tmp_path: Path):
    # Its batch under way is parsed by the parent's workers, which the child does not have: it would wait forever.
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps({"text": f"Menteri {i} bertemu pejabat di Jakarta."}) for i in range(30)), encoding="utf-8"
    )
    script = textwrap.dedent(
        f"""
        import multiprocessing, accord
        BATCHES = accord.iter_batches({str(tmp_path)!r}, batch_size=10)

        def first_batch(_):
            try:
                return len(next(BATCHES))
            except accord.OptionError as e:
                return str(e)

        if __name__ == "__main__":
            with multiprocessing.get_context("fork").Pool(1) as pool:
                print(pool.map(first_batch, [0])[0], flush=True)
            print([len(b) for b in BATCHES], flush=True)
        """
    )
    code, out, err = run_script_alone(script, "the child waited forever")
    assert code == 0, err
    child, parent = out.strip().splitlines()
    assert "opened in another process" in child
    assert parent == "[10, 10, 10]"


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_directory_without_permission_is_reported():
    # Root reads every directory, so the read runs in a child that gives up root after importing accord.
    import shutil
    import tempfile

    top = Path(tempfile.mkdtemp(prefix="accord-perm-", dir="/tmp"))
    try:
        top.chmod(0o755)
        (top / "ok.txt").write_text("JAKARTA - story.")
        (top / "ok.txt").chmod(0o644)
        locked = top / "locked"
        locked.mkdir()
        (locked / "a.txt").write_text("JAKARTA - story.")
        locked.chmod(0)
        script = textwrap.dedent(
            f"""
            import os, accord
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            corpus = accord.read({str(top)!r}, errors="record")
            print(len(corpus))
            for e in corpus.errors:
                print(e.kind, e.source, e.message)
            """
        )
        res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, res.stderr
        lines = res.stdout.splitlines()
        assert lines[0] == "1"
        assert lines[1].startswith("io ") and "locked" in lines[1] and "permission denied" in lines[1]
    finally:
        (top / "locked").chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)


# Without a mark, UTF-16 is recognised by its byte pattern: zero bytes (Latin) or one block's number in every other
# byte (Thai, Cyrillic, Greek...). Han text in UTF-16 without a mark has no such pattern and needs the mark.
@pytest.mark.parametrize("text", ["ประเทศไทยและอินโดนีเซียลงนามความร่วมมือ", "Россия и Индонезия подписали", "Jakarta, 10 Mei"])
def test_utf16_without_a_mark_in_other_scripts(text):
    for codec in ("utf-16-le", "utf-16-be"):
        assert accord.parse(text.encode(codec)).text == text


def test_a_binary_pattern_is_not_utf16():
    with pytest.raises(accord.InputError, match="binary"):
        accord.parse(bytes([0, 1, 2, 3]) * 64)
