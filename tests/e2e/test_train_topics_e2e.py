"""`newsbeam train-topics` as a user runs it (its own process) on multilingual JSON Lines, then a
run with the model, topics read back from the Parquet output: one model for every language, and
one model per language. Articles and training texts written for this test."""

import json

import pytest

from tests.support.cli import newsbeam, run_files_with_config
from tests.support.tables import query

SPORT, ECONOMY = "medtop:15000000", "medtop:04000000"

TRAINING = {
    ("de", SPORT): [
        "Die Mannschaft gewann das Spiel im Stadion, der Trainer lobte den Torhüter.",
        "Der Stürmer traf zweimal, die Fans feierten den Sieg in der Liga.",
        "Nach dem Abpfiff jubelten die Spieler über den Aufstieg in die erste Liga.",
    ],
    ("de", ECONOMY): [
        "Die Bank erhöhte den Zins, die Aktien an der Börse fielen deutlich.",
        "Der Konzern meldete mehr Umsatz und Gewinn, die Anleger kauften Aktien.",
        "Die Inflation stieg, die Preise für Energie und Mieten trieben die Kosten.",
    ],
    ("es", SPORT): [
        "El equipo ganó el partido en el estadio y el entrenador elogió al portero.",
        "El delantero marcó dos goles y la afición celebró la victoria en la liga.",
        "Los jugadores celebraron el ascenso tras el pitido final del árbitro.",
    ],
    ("es", ECONOMY): [
        "El banco subió los tipos de interés y las acciones cayeron en la bolsa.",
        "La empresa aumentó sus ventas y beneficios, los inversores compraron acciones.",
        "La inflación subió por los precios de la energía y de los alquileres.",
    ],
}

ARTICLES = {
    "de-sport.txt": (
        "Der Sieg im Stadion",
        "Die Mannschaft gewann am Samstag das Spiel gegen den Tabellenführer. Der Stürmer traf "
        "in der zweiten Halbzeit, der Torhüter hielt einen Elfmeter, und die Fans feierten den "
        "Sieg noch lange nach dem Abpfiff. Der Trainer lobte die Spieler für ihren Einsatz. "
        "Mit dem Sieg bleibt der Verein in der Liga oben, das nächste Spiel ist am Mittwoch.",
    ),
    "es-economia.txt": (
        "La bolsa cae tras la subida de tipos",
        "Las acciones cayeron el martes en la bolsa después de que el banco central subiera los "
        "tipos de interés. Los inversores temen que la inflación y los precios de la energía "
        "reduzcan los beneficios de las empresas, que esperan menos ventas este año. "
        "Los analistas creen que el banco volverá a subir los tipos antes del verano.",
    ),
}


def _train(tmp_path, *extra) -> tuple:
    labelled = tmp_path / "labelled.jsonl"
    with labelled.open("w", encoding="utf-8") as fh:
        for (language, label), texts in TRAINING.items():
            for k, text in enumerate(texts):
                row = {"language": language, "label": label, "title": f"{k}", "text": text}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    model = tmp_path / "model.json"
    proc = newsbeam("train-topics", str(labelled), "--out", str(model), "--folds", "2",
                    "--min-count", "1", *extra)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return model, json.loads(model.read_text(encoding="utf-8"))


def _run(tmp_path, model) -> list:
    files = {name: f"{title}\n\n{text}\n" for name, (title, text) in ARTICLES.items()}
    out = run_files_with_config(tmp_path, files, f"topics:\n  model: {model}\n")
    return query(out, "SELECT language, topic, topic_model, title FROM articles ORDER BY language")


@pytest.mark.parametrize("per_language", [False, True], ids=["one-model", "per-language"])
def test_train_topics_on_multilingual_data_and_run_with_the_model(tmp_path, per_language):
    extra = ("--language-column", "language") if per_language else ()
    model, stored = _train(tmp_path, *extra)
    if per_language:
        assert sorted(stored["models"]) == ["de", "es"]
    got = _run(tmp_path, model)
    suffix = (lambda lang: f":{lang}") if per_language else (lambda lang: "")
    assert [(r[0], r[1], r[2]) for r in got] == [
        ("de", SPORT, f"{stored['model_id']}{suffix('de')}"),
        ("es", ECONOMY, f"{stored['model_id']}{suffix('es')}"),
    ]
