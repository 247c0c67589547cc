"""Pipeline options and the start-up speed-ups in pipeline/options.py."""

import gc

import apache_beam as beam
import pytest
from apache_beam.coders import VarIntCoder
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import userstate
from apache_beam.transforms.timeutil import TimeDomain

from pipeline.options import make_options, make_runner, memoize_dofn_specs

_COUNT = userstate.ReadModifyWriteStateSpec("count", VarIntCoder())
_FLUSH = userstate.TimerSpec("flush", TimeDomain.WATERMARK)


class _Counting(beam.DoFn):
    def process(self, kv, count=beam.DoFn.StateParam(_COUNT), flush=beam.DoFn.TimerParam(_FLUSH)):
        seen = (count.read() or 0) + 1
        count.write(seen)
        yield kv[0], seen

    @userstate.on_timer(_FLUSH)
    def on_flush(self):
        return []


class _Plain(beam.DoFn):
    def process(self, x):
        yield x


@pytest.fixture(scope="module", autouse=True)
def _memo():
    memoize_dofn_specs()


def test_memoized_specs_are_beams_answer_and_a_fresh_copy_each_time():
    compute = userstate.get_dofn_specs.uncached
    for fn in (_Counting(), _Plain(), beam.transforms.core.CallableWrapperDoFn(len)):
        first = userstate.get_dofn_specs(fn)
        assert first == compute(fn)
        again = userstate.get_dofn_specs(fn)
        assert again == first
        assert again[0] is not first[0] and again[1] is not first[1]
    assert userstate.get_dofn_specs(_Counting()) == ({_COUNT}, {_FLUSH})
    assert userstate.is_stateful_dofn(_Counting()) and not userstate.is_stateful_dofn(_Plain())


def test_memo_forgets_a_dofn_that_is_gone_and_installs_once():
    memo = userstate.get_dofn_specs.memo
    fn = _Plain()
    userstate.get_dofn_specs(fn)
    assert id(fn) in memo
    key = id(fn)
    del fn
    gc.collect()
    assert key not in memo
    installed = userstate.get_dofn_specs
    memoize_dofn_specs()
    assert userstate.get_dofn_specs is installed


def test_stateful_dofn_still_runs_with_the_memo():
    options = make_options([])
    p = beam.Pipeline(runner=make_runner(options), options=options)
    counts = p | beam.Create([("a", 1), ("b", 1), ("a", 2)]) | beam.ParDo(_Counting())
    assert_that(counts, equal_to([("a", 1), ("a", 2), ("b", 1)]))
    p.run().wait_until_finish()
