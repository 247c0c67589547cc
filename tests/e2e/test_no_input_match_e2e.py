"""An input that matches no file exits 2 with a line saying why and what to do: a folder of
empty folders, a path that does not exist."""

from tests.support.cli import newsbeam


def test_a_folder_of_empty_folders_says_it_holds_no_file(tmp_path):
    (tmp_path / "crawl" / "2026" / "12").mkdir(parents=True)
    (tmp_path / "crawl" / "empty").mkdir()

    done = newsbeam("run", "--input", str(tmp_path / "crawl"), "--output", str(tmp_path / "out"))

    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        f"no input files match '{tmp_path / 'crawl'}': the folder holds no file "
        "(only folders, or links that lead nowhere)"
    )


def test_a_pattern_matching_nothing_says_to_check_the_path(tmp_path):
    pattern = str(tmp_path / "missing" / "*.html")

    done = newsbeam("run", "--input", pattern, "--output", str(tmp_path / "out"))

    assert done.returncode == 2
    assert f"no input files match '{pattern}'; check the path" in done.stderr
