"""Written cases for benchmarks/dedup.py, held out: never used to choose a rule or a threshold.

Each story (written for this benchmark; the places, people and firms are invented) comes as:

- ``orig``: the article as its outlet published it;
- ``edit`` (a copy): a desk's heavy edit of it: a new lead, sentences cut, two reworded, the
  quotes kept word for word, a closing line of its own;
- ``wire`` (a copy): a wire variant with a changed lead and ending, the body as it was;
- ``teaser`` (a copy): the first two sentences with "Read more";
- ``other`` (a negative): another outlet's own article on the same event, with the same quotes,
  names and numbers but its own words;
- ``update`` (a negative): the next day's story of the same outlet, on what happened since,
  with one background sentence and one quote taken over.
"""

__all__ = ["WRITTEN", "story_cases", "written_cases"]

WRITTEN = [
    {
        "orig": (
            "The regional council of Norhaven voted 31 to 12 on Wednesday to close the Eastbrook "
            "maternity unit by the end of March, despite a petition signed by more than 18,000 "
            "people. Council leader Margit Solberg said the unit had delivered only 240 babies "
            'last year and could no longer be staffed safely. "We cannot run a ward on agency '
            'midwives and goodwill," Solberg told the chamber. Expectant mothers will be sent to '
            "the hospital in Kessby, 64 kilometres away, which will get four new delivery rooms. "
            "Opposition councillor Jonas Ebbe called the decision a betrayal of rural families "
            'and said his party would ask the health ministry to review it. "Nobody in Eastbrook '
            'was asked. We read about it in the papers," he said. Midwives at the unit learned '
            "of the vote from their manager on Wednesday afternoon. The council said no staff "
            "would lose their jobs and that all 22 midwives would be offered posts in Kessby, "
            "with help towards the cost of travel for the first two years."
        ),
        "edit": (
            "Eastbrook will lose its maternity unit in March after Norhaven's regional council "
            "backed the closure by 31 votes to 12. More than 18,000 people had signed a petition "
            "against it. Council leader Margit Solberg said the unit had delivered only 240 "
            'babies last year and could no longer be staffed safely. "We cannot run a ward on '
            'agency midwives and goodwill," Solberg told the chamber. Opposition councillor '
            'Jonas Ebbe called the decision a betrayal of rural families. "Nobody in Eastbrook '
            'was asked. We read about it in the papers," he said. Women due to give birth will '
            "travel to the hospital in Kessby, 64 kilometres away, which will get four new "
            "delivery rooms. The council said no staff would lose their jobs and that all 22 "
            "midwives would be offered posts in Kessby. The health ministry has not commented."
        ),
        "wire": (
            "NORHAVEN (Nordic Wire) - A rural maternity ward is to shut. The regional council of "
            "Norhaven voted 31 to 12 on Wednesday to close the Eastbrook maternity unit by the "
            "end of March, despite a petition signed by more than 18,000 people. Council leader "
            "Margit Solberg said the unit had delivered only 240 babies last year and could no "
            'longer be staffed safely. "We cannot run a ward on agency midwives and goodwill," '
            "Solberg told the chamber. Expectant mothers will be sent to the hospital in Kessby, "
            "64 kilometres away, which will get four new delivery rooms. Opposition councillor "
            "Jonas Ebbe called the decision a betrayal of rural families and said his party "
            'would ask the health ministry to review it. "Nobody in Eastbrook was asked. We read '
            'about it in the papers," he said. Midwives at the unit learned of the vote from '
            "their manager on Wednesday afternoon. (Reporting by Ola Lind; editing by Per Holm)"
        ),
        "other": (
            "Families in Eastbrook say they feel abandoned after councillors in Norhaven agreed "
            "to shut the town's maternity unit this spring. The vote, 31 to 12, came after a "
            "heated two-hour debate in which Margit Solberg, who leads the council, defended the "
            'plan as the only safe option. "We cannot run a ward on agency midwives and '
            'goodwill," she said, pointing to a shortage of permanent staff. Births at the unit '
            "have fallen to 240 a year. For Linnea Strand, who is expecting her second child in "
            "May, the nearest ward will now be in Kessby, an hour's drive on a road that often "
            "closes in winter. Jonas Ebbe of the opposition plans to take the matter to the "
            'health ministry. "Nobody in Eastbrook was asked. We read about it in the papers," '
            "he said. Campaigners, who gathered 18,000 signatures, are planning a march next week."
        ),
        "update": (
            "Hundreds of people marched through Eastbrook on Saturday to protest against the "
            "closure of the town's maternity unit, three days after the regional council of "
            "Norhaven voted 31 to 12 to shut it by the end of March. Organisers put the crowd at "
            "2,000; police said about 1,200 took part. Marchers carried prams and banners reading "
            '"Born in Eastbrook" from the market square to the hospital gates, where local '
            'midwife Siri Aune read out letters from mothers. "We cannot run a ward on agency '
            "midwives and goodwill,\" council leader Margit Solberg had said during Wednesday's "
            "debate. On Friday the health ministry said it had received a formal request for a "
            "review from the opposition and would reply within six weeks. A second petition, "
            "addressed to the ministry, had gathered 4,300 signatures by Saturday evening."
        ),
    },
    {
        "orig": (
            "Shares in Veltris Pharma fell 23 percent on Monday after the company said its "
            "experimental migraine drug VX-410 had failed to beat a placebo in a late-stage "
            "trial of 1,150 patients. Patients taking the drug had 3.1 fewer migraine days a "
            "month, compared with 2.8 fewer days for those on placebo, a difference the company "
            "said was not statistically significant. Chief executive Daniel Osei said Veltris "
            'would study the full data before deciding whether to continue the programme. "This '
            'is not the result we hoped for, and we owe patients a clear answer," Osei said on a '
            "call with analysts. VX-410 was the company's most advanced product and analysts at "
            "Hartmann Bank had forecast peak sales of 900 million euros a year. Veltris has "
            "enough cash to fund its operations into 2028, finance chief Ruth Abara said, and "
            "will cut spending on two early programmes. The company's market value has fallen to "
            "about 1.4 billion euros, less than half of what it was at the start of the year."
        ),
        "edit": (
            "Veltris Pharma's lead drug has failed, and its shares lost nearly a quarter of "
            "their value on Monday. In a late-stage trial of 1,150 patients, those taking the "
            "migraine drug VX-410 had 3.1 fewer migraine days a month, compared with 2.8 fewer "
            "days for those on placebo, a difference the company said was not statistically "
            'significant. "This is not the result we hoped for, and we owe patients a clear '
            'answer," chief executive Daniel Osei said on a call with analysts. Analysts at '
            "Hartmann Bank had forecast peak sales of 900 million euros a year for the drug. "
            "Veltris has enough cash to fund its operations into 2028, finance chief Ruth Abara "
            "said. The company is now worth about 1.4 billion euros. Its shares closed 23 "
            "percent lower."
        ),
        "wire": (
            "FRANKFURT (Market Wire) - Veltris Pharma shares slumped on Monday. Shares in "
            "Veltris Pharma fell 23 percent on Monday after the company said its experimental "
            "migraine drug VX-410 had failed to beat a placebo in a late-stage trial of 1,150 "
            "patients. Patients taking the drug had 3.1 fewer migraine days a month, compared "
            "with 2.8 fewer days for those on placebo, a difference the company said was not "
            "statistically significant. Chief executive Daniel Osei said Veltris would study the "
            'full data before deciding whether to continue the programme. "This is not the '
            'result we hoped for, and we owe patients a clear answer," Osei said on a call with '
            "analysts. VX-410 was the company's most advanced product and analysts at Hartmann "
            "Bank had forecast peak sales of 900 million euros a year. Veltris has enough cash to "
            "fund its operations into 2028. (Writing by Mia Roth; editing by Karl Enge)"
        ),
        "other": (
            "It was meant to be the drug that made Veltris. Instead VX-410, a migraine treatment "
            "the Frankfurt company has worked on for nine years, did little better than sugar "
            "pills in a trial of 1,150 people, and investors wiped 23 percent off the share price "
            'within hours. Daniel Osei, the chief executive, sounded subdued. "This is not the '
            'result we hoped for, and we owe patients a clear answer," he told analysts. The '
            "numbers were close: 3.1 fewer headache days a month on the drug, 2.8 on placebo. "
            "Neurologist Helena Varga, who was not involved in the study, said the placebo "
            "response in migraine trials is often large and hard to beat. Hartmann Bank analysts "
            "had pencilled in 900 million euros of yearly sales. Ruth Abara, the finance chief, "
            "said the cash would last into 2028."
        ),
        "update": (
            "Veltris Pharma will stop developing its migraine drug VX-410 and cut 180 jobs, a "
            "week after the treatment failed to beat a placebo in a late-stage trial of 1,150 "
            "patients. Chief executive Daniel Osei told staff on Tuesday that the company would "
            "focus on two early programmes in sleep disorders and close its research site in "
            'Lindau by the end of the year. "This is not the result we hoped for, and we owe '
            'patients a clear answer," Osei had said when the trial results were published. The '
            "job cuts, about a fifth of the workforce, will save around 40 million euros a year. "
            "Shares rose 4 percent on Tuesday, the first gain since the results. The works "
            "council said it would seek talks on severance terms."
        ),
    },
    {
        "orig": (
            "A landslide blocked the main railway line between Altmark and Rosswald on Thursday "
            "night, stranding about 600 passengers on two trains for more than five hours. "
            "Nobody was hurt. Rail operator Nordbahn said heavy rain had loosened a slope above "
            "the track near the village of Hellern, sending mud and rocks across both lines "
            "shortly after 9 pm. Buses took passengers on to Rosswald in the early hours of "
            'Friday. "The trains stopped in time, and that is what matters," Nordbahn spokesman '
            "Tobias Weil said. Engineers expect the line to stay closed until at least Tuesday "
            "while they clear some 3,000 tonnes of debris and check the slope. Replacement buses "
            "will run every 30 minutes. Passenger group Rail Users North said it was the third "
            'closure on the line this year and called for the slope to be reinforced. "Every '
            'autumn we hear the same promises," its chair Greta Hahn said.'
        ),
        "edit": (
            "Mud and rocks from a landslide near Hellern closed the Altmark to Rosswald railway "
            "late on Thursday, leaving about 600 passengers stuck on two trains for more than "
            'five hours. Nobody was hurt. "The trains stopped in time, and that is what '
            'matters," Nordbahn spokesman Tobias Weil said. Buses took passengers on to Rosswald '
            "in the early hours of Friday. Engineers expect the line to stay closed until at "
            "least Tuesday while they clear some 3,000 tonnes of debris. Rail Users North said "
            'it was the third closure on the line this year. "Every autumn we hear the same '
            'promises," its chair Greta Hahn said. Nordbahn blamed days of heavy rain.'
        ),
        "wire": (
            "ROSSWALD (Rail News) - Passengers spent the night on stranded trains. A landslide "
            "blocked the main railway line between Altmark and Rosswald on Thursday night, "
            "stranding about 600 passengers on two trains for more than five hours. Nobody was "
            "hurt. Rail operator Nordbahn said heavy rain had loosened a slope above the track "
            "near the village of Hellern, sending mud and rocks across both lines shortly after "
            '9 pm. Buses took passengers on to Rosswald in the early hours of Friday. "The trains '
            'stopped in time, and that is what matters," Nordbahn spokesman Tobias Weil said. '
            "Engineers expect the line to stay closed until at least Tuesday while they clear "
            "some 3,000 tonnes of debris and check the slope. Replacement buses will run every "
            "30 minutes. More rain is forecast for the weekend."
        ),
        "other": (
            "For Amira Sandell the journey home from Altmark ended in a dark carriage outside "
            "Hellern, where her train sat for five hours after a slope collapsed onto the tracks "
            "on Thursday night. She was one of roughly 600 people on two trains that halted "
            'just short of the mud. "The trains stopped in time, and that is what matters," '
            "said Tobias Weil, speaking for Nordbahn, which runs the line. Coaches arrived after "
            "2 am. Crews will need until Tuesday at the earliest to shift 3,000 tonnes of earth "
            "and stone. Greta Hahn, who chairs Rail Users North, counted three closures this "
            'year. "Every autumn we hear the same promises," she said. Geologists say the '
            "valley's clay soils are prone to slipping after long rain."
        ),
        "update": (
            "The railway between Altmark and Rosswald reopened on Wednesday morning, six days "
            "after a landslide near Hellern stranded about 600 passengers on two trains. "
            "Nordbahn said engineers had removed 3,400 tonnes of mud and rock and fixed steel "
            "netting to the slope above the track, and that trains would run at reduced speed "
            'through the area for a month. "The trains stopped in time, and that is what '
            'matters," spokesman Tobias Weil had said after the slide. The regional transport '
            "ministry has ordered a survey of 14 other slopes along the line, to be finished by "
            "March. Rail Users North welcomed the survey but said passengers had lost more than "
            "a week of reliable service. The first train left Altmark at 6.12 am, eight minutes "
            "late."
        ),
    },
    {
        "orig": (
            "Harbour City completed the signing of striker Mateo Ferraz from Porto Azul on "
            "Friday for a club record fee of 14 million euros, with a further 3 million in "
            "bonuses. The 24-year-old, who scored 19 goals in 31 league games last season, has "
            'signed a five-year contract and will wear the number nine shirt. "I have watched '
            'this club since I was a boy, and I am here to win things," Ferraz said at his '
            "presentation. Coach Lena Brandt said the team had lacked a striker who could hold "
            'up the ball since the departure of Kofi Mensah in the summer. "Mateo gives us a '
            'focal point. He makes everyone around him better," Brandt said. Ferraz could make '
            "his debut against Riverside on Sunday if his registration is completed in time. "
            "Harbour City are ninth in the table, eight points off the European places, and "
            "have scored only 11 goals in 14 games."
        ),
        "edit": (
            "Mateo Ferraz is a Harbour City player. The club paid Porto Azul a record 14 million "
            "euros, plus up to 3 million in bonuses, for the 24-year-old striker, who has signed "
            'a five-year contract. "I have watched this club since I was a boy, and I am here to '
            'win things," Ferraz said at his presentation. Coach Lena Brandt said the team had '
            "lacked a striker who could hold up the ball since Kofi Mensah left in the summer. "
            '"Mateo gives us a focal point. He makes everyone around him better," Brandt said. '
            "Harbour City are ninth in the table and have scored only 11 goals in 14 games. "
            "Ferraz scored 19 league goals last season."
        ),
        "wire": (
            "HARBOUR CITY (Sport Wire) - Harbour City have their new number nine. Harbour City "
            "completed the signing of striker Mateo Ferraz from Porto Azul on Friday for a club "
            "record fee of 14 million euros, with a further 3 million in bonuses. The 24-year-old, "
            "who scored 19 goals in 31 league games last season, has signed a five-year contract "
            'and will wear the number nine shirt. "I have watched this club since I was a boy, '
            'and I am here to win things," Ferraz said at his presentation. Coach Lena Brandt '
            "said the team had lacked a striker who could hold up the ball since the departure "
            'of Kofi Mensah in the summer. "Mateo gives us a focal point. He makes everyone '
            'around him better," Brandt said. Ferraz could make his debut against Riverside on '
            "Sunday. Fans queued for his shirt within an hour."
        ),
        "other": (
            "Fourteen million euros is a lot of money for a club that has scored 11 goals in 14 "
            "games, but Harbour City believe Mateo Ferraz is worth every cent. The Porto Azul "
            'forward, 24, arrived on Friday on a five-year deal and promised silverware. "I have '
            'watched this club since I was a boy, and I am here to win things," he said, '
            "holding up the number nine shirt. His record is striking: 19 league goals from 31 "
            "starts. Lena Brandt, the coach, has searched for a target man since Kofi Mensah was "
            'sold. "Mateo gives us a focal point. He makes everyone around him better," she '
            "said. Supporters' groups welcomed the deal but asked why it had taken until "
            "December. City, ninth, visit Riverside on Sunday, where Ferraz may start on the "
            "bench."
        ),
        "update": (
            "Mateo Ferraz scored twice on his debut as Harbour City beat Riverside 3-1 on "
            "Sunday, two days after joining from Porto Azul for a club record 14 million euros. "
            "The striker headed in a corner in the 23rd minute and added a second from the "
            "penalty spot after the break, before Tom Ekdahl sealed the win late on. Riverside's "
            'only goal came from a deflected free kick. "Mateo gives us a focal point. He makes '
            'everyone around him better," coach Lena Brandt had said on Friday, and her new '
            "number nine proved her right in front of 21,000 fans. The win lifts City to seventh, "
            "five points off the European places. Ferraz left the field to a standing ovation in "
            "the 84th minute."
        ),
    },
]


def _teaser(text: str) -> str:
    """The first two sentences and "Read more", as a feed's summary carries them."""
    sentences = text.replace('." ', '."\n').replace(". ", ".\n").split("\n")
    return " ".join(sentences[:2]) + " Read more"


def story_cases(stories, prefix: str, hours: dict, negative_kinds, make_doc):
    """``(docs, label, info, negatives)`` of stories given as ``{kind: text}``: doc ``<prefix><n>-
    <kind>`` published ``hours[kind]`` after the start; ``orig`` and the copies are one story
    (``info``: ``(<prefix>_<kind>, the orig)``), each of ``negative_kinds`` a story of its own
    (``negatives``: ``(<prefix>_<kind>, doc, the orig)``)."""
    docs, label, info, negatives = [], {}, {}, []
    for n, story in enumerate(stories):
        orig = f"{prefix}{n}-orig"
        for kind, text in story.items():
            doc_id = f"{prefix}{n}-{kind}"
            docs.append(make_doc(doc_id, text, f"{prefix} {n} {kind}", hours[kind]))
            own = kind in negative_kinds
            label[doc_id] = (prefix, n, kind) if own else (prefix, n)
            if own:
                negatives.append((f"{prefix}_{kind}", doc_id, orig))
            elif kind != "orig":
                info[doc_id] = (f"{prefix}_{kind}", orig)
    return docs, label, info, negatives


def written_cases(make_doc):
    """``story_cases`` of ``WRITTEN`` (and a teaser of each): copies ``w_edit``, ``w_wire``,
    ``w_teaser``; negatives ``w_other`` and ``w_update``. ``make_doc(doc_id, text, title,
    hours)`` builds an Article."""
    stories = [dict(story, teaser=_teaser(story["orig"])) for story in WRITTEN]
    hours = {"orig": 0, "teaser": 0.5, "edit": 2, "wire": 1, "other": 3, "update": 30}
    return story_cases(stories, "w", hours, ("other", "update"), make_doc)
