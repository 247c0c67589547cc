"""``newsbeam query`` stopped by SIGTERM (a scheduler, ``timeout``) or Ctrl-C: it said a run's
"staging and temporary folders were removed", which a query has not. It removes its own spill
folder and ends as the signal would end it, saying nothing."""

import signal
import time

import pytest

from tests.support.cli import DAY1, run_day, start

# Long enough to be running when the signal comes (minutes of hashing), started at once.
_ENDLESS = "SELECT sum(hash(range)) AS s FROM range(100000000000)"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_query_ends_as_the_signal_would_and_says_nothing_of_a_run(tmp_path, signum):
    out = tmp_path / "out"
    assert run_day(out, DAY1).returncode == 0
    query = start("query", str(out), _ENDLESS, "--format", "csv")
    time.sleep(5)  # the query is running: its imports take about 2 s
    query.send_signal(signum)
    stdout, stderr = query.communicate(timeout=60)
    assert (query.returncode, stdout, stderr) == (-signum, "", "")
