"""The stage base: a stage written as its ``process`` alone counts, rejects and fails the way
every stage does, in a real pipeline on the in-process runner."""

import apache_beam as beam
from apache_beam.testing.util import assert_that, equal_to

from tests.support.articles import article
from tests.support.pipelines import counters
from transforms.core.dead_letters import apply_stage, clip_message, clip_traceback
from transforms.core.stage_fn import StageFn


class _ShoutFn(StageFn):
    """Keeps texts it can shout, rejects the quiet ones, fails on the broken ones."""

    namespace = "shout"

    def process(self, item):
        self.seen()
        self.measure("chars", len(item.text))
        if item.text == "boom":
            raise ValueError("x" * 5000)
        if item.text.islower():
            yield self.kept(item.text.upper())
        else:
            yield self.reject(item, "not_lower", f"{item.text!r} has capitals", word_count=1)


def test_a_stage_counts_rejects_and_fails_through_the_base(runner):
    items = [article("a", "hello"), article("b", "Quiet"), article("c", "boom")]
    p = beam.Pipeline(runner=runner)
    out = apply_stage(p | beam.Create(items), "Shout", _ShoutFn(), stage="shout")
    assert_that(out.main, equal_to(["HELLO"]), label="Main")
    rejected = out.rejected | beam.Map(
        lambda r: (r.doc_id, r.stage, r.reason, r.detail, r.word_count)
    )
    assert_that(
        rejected, equal_to([("b", "shout", "not_lower", "'Quiet' has capitals", 1)]), label="Rej"
    )
    errors = out.errors | beam.Map(
        lambda r: (r.doc_id, r.stage, r.error_type, len(r.error_message))
    )
    assert_that(errors, equal_to([("c", "shout", "ValueError", 2000)]), label="Err")
    result = p.run()
    result.wait_until_finish()
    assert counters(result, "shout") == {"seen": 3, "kept": 1, "dropped_not_lower": 1}


def test_the_errors_table_limits():
    assert clip_message("m" * 3000) == "m" * 2000
    trace = "".join(f"line {i}\n" for i in range(2000))
    assert clip_traceback(trace).endswith("line 1999\n") and len(clip_traceback(trace)) == 8000
