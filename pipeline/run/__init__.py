"""Run handling beyond one batch: the output lock, clean stops, the streaming drivers (micro-batch locally, the Beam graph on Dataflow/Flink)."""
