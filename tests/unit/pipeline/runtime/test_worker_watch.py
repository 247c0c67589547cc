"""How a lost worker is described, from the error Beam's worker thread raises."""

from pipeline.runtime.worker_watch import describe_exit, lost_message


def test_a_signal_is_named_and_an_exit_code_given():
    assert describe_exit(RuntimeError("Worker subprocess exited with return code -9")) == (
        "killed by SIGKILL"
    )
    assert describe_exit(RuntimeError("Worker subprocess exited with return code 1")) == (
        "exit code 1"
    )
    assert describe_exit(OSError("no such file")) == "its thread failed: no such file"


def test_the_message_says_what_to_do():
    text = lost_message(RuntimeError("Worker subprocess exited with return code -9"))
    assert text.startswith("a worker process ended during the run (killed by SIGKILL;")
    assert "fewer --workers" in text
