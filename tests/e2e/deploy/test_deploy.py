"""deploy/: the wheel, the image, the launchers and schedulers, all checked against the real CLI.

Every scheduler file (Airflow DAG, CronJob, systemd, cron, runner flag files, Flex Template) is
turned into the exact argv it would start, and that argv is parsed by newsbeam's own argument
parser, so none of them can drift from the CLI. Tools that are not project dependencies (Airflow,
hadolint, systemd-analyze) are used when present; `make deploy-check` provides them and sets
NEWSBEAM_DEPLOY_CHECK=1, which turns their skips into failures.
"""

import ast
import configparser
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from apache_beam.options.pipeline_options import PipelineOptions
from packaging.requirements import Requirement

from pipeline.cli.main import _parser
from pipeline.cli.main import main as cli_main
from tests.support.job_service import job_service
from tests.support.paths import ROOT, SEEDS
from tests.support.tools import tool

DEPLOY = ROOT / "deploy"
RUN_DATE = "2026-11-22"
sys.path.insert(0, str(DEPLOY))
import launch  # noqa: E402  (deploy/launch.py is a script, not a package)

# The project's dependencies as installed (pip install -e . reads them from pyproject.toml).
DEPENDENCIES = [
    r
    for r in map(Requirement, metadata.requires("newsbeam") or [])
    if not r.marker or "extra" not in str(r.marker)
]
BEAM_VERSION = next(
    str(r.specifier).removeprefix("==") for r in DEPENDENCIES if r.name == "apache-beam"
)


def parse_cli(argv: list[str]):
    """newsbeam's own parser on ``argv``; fails on flags Beam would not know either."""
    args, beam_args = _parser().parse_known_args(argv)
    assert args.command == "run"
    unknown = unknown_beam_flags(beam_args)
    assert not unknown, f"flags neither newsbeam nor Beam knows: {unknown}"
    return args, beam_args


def unknown_beam_flags(flags: list[str]) -> list[str]:
    known = set(PipelineOptions([]).get_all_options())
    names = [f.partition("=")[0].removeprefix("--") for f in flags if f.startswith("--")]
    return [n for n in names if n not in known]


def argv_of_shell(command: str, tmp_path: Path, *, env: dict = (), program="newsbeam") -> list:
    """Run ``command`` in /bin/sh with ``program`` replaced by a script that prints its argv."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    dump = fake_bin / "newsbeam"
    dump.write_text(f"#!{sys.executable}\nimport json, sys\nprint(json.dumps(sys.argv[1:]))\n")
    dump.chmod(0o755)
    command = command.replace(program, str(dump)) if program != "newsbeam" else command
    full_env = {"PATH": f"{fake_bin}:/usr/bin:/bin", **dict(env)}
    out = subprocess.run(
        ["/bin/sh", "-c", command], env=full_env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def today_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


# --- packaging ----------------------------------------------------------------------------------


def _dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text()


def _wheel_stage_copies() -> list[str]:
    """Sources of the COPY lines in the Dockerfile's wheel stage."""
    stage = _dockerfile().split("AS wheel", 1)[1].split("\nFROM ", 1)[0]
    return [line.split()[1] for line in stage.splitlines() if line.startswith("COPY ")]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from exactly what the Dockerfile copies into its wheel stage."""
    src = tmp_path_factory.mktemp("wheel-src")
    for name in _wheel_stage_copies():
        for part in name.split():
            path = ROOT / part.rstrip("/")
            if path.is_dir():
                shutil.copytree(path, src / path.name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(path, src / path.name)
    dist = src / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, src],
        check=True,
        capture_output=True,
    )
    [whl] = dist.glob("newsbeam-*.whl")
    return whl


def test_wheel_holds_every_module_the_taxonomy_and_the_default_config(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"configs/default.yaml", "configs/taxonomy/iptc-mediatopics.yaml"} <= names
    lexicons = {str(p.relative_to(ROOT)) for p in (ROOT / "configs" / "lexicons").glob("*.yaml")}
    assert len(lexicons) == 13 and lexicons <= names  # the topic lexicons ship in the package
    for package in ("pipeline", "transforms", "configs"):
        for module in (ROOT / package).rglob("*.py"):
            assert str(module.relative_to(ROOT)) in names, f"{module} missing from the wheel"
    [entry] = [n for n in names if n.endswith("entry_points.txt")]
    assert "newsbeam = pipeline.cli.entry:entry" in zipfile.ZipFile(wheel).read(entry).decode()


def test_dockerfile_base_matches_the_beam_pin_and_copies_what_exists():
    text = _dockerfile()
    assert f"ARG BEAM_IMAGE=apache/beam_python3.11_sdk:{BEAM_VERSION}\n" in text
    assert 'ENTRYPOINT ["/opt/apache/beam/boot"]' in text
    assert "FLEX_TEMPLATE_PYTHON_PY_FILE=/opt/newsbeam/launch.py" in text
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for line in text.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            for src in line.split()[1:-1]:
                assert (ROOT / src).exists(), src
                assert src.rstrip("/") in allowed, f"{src} is excluded by Dockerfile.dockerignore"


def test_dockerfile_lints_clean_with_hadolint():
    hadolint = tool("NEWSBEAM_HADOLINT", "hadolint")
    result = subprocess.run([hadolint, str(DEPLOY / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_worker_requirements_pin_every_project_dependency_within_its_range():
    pins = {}
    for line in (DEPLOY / "requirements-worker.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned: {line}"
            assert name not in pins, f"pinned twice: {name}"
            pins[name] = version
    assert pins["apache-beam"] == BEAM_VERSION
    for req in DEPENDENCIES:
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"{name} is not in requirements-worker.txt"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} outside {req.specifier}"
    assert "google-cloud-storage" in pins  # the gcp extra: workers read and write gs://


# --- launchers ----------------------------------------------------------------------------------


def test_launch_maps_launcher_flags_onto_the_cli():
    argv = launch.to_cli_args(
        [
            "--input=gs://b/crawl/*",
            "--output=gs://b/out",
            f"--run_date={RUN_DATE}",
            "--runner=DataflowRunner",
            "--project=p",
        ]
    )
    args, beam_args = parse_cli(argv)
    assert (args.input, args.output, args.run_date) == (["gs://b/crawl/*"], "gs://b/out", RUN_DATE)
    assert beam_args == ["--runner=DataflowRunner", "--project=p"]


def test_launch_fetches_the_config_through_beam_filesystems(tmp_path):
    config = tmp_path / "my.yaml"
    config.write_text("filter:\n  min_words: 7\n")
    local = Path(launch.fetch_config(str(config)))
    assert local != config and local.read_text() == config.read_text()
    local.unlink()
    assert launch._local_config(["run", f"--config={config}"]) == ["run", f"--config={config}"]


def test_flex_template_parameters_are_cli_flags():
    metadata = json.loads((DEPLOY / "dataflow" / "metadata.json").read_text())
    params = {p["name"]: p for p in metadata["parameters"]}
    assert {"input", "output", "run_date"} <= {n for n, p in params.items() if not p["isOptional"]}
    values = {
        "input": "gs://b/c/*",
        "output": "gs://b/o",
        "run_date": RUN_DATE,
        "config": "gs://b/newsbeam.yaml",
        "feeds": "https://example.org/feed.xml",
    }
    for name, param in params.items():
        assert param["label"] and param["helpText"]
        for regex in param.get("regexes", []):
            assert re.match(regex, values[name]), (name, regex)
    args, beam_args = parse_cli(launch.to_cli_args([f"--{n}={values[n]}" for n in params]))
    assert beam_args == []
    assert (args.input, args.output, args.run_date, args.config, args.feeds) == (
        ["gs://b/c/*"],
        "gs://b/o",
        RUN_DATE,
        "gs://b/newsbeam.yaml",
        ["https://example.org/feed.xml"],
    )
    assert not re.match(params["run_date"]["regexes"][0], "22/11/2026")


def test_dataflow_runner_translates_the_pipeline_offline(tmp_path):
    pytest.importorskip("google.cloud.dataflow", reason="needs newsbeam[gcp]")
    sys.path.insert(0, str(DEPLOY / "dataflow"))
    from translate_offline import translate

    image = "europe-docker.pkg.dev/p/newsbeam/worker:test"
    summary = translate(
        out=tmp_path / "job",
        inputs=[f"{SEEDS}/*"],
        output=str(tmp_path / "out"),
        run_date=RUN_DATE,
        flags=[f"--sdk_container_image={image}"],
    )
    job = json.loads((tmp_path / "job" / "job.json").read_text())
    assert job["type"] == "JOB_TYPE_BATCH"
    [pool] = job["environment"]["workerPools"]
    assert {c["containerImage"] for c in pool["sdkHarnessContainerImages"]} == {image}
    from apache_beam.portability.api import beam_runner_api_pb2

    proto = beam_runner_api_pb2.Pipeline.FromString((tmp_path / "job" / "pipeline.pb").read_bytes())
    assert len(proto.components.transforms) == summary["transforms"] > 50
    for stage in (
        "ReadDocuments",
        "ExtractArticles",
        "ClusterNodes",
        "ClassifyTopics",
        "WriteArticles",
        "WriteTables",
        "CommitRun",
    ):
        assert stage in summary["stages"]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.parquet"))


# --- runners ------------------------------------------------------------------------------------


def _flags(name: str) -> list[str]:
    lines = (DEPLOY / "runners" / name).read_text().splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize(
    "name", ["flink.args", "spark.args", "dataflow.args", "portable-local.args"]
)
def test_runner_flag_files_hold_only_flags_beam_knows(name):
    flags = _flags(name)
    args, beam_args = parse_cli(["run", "--input", "x", *flags])
    assert beam_args == flags
    assert PipelineOptions(flags).get_all_options()["runner"] in (
        "PortableRunner",
        "DataflowRunner",
    )


def test_portable_runner_through_a_job_service_writes_the_same_files_as_local(tmp_path):
    """The Flink/Spark path minus the cluster: PortableRunner -> Beam's job service -> workers."""
    service, port = job_service(tmp_path / "job_service.port")
    try:
        flags = [f.replace(":8099", f":{port}") for f in _flags("portable-local.args")]
        common = ["--input", f"{SEEDS}/*", "--run-date", RUN_DATE, "--quiet"]
        assert cli_main(["run", *common, "--output", str(tmp_path / "portable"), *flags]) == 0
    finally:
        service.terminate()
        service.wait(timeout=30)
    assert cli_main(["run", *common, "--output", str(tmp_path / "local")]) == 0
    portable = sorted(
        p.relative_to(tmp_path / "portable") for p in (tmp_path / "portable").rglob("*.parquet")
    )
    local = sorted(
        p.relative_to(tmp_path / "local") for p in (tmp_path / "local").rglob("*.parquet")
    )
    assert portable == local and len(local) >= 4
    for rel in local:
        assert (tmp_path / "portable" / rel).read_bytes() == (tmp_path / "local" / rel).read_bytes()


# --- schedulers ---------------------------------------------------------------------------------

DAG_FILE = DEPLOY / "airflow" / "newsbeam_dag.py"


def _dag_pipeline_options(env: dict) -> dict:
    """PIPELINE_OPTIONS as the DAG file computes it, without Airflow: its own code, run."""
    tree = ast.parse(DAG_FILE.read_text())
    keep = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        or (isinstance(node, ast.Import) and node.names[0].name in ("os", "json"))
        or (isinstance(node, ast.Assign) and node.targets[0].id == "PIPELINE_OPTIONS")
    ]
    namespace: dict = {}
    old = dict(os.environ)
    os.environ.update(env)
    try:
        exec(compile(ast.Module(body=keep, type_ignores=[]), str(DAG_FILE), "exec"), namespace)
    finally:
        os.environ.clear()
        os.environ.update(old)
    return namespace["PIPELINE_OPTIONS"]


def _beam_provider_args(options: dict) -> list[str]:
    """What the Beam provider's beam_options_to_args makes of str / list / None values."""
    args = []
    for key, value in options.items():
        if isinstance(value, list):
            args += [f"--{key}={v}" for v in value]
        elif value is not None:
            args.append(f"--{key}={value}")
    return args


def test_dag_command_line_parses_with_the_cli():
    compile(DAG_FILE.read_text(), str(DAG_FILE), "exec")
    options = _dag_pipeline_options(
        {
            "NEWSBEAM_INPUT": "gs://b/a/*,gs://b/b/*",
            "NEWSBEAM_OUTPUT": "gs://b/out",
            "NEWSBEAM_CONFIG": "/etc/newsbeam.yaml",
            "NEWSBEAM_BEAM_OPTIONS": '{"project": "p"}',
        }
    )
    rendered = {
        k: (v.replace("{{ ds }}", RUN_DATE) if isinstance(v, str) else v)
        for k, v in options.items()
    }
    argv = launch.to_cli_args(["--runner=DirectRunner", *_beam_provider_args(rendered)])
    args, beam_args = parse_cli(argv)
    assert args.input == ["gs://b/a/*", "gs://b/b/*"]
    assert (args.output, args.config, args.run_date) == (
        "gs://b/out",
        "/etc/newsbeam.yaml",
        RUN_DATE,
    )
    assert beam_args == ["--runner=DirectRunner", "--project=p"]
    assert options["run-date"] == "{{ ds }}"


_AIRFLOW_RUN = textwrap.dedent(
    """
    import json, sys
    from airflow.dag_processing.dagbag import DagBag
    bag = DagBag(dag_folder=sys.argv[1])
    assert not bag.import_errors, bag.import_errors
    dag = bag.dags["newsbeam_daily"]
    task = dag.get_task("newsbeam_run")
    task.render_template_fields({"ds": sys.argv[2]})
    task.execute({"ds": sys.argv[2]})
    print(json.dumps({"max_active_runs": dag.max_active_runs, "options": task.pipeline_options}))
    """
)


def test_dag_imports_in_airflow_and_its_task_runs_the_pipeline(tmp_path):
    airflow_python = tool("NEWSBEAM_AIRFLOW_PYTHON", "airflow-python")
    env = {
        **os.environ,
        "NEWSBEAM_INPUT": f"{SEEDS}/*",
        "NEWSBEAM_OUTPUT": str(tmp_path / "out"),
        "NEWSBEAM_PYTHON": sys.executable,
        "AIRFLOW_HOME": str(tmp_path / "airflow"),
    }
    result = subprocess.run(
        [airflow_python, "-c", _AIRFLOW_RUN, str(DAG_FILE.parent), RUN_DATE],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["max_active_runs"] == 1
    assert report["options"]["run-date"] == RUN_DATE
    manifest = json.loads(next((tmp_path / "out" / "_runs").glob("*.json")).read_text())
    assert manifest["run_date"] == RUN_DATE and manifest["balanced"]
    assert list(
        (tmp_path / "out" / "articles").glob(f"ingest_date={RUN_DATE}/language=*/*.parquet")
    )


def test_cronjob_is_utc_never_concurrent_and_runs_the_cli(tmp_path):
    doc = yaml.safe_load((DEPLOY / "k8s" / "cronjob.yaml").read_text())
    assert (doc["apiVersion"], doc["kind"]) == ("batch/v1", "CronJob")
    spec = doc["spec"]
    assert spec["timeZone"] in ("Etc/UTC", "UTC")
    assert spec["concurrencyPolicy"] == "Forbid"
    assert len(spec["schedule"].split()) == 5
    pod = spec["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["restartPolicy"] in ("Never", "OnFailure")
    [container] = pod["containers"]
    assert container["image"] and container["name"]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert container["command"][:2] == ["/bin/sh", "-c"]
    for run_date, expected in (("", today_utc()), ("2026-11-21", "2026-11-21")):
        argv = argv_of_shell(container["args"][0], tmp_path, env={**env, "RUN_DATE": run_date})
        args, beam_args = parse_cli(argv)
        assert args.run_date == expected and beam_args == []
        assert args.input == [env["NEWSBEAM_INPUT"]] and args.output == env["NEWSBEAM_OUTPUT"]
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert str(Path(args.config).parent) in mounts


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def _systemd_exec(line: str, instance: str) -> str:
    """ExecStart as systemd hands it to the program: specifiers and $$ resolved."""
    return line.replace("%i", instance).replace("%%", "%").replace("$$", "$")


@pytest.mark.parametrize(
    "unit,instance,expected",
    [
        ("newsbeam.service", "", None),
        ("newsbeam@.service", "2026-11-21", "2026-11-21"),
    ],
)
def test_systemd_units_run_the_cli_for_an_explicit_day(unit, instance, expected, tmp_path):
    service = _unit(unit)
    assert service["Service"]["Type"] == "oneshot"
    [_, _, script] = _systemd_exec(service["Service"]["ExecStart"], instance).split(" ", 2)
    script = script.strip("'")
    env = {"NEWSBEAM_INPUT": "/data/crawl/*.warc.gz", "NEWSBEAM_OUTPUT": "/data/newsbeam"}
    argv = argv_of_shell(script, tmp_path, env=env, program="/opt/newsbeam/venv/bin/newsbeam")
    args, beam_args = parse_cli(argv)
    assert args.run_date == (expected or today_utc())
    assert (args.input, args.output, beam_args) == (["/data/crawl/*.warc.gz"], "/data/newsbeam", [])


def test_systemd_timer_is_daily_in_utc_and_units_verify(tmp_path):
    timer = _unit("newsbeam.timer")["Timer"]
    assert timer["OnCalendar"].endswith(" UTC") and timer["Unit"] == "newsbeam.service"
    analyze = tool("NEWSBEAM_SYSTEMD_ANALYZE", "systemd-analyze")
    for name in ("newsbeam.service", "newsbeam.timer", "newsbeam@.service"):
        shutil.copy(DEPLOY / "systemd" / name, tmp_path / name)
    shutil.copy(tmp_path / "newsbeam@.service", tmp_path / "newsbeam@2026-11-21.service")
    result = subprocess.run(
        [
            analyze,
            "verify",
            "--man=no",
            *(
                str(tmp_path / n)
                for n in ("newsbeam.service", "newsbeam.timer", "newsbeam@2026-11-21.service")
            ),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "newsbeam" not in result.stderr, result.stderr


def test_cron_line_takes_a_lock_and_passes_todays_utc_date(tmp_path):
    lines = (DEPLOY / "cron" / "newsbeam.cron").read_text().splitlines()
    assert "CRON_TZ=UTC" in lines
    [entry] = [line for line in lines if line and line[0].isdigit()]
    minute, hour, dom, month, dow, user, command = entry.split(None, 6)
    assert (dom, month, dow) == ("*", "*", "*") and user == "newsbeam"
    assert command.startswith("flock -n /var/lock/newsbeam.lock ")
    assert "%" not in command.replace("\\%", "")  # cron turns a bare % into a newline
    command = command.replace("\\%", "%").removeprefix("flock -n /var/lock/newsbeam.lock ")
    command = command.split(" >>", 1)[0]
    argv = argv_of_shell(command, tmp_path, program="/opt/newsbeam/venv/bin/newsbeam")
    args, beam_args = parse_cli(argv)
    assert args.run_date == today_utc() and beam_args == []
