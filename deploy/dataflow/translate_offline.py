"""Translate the newsbeam pipeline with the DataflowRunner offline and write the job description.

Nothing is submitted and nothing is staged: Beam's ``--dry_run`` stops the DataflowRunner after it
has translated the graph, and this script then builds the Dataflow job description (environment,
SDK container image, experiments, the translated pipeline) the way Beam would before staging, and
writes it to a local folder. Fake project, region and buckets are fine; no credentials are used.

    python deploy/dataflow/translate_offline.py --out /tmp/newsbeam-dataflow [--config my.yaml]

Needs ``pip install 'newsbeam[gcp]'`` (apache-beam[gcp]). Prints one line per written file.
"""

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

DEFAULT_FLAGS = [
    "--runner=DataflowRunner",
    "--project=newsbeam-offline",
    "--region=europe-west1",
    "--temp_location=gs://newsbeam-offline/tmp",
    "--staging_location=gs://newsbeam-offline/staging",
    "--job_name=newsbeam-offline-check",
    "--sdk_container_image=europe-docker.pkg.dev/newsbeam-offline/newsbeam/worker:0.1.0",
    "--sdk_location=container",
    "--dry_run=True",
    "--no_auth",
]


def translate(
    *, out: Path, inputs: list[str], output: str, run_date: str, config=None, flags: list[str] = ()
) -> dict:
    """Build the pipeline as ``newsbeam run`` does, translate it for Dataflow, write the job."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions
    from apache_beam.runners.dataflow.internal import apiclient

    from pipeline.cli.main import run_id_for
    from pipeline.config.settings import load_settings
    from pipeline.graph.batch import build_pipeline
    from transforms.sink.schema import SCHEMA_VERSION, RunInfo

    settings = load_settings(config, {"input": inputs, "output": output, "run_date": run_date})
    run = RunInfo(run_id=run_id_for(settings), run_date=settings.run_date)
    manifest = {
        "run_id": run.run_id,
        "run_date": run_date,
        "schema_version": SCHEMA_VERSION,
        "output": output,
        "config": dict(settings.source, run_date=run_date),
    }
    options = PipelineOptions([*DEFAULT_FLAGS, *flags])
    assert options.view_as(StandardOptions).runner == "DataflowRunner"
    pipeline = beam.Pipeline(options=options)
    build_pipeline(pipeline, settings, run, manifest=manifest)
    job = pipeline.run().job  # --dry_run: translated, not submitted
    # What DataflowApplicationClient.create_job_description does, minus the uploads.
    client = apiclient.DataflowApplicationClient(options)
    client._apply_sdk_environment_overrides(
        job.proto_pipeline, client._sdk_image_overrides, options
    )
    serialized = job.proto_pipeline.SerializeToString()
    staging = job.google_cloud_options.staging_location
    job.proto.environment = apiclient.Environment(
        proto_pipeline_staged_url=f"{staging}/pipeline.pb",
        packages=[],
        options=options,
        environment_version=client.environment_version,
        proto_pipeline=job.proto_pipeline,
        pipeline_proto_hash=hashlib.sha256(serialized).hexdigest(),
    ).proto
    out.mkdir(parents=True, exist_ok=True)
    (out / "job.json").write_text(job.json())
    (out / "pipeline.pb").write_bytes(serialized)
    transforms = job.proto_pipeline.components.transforms
    summary = {
        "run_id": run.run_id,
        "transforms": len(transforms),
        "stages": sorted(  # the top-level steps, as labelled in pipeline/graph/batch.py
            transforms[sub].unique_name
            for root in job.proto_pipeline.root_transform_ids
            for sub in transforms[root].subtransforms
        ),
        "environments": {
            key: env.urn for key, env in job.proto_pipeline.components.environments.items()
        },
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="local folder for job.json, pipeline.pb")
    parser.add_argument("--input", action="append", help="input pattern (default: seeds/*)")
    parser.add_argument(
        "--output",
        help="output path written into the job (default: a new local temp folder; a gs:// path "
        "is listed at construction for prior runs' dedup state, which needs credentials)",
    )
    parser.add_argument("--run-date", default="2026-11-22")
    parser.add_argument("--config")
    args, flags = parser.parse_known_args(argv)
    root = Path(__file__).resolve().parents[2]
    summary = translate(
        out=Path(args.out),
        inputs=args.input or [str(root / "seeds" / "*")],
        output=args.output or tempfile.mkdtemp(prefix="newsbeam-df-out-"),
        run_date=args.run_date,
        config=args.config,
        flags=flags,
    )
    for name in ("job.json", "pipeline.pb", "summary.json"):
        print(Path(args.out) / name)
    print(f"{summary['transforms']} transforms, stages: {', '.join(summary['stages'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
