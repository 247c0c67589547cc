"""Beam's own job service (the Flink/Spark job server's part, offline) for PortableRunner runs."""

import subprocess
import sys
import time
from pathlib import Path


def job_service(port_file: Path) -> tuple:
    """Beam's job service on a port the kernel chooses (``--port 0``): ``(process, port)``, once
    it listens. It writes the port to ``port_file`` only when it listens (a rename: never half a
    number), so no other process can take the port between choosing and listening."""
    service = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apache_beam.runners.portability.local_job_service_main",
            "--port",
            "0",
            "--port_file",
            str(port_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not port_file.exists():
        if service.poll() is not None or time.monotonic() > deadline:
            service.kill()
            raise AssertionError(f"job service did not listen (exit status {service.wait()})")
        time.sleep(0.1)
    return service, int(port_file.read_text())
