"""DoFns the local-runner tests give their worker processes, which import this module from the
project root (tests/integration/pipeline/runtime/conftest.py sets their PYTHONPATH)."""

from pathlib import Path

import apache_beam as beam

from pipeline.runtime.runner import make_options, make_runner


class FailOn(beam.DoFn):
    def process(self, x):
        if x == 7:
            raise ValueError("bad element 7")
        yield x


def rows_from_workers(tmp_path: Path, workers: int, name: str, dofn: beam.DoFn) -> list:
    """Run ``dofn`` on 0..39 spread over ``workers`` local workers; the rows it yielded."""
    options = make_options([], workers=workers)
    p = beam.Pipeline(runner=make_runner(options), options=options)
    _ = (
        p
        | beam.Create(range(40))
        | beam.Reshuffle()
        | beam.ParDo(dofn)
        | beam.Map(repr)
        | beam.io.WriteToText(str(tmp_path / name))
    )
    p.run().wait_until_finish()
    return [eval(line) for f in sorted(tmp_path.glob(name + "*")) for line in f.open()]
