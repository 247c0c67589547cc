"""A paragraph that ends with a closing quotation mark ends a sentence, whichever marks the
language uses: „...“ (German), «...» and »...« (French, Swiss, German books), 「...」 (Japanese)."""

import pytest

from transforms.extract.paragraph_text import text_features


@pytest.mark.parametrize(
    "text",
    [
        "Der Bürgermeister sagte am Montag: „Die Brücke bleibt bis zum Sommer gesperrt.“",
        "Le maire a déclaré lundi : « Le pont restera fermé jusqu'à l'été. »",
        "Der Präsident der Schulbehörde sagte: «Wir bauen zwei neue Schulhäuser.»",
        "Die Direktorin schrieb im Brief: »Der Unterricht beginnt wieder am Montag.«",
        "市長は月曜日に「橋は夏まで閉鎖される」",
        "The mayor said on Monday: “The bridge stays closed until the summer.”",
    ],
)
def test_a_quote_at_the_end_ends_the_sentence(text):
    assert text_features(text, 12)["sentence_end"] == 1.0


@pytest.mark.parametrize("text", ["Mehr zum Thema", "Lesen Sie auch: „Die Brücke", "Foto: dpa"])
def test_a_heading_or_an_open_quote_does_not(text):
    assert text_features(text, 4)["sentence_end"] == 0.0
