"""YAML files a user names (config, taxonomy, lexicons) load in bounded time and memory: an
alias bomb, an alias inside itself, a value nested too deep and a file that never ends are
refused with the line, before anything walks the document."""

import os
import threading
import time

import pytest
import yaml

from pipeline.config.settings import ConfigError, load_settings
from tests.support.hostile_yaml import laughs
from transforms.core import bounded_yaml
from transforms.core.bounded_yaml import bounded_loader, read_yaml_text
from transforms.read.paths import NotRegularFileError
from transforms.topics.taxonomy import TaxonomyError, load_taxonomy

LOADER = bounded_loader(yaml.SafeLoader)


def test_aliases_a_user_writes_still_load():
    text = "langs: &l [en, de]\nlanguage: {allowed: *l}\nagain: *l\n"
    assert yaml.load(text, Loader=LOADER)["again"] == ["en", "de"]


def test_an_alias_bomb_is_refused_before_it_is_built():
    """PyYAML alone loads it (shared lists); what walks it then took 9 GB and hung."""
    with pytest.raises(yaml.YAMLError, match=r"aliases \(\*name\) expand to 490,329,036 more"):
        yaml.load(f"language:\n  allowed: {laughs()}\n", Loader=LOADER)


@pytest.mark.parametrize(
    "text, message",
    [
        ("input: &a [*a]\n", "line 1, column 8"),  # the anchored value
        ("catalog: &a {x: *a}\n", "refers to the value that holds it"),
        ("x: " + "[" * 100 + "]" * 100 + "\n", "nested more than 64 levels deep"),
    ],
)
def test_a_self_holding_or_too_deep_value_is_refused_with_its_line(text, message):
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.load(text, Loader=LOADER)
    assert message in str(caught.value)


def test_a_file_over_the_cap_is_read_up_to_the_cap(tmp_path):
    big = tmp_path / "big.log"
    with big.open("wb") as handle:
        handle.truncate((1 << 20) + 1)  # sparse: a MB of zeros on no disk
    with pytest.raises(yaml.YAMLError, match="more than 1 MB: not a YAML settings file"):
        read_yaml_text(big, limit=1 << 20)


def test_a_device_is_refused_without_being_read():
    """A FIFO too (it hung in ``open``): tests/e2e/test_config_errors.py, in a process."""
    with pytest.raises(NotRegularFileError, match="a character device, not a regular file"):
        read_yaml_text("/dev/zero")


@pytest.mark.parametrize(
    "text, message",
    [
        (f"language:\n  allowed: {laughs()}\n", "(an alias bomb?): write the values out"),
        ("write:\n  iceberg:\n    catalog: &a {x: *a}\n", "refers to the value that holds it"),
        ("input: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deep for a settings file"),
    ],
)
def test_a_hostile_config_is_a_config_error(tmp_path, text, message):
    """Before: 9 GB and a hang (bomb), exit 1 with a RecursionError (self-holding, deep)."""
    cfg = tmp_path / "c.yaml"
    cfg.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_settings(str(cfg))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_config_or_taxonomy_naming_a_device_is_refused_not_read_to_the_end():
    """Before: ``--config /dev/zero`` grew to 20 GB until the kernel killed it."""
    device = "cannot be read: a character device, not a regular file"
    with pytest.raises(ConfigError, match=f"config file /dev/zero {device}"):
        load_settings("/dev/zero")
    with pytest.raises(TaxonomyError, match=f"taxonomy file /dev/zero {device}"):
        load_taxonomy("/dev/zero")


def test_a_taxonomy_alias_bomb_is_a_taxonomy_error(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(f"name: bomb\ntopics: {laughs()}\n")
    with pytest.raises(TaxonomyError, match="alias bomb"):
        load_taxonomy(str(path))


def _fifo_with_writer(tmp_path, chunks, pause_s):
    fifo = tmp_path / "c.fifo"
    os.mkfifo(fifo)

    def write():
        try:
            with open(fifo, "wb") as handle:  # waits for the reader
                for chunk in chunks:
                    handle.write(chunk)
                    handle.flush()
                    time.sleep(pause_s)
        except BrokenPipeError:  # the reader gave up: what the stall test wants
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return fifo, thread


def test_a_pipe_is_read_to_its_end(tmp_path):
    fifo, thread = _fifo_with_writer(tmp_path, [b"filter:\n", b"  min_words: 40\n"], 0.2)
    assert read_yaml_text(fifo) == "filter:\n  min_words: 40\n"
    thread.join(5)


def test_a_pipe_whose_writer_stalls_is_a_timeout(tmp_path):
    fifo, _ = _fifo_with_writer(tmp_path, [b"filter:\n", b"  min_words: 40\n"], 3.0)
    with pytest.raises(TimeoutError, match="nothing more came from the pipe"):
        bounded_yaml._read_pipe(fifo, 1024, wait_s=0.5)
