"""A second held-out split for benchmarks/dedup_variants.py: written before the quote rule was
chosen and never used to choose it or its thresholds (``dedup_written`` was the split it was
chosen on).

Each story (written for this benchmark; places, people and firms are invented; two in German and
French with their own quotation marks) comes as:

- ``orig``: the article as its outlet published it;
- ``edit`` (a copy): a desk's rewrite: a new lead, the narrative reworded and cut, the quotes
  kept word for word, a line of its own;
- ``other`` (a negative): another outlet's own article on the event, the same quotes, names and
  numbers, its own words;
- ``followup`` (a negative): the next day's story, one background sentence and one quote taken
  over.

And ``template`` negatives: police appeals from one template, each with the same standing quote,
other names, places and numbers.
"""

from benchmarks.dedup_written import story_cases

__all__ = ["HELDOUT", "TEMPLATE", "heldout_cases"]

HELDOUT = [
    {
        "orig": (
            "The city of Dunmere will stop collecting glass from households on 1 July and ask "
            "residents to take bottles and jars to 85 new street containers instead, the "
            "council's environment committee decided on Tuesday. The change will save about "
            "1.2 million pounds a year, according to a report by council officers, because "
            "glass collected at the kerb is often broken and mixed with other waste and fetches "
            'a low price. "Kerbside glass has become the most expensive thing we collect and '
            'the least useful thing we sell," committee chair Rowan Achebe said. Residents who '
            "cannot reach a container, including many older people, will be able to ask for an "
            "assisted collection once a month. The opposition Green group voted against the "
            'plan. "This is a cut dressed up as a recycling policy," Green councillor Hattie '
            "Moss said, adding that the containers would attract litter and noise. The first "
            "containers will be installed in the Northgate and Marsh End wards in May."
        ),
        "edit": (
            "Householders in Dunmere will have to carry their empty bottles to the street from "
            "July. Councillors agreed on Tuesday to end the kerbside glass round and to place "
            "85 containers around the city, a move officers say will save some 1.2 million "
            'pounds a year. "Kerbside glass has become the most expensive thing we collect and '
            'the least useful thing we sell," committee chair Rowan Achebe said. People who '
            "cannot reach a container will be able to ask for an assisted collection once a "
            'month. "This is a cut dressed up as a recycling policy," Green councillor Hattie '
            "Moss said. The first containers go to Northgate and Marsh End in May. The council "
            "will publish a map of the sites next week."
        ),
        "other": (
            "Bottle banks are coming back to Dunmere. From July the bin lorries will no longer "
            "take glass, and instead 85 containers will appear on street corners, a decision "
            "the environment committee took on Tuesday after a short debate. Officials expect "
            "to save 1.2 million pounds a year. Rowan Achebe, who chairs the committee, put it "
            'bluntly: "Kerbside glass has become the most expensive thing we collect and the '
            'least useful thing we sell." Not everyone is convinced. Hattie Moss of the Greens '
            'called the plan "a cut dressed up as a recycling policy". Pensioner Doreen Platt, '
            "who lives on a hill in Marsh End, said she had no idea how she would carry a bag "
            "of bottles to the nearest site. Help will be offered to people like her once a "
            "month, the council says."
        ),
        "followup": (
            "More than 4,000 people have signed an online petition against Dunmere's decision "
            "to end kerbside glass collection, a day after the council's environment committee "
            "approved the plan. The petition, started by a residents' association in Marsh End, "
            "asks the full council to overturn the vote when it meets on 14 March. The committee "
            "agreed on Tuesday to replace the kerbside round with 85 street containers from 1 "
            'July. "Kerbside glass has become the most expensive thing we collect and the least '
            'useful thing we sell," its chair Rowan Achebe had said. On Wednesday two container '
            "makers said they had been asked to bid, and the council confirmed that a contract "
            "worth 310,000 pounds would be awarded in April."
        ),
    },
    {
        "orig": (
            "Thousands of travellers were stuck at Palmira airport on Friday after a failure in "
            "the air traffic control system forced the cancellation of 212 flights, the airport "
            "operator said. The fault, in a radar data server, began shortly after 6 am and "
            "left controllers able to handle only a handful of planes an hour. Airlines "
            "diverted incoming flights to Corvo and Santa Lena. By the evening the system was "
            'working again but the backlog is expected to last into Sunday. "We apologise to '
            'every passenger whose day was ruined. Safety was never at risk," said Ines Carvalho, '
            "the chief executive of air navigation provider Navsul. The transport ministry has "
            "ordered an inquiry. Passengers' group FlyFair said travellers on cancelled flights "
            'were entitled to meals and hotel rooms. "Airlines must not hide behind the word '
            'outage," its spokesman Bruno Teles said. A similar fault grounded flights for two '
            "hours in 2023."
        ),
        "edit": (
            "A broken radar data server brought Palmira airport to a near standstill on Friday. "
            "More than 200 flights, 212 in all, were cancelled and arriving planes were sent on "
            'to Corvo and Santa Lena. "We apologise to every passenger whose day was ruined. '
            'Safety was never at risk," said Ines Carvalho, the chief executive of air '
            "navigation provider Navsul. The system was running again by the evening, but the "
            "backlog is expected to last into Sunday, and the transport ministry has ordered an "
            'inquiry. "Airlines must not hide behind the word outage," FlyFair spokesman Bruno '
            "Teles said, reminding travellers that they can claim meals and a hotel. Palmira "
            "handles about 90,000 passengers on a normal Friday."
        ),
        "other": (
            "Ana Sousa had planned to be at her sister's wedding in Corvo by lunchtime. Instead "
            "she spent Friday on the floor of Palmira's departure hall, one of thousands caught "
            "when an air traffic control fault wiped 212 flights from the boards. Navsul, which "
            "runs the country's air navigation, blamed a radar data server. Its chief executive, "
            'Ines Carvalho, said: "We apologise to every passenger whose day was ruined. Safety '
            'was never at risk." Controllers worked with paper strips and phone lines, letting a '
            'few planes land each hour. The ministry wants answers. So does FlyFair: "Airlines '
            'must not hide behind the word outage," said Bruno Teles, who speaks for the '
            "passengers' group. Sousa got a seat on a bus at 9 pm."
        ),
        "followup": (
            "Navsul has suspended two engineers and brought in outside experts after Friday's "
            "air traffic control failure, which cancelled 212 flights at Palmira airport. The "
            "company said on Saturday that a software update installed overnight had caused "
            "the radar data server to crash, and that the backup server had received the same "
            'update. "We apologise to every passenger whose day was ruined. Safety was never at '
            'risk," chief executive Ines Carvalho had said on Friday. Airlines ran 40 extra '
            "flights on Saturday to clear the backlog, and the airport expects normal service "
            "by Monday. Opposition lawmakers called for Carvalho to appear before the transport "
            "committee next week."
        ),
    },
    {
        "orig": (
            "Der Stadtrat von Lindenfeld hat am Donnerstag beschlossen, das Freibad am Mühlweg "
            "nach 71 Jahren zu schließen. Für die Schließung stimmten 24 Ratsmitglieder, 17 "
            "dagegen. Eine Sanierung hätte nach einem Gutachten rund 6,8 Millionen Euro "
            "gekostet, die Stadt hat in diesem Jahr ein Defizit von 4,1 Millionen Euro. "
            "„Wir hätten das Bad gern gerettet, aber wir können kein Geld ausgeben, das wir "
            "nicht haben“, sagte Bürgermeisterin Katrin Vossberg. Der Förderverein des Bades "
            "hatte 9.000 Unterschriften gesammelt und angeboten, den Kiosk und die Aufsicht mit "
            "Ehrenamtlichen zu betreiben. „Heute ist ein schwarzer Tag für alle Familien in "
            "dieser Stadt“, sagte die Vorsitzende Ulrike Brandes nach der Abstimmung. Das "
            "Gelände soll nach dem Willen der Verwaltung für Wohnungen genutzt werden. Schwimmer "
            "sollen künftig das Hallenbad im Nachbarort Oberau nutzen, zu dem ein Bus fährt."
        ),
        "edit": (
            "Lindenfeld verliert sein Freibad: Nach 71 Jahren ist am Mühlweg Schluss. Mit 24 zu "
            "17 Stimmen folgte der Stadtrat am Donnerstag der Verwaltung, die eine Sanierung für "
            "zu teuer hält. Ein Gutachten hatte die Kosten auf rund 6,8 Millionen Euro "
            "geschätzt. „Wir hätten das Bad gern gerettet, aber wir können kein Geld ausgeben, "
            "das wir nicht haben“, sagte Bürgermeisterin Katrin Vossberg. Der Förderverein hatte "
            "9.000 Unterschriften gesammelt. „Heute ist ein schwarzer Tag für alle Familien in "
            "dieser Stadt“, sagte die Vorsitzende Ulrike Brandes. Auf dem Gelände sollen "
            "Wohnungen entstehen. Wer schwimmen will, muss nach Oberau fahren."
        ),
        "other": (
            "Es war eine lange und hitzige Sitzung im Rathaus von Lindenfeld. Am Ende stand fest: "
            "Das Freibad am Mühlweg, eröffnet vor 71 Jahren, macht nicht wieder auf. 24 "
            "Stadträte waren für das Aus, 17 dagegen. „Wir hätten das Bad gern gerettet, aber "
            "wir können kein Geld ausgeben, das wir nicht haben“, erklärte Katrin Vossberg, die "
            "Bürgermeisterin. Sie verwies auf 6,8 Millionen Euro für eine Sanierung und ein Loch "
            "von 4,1 Millionen Euro im Haushalt. Auf der Zuschauertribüne saßen viele Mitglieder "
            "des Fördervereins in blauen T-Shirts. Ihre Vorsitzende Ulrike Brandes rang um "
            "Fassung: „Heute ist ein schwarzer Tag für alle Familien in dieser Stadt.“ Rentner "
            "Horst Gellert schwimmt seit 60 Jahren jeden Morgen dort seine Bahnen."
        ),
        "followup": (
            "Einen Tag nach dem Beschluss zur Schließung des Freibads am Mühlweg hat der "
            "Förderverein angekündigt, ein Bürgerbegehren zu starten. Dafür braucht er in "
            "Lindenfeld rund 2.600 Unterschriften innerhalb von drei Monaten. Der Stadtrat hatte "
            "am Donnerstag mit 24 zu 17 Stimmen für die Schließung gestimmt. „Heute ist ein "
            "schwarzer Tag für alle Familien in dieser Stadt“, hatte die Vorsitzende Ulrike "
            "Brandes gesagt. Die Verwaltung prüft nun, ob das Begehren zulässig ist. Ein "
            "Investor aus Oberau hat unterdessen Interesse an dem Gelände angemeldet und will "
            "dort 140 Wohnungen bauen. Die Bürgermeisterin war am Freitag nicht zu erreichen."
        ),
    },
    {
        "orig": (
            "La préfecture du Valmont a interdit jeudi toute baignade dans le lac de Serres "
            "jusqu'à nouvel ordre, après la découverte d'une forte concentration de "
            "cyanobactéries dans trois prélèvements. Les analyses, réalisées mardi par "
            "l'agence régionale de santé, ont relevé jusqu'à 180 000 cellules par millilitre, "
            "bien au-delà du seuil d'alerte. « Ces algues peuvent provoquer des irritations et "
            "sont dangereuses pour les chiens », a expliqué le préfet Laurent Marchal. Les "
            "activités nautiques sont aussi suspendues et les trois plages surveillées sont "
            "fermées. La chaleur des dernières semaines et le faible niveau de l'eau favorisent "
            "la prolifération, selon les scientifiques. Le maire de Serres, Odile Ferrand, "
            "s'inquiète pour la saison : « Le lac fait vivre nos campings et nos restaurants, "
            "chaque jour de fermeture compte. » De nouveaux prélèvements auront lieu lundi."
        ),
        "edit": (
            "Plus de baignade au lac de Serres. Le préfet du Valmont a pris jeudi un arrêté "
            "d'interdiction après que des cyanobactéries ont été trouvées en grand nombre dans "
            "l'eau, jusqu'à 180 000 cellules par millilitre lors des analyses de mardi. « Ces "
            "algues peuvent provoquer des irritations et sont dangereuses pour les chiens », a "
            "expliqué le préfet Laurent Marchal. Les plages surveillées sont fermées et les "
            "activités nautiques suspendues. « Le lac fait vivre nos campings et nos "
            "restaurants, chaque jour de fermeture compte », a réagi le maire de Serres, Odile "
            "Ferrand. De nouveaux prélèvements auront lieu lundi."
        ),
        "other": (
            "Sur la plage principale du lac de Serres, les parasols sont restés fermés jeudi. "
            "Des panneaux rouges annoncent l'interdiction de baignade décidée par la préfecture "
            "du Valmont, après des analyses inquiétantes : 180 000 cellules de cyanobactéries "
            "par millilitre. « Ces algues peuvent provoquer des irritations et sont dangereuses "
            "pour les chiens », a averti Laurent Marchal, le préfet. Gérant d'un club de "
            "paddle, Yannick Roux a dû rembourser une trentaine de réservations. Pour Odile "
            "Ferrand, maire de la commune, le coup est rude : « Le lac fait vivre nos campings "
            "et nos restaurants, chaque jour de fermeture compte. » Les biologistes pointent la "
            "canicule et des eaux trop basses."
        ),
        "followup": (
            "Les nouveaux prélèvements effectués lundi dans le lac de Serres montrent une "
            "légère baisse des cyanobactéries, mais l'interdiction de baignade est maintenue, a "
            "annoncé mardi la préfecture du Valmont. Les analyses font état de 95 000 cellules "
            "par millilitre, contre 180 000 la semaine dernière. « Ces algues peuvent provoquer "
            "des irritations et sont dangereuses pour les chiens », avait rappelé le préfet "
            "Laurent Marchal. Les campings de la commune signalent déjà une vague d'annulations. "
            "La mairie a mis en place une navette gratuite vers la piscine municipale de "
            "Fontbrune, ouverte tous les jours jusqu'à 20 heures."
        ),
    },
    {
        "orig": (
            "Orbeline Foods will close its biscuit factory in Ketterby next year with the loss "
            "of 430 jobs, the company said on Monday, moving production to a larger plant in "
            "Hallam. The factory, which opened in 1962, makes the Sunny Oat and Tea Round "
            "brands. Orbeline said demand for its biscuits had fallen by a fifth since 2019 and "
            'that the Ketterby site needed 25 million pounds of repairs. "This is a painful '
            'decision and we know what the factory means to Ketterby," managing director Colin '
            "Marsh said. Workers were told at a meeting on Monday morning. The union Unite "
            'said it would fight the closure. "These are skilled jobs that cannot be replaced by '
            'a shopping centre," regional officer Priya Nair said. Orbeline will offer some '
            "staff posts in Hallam, 40 miles away, and says production will wind down from "
            "April, ending in September."
        ),
        "edit": (
            "Ketterby's biscuit factory is to shut after more than 60 years, taking 430 jobs "
            "with it. Orbeline Foods told workers on Monday that Sunny Oat and Tea Round "
            "biscuits will be made in Hallam instead, blaming falling demand and the cost of "
            'repairing the old site. "This is a painful decision and we know what the factory '
            'means to Ketterby," managing director Colin Marsh said. Unite has promised to '
            'fight. "These are skilled jobs that cannot be replaced by a shopping centre," '
            "regional officer Priya Nair said. Some staff will be offered posts in Hallam, 40 "
            "miles away. Production will wind down from April and end in September."
        ),
        "other": (
            "Three generations of the Doyle family have worked at the biscuit factory on "
            "Ketterby's Mill Road. On Monday they learned it will close. Orbeline Foods is "
            "moving Sunny Oat and Tea Round to Hallam and cutting 430 jobs, citing a slump in "
            'sales and a 25 million pound repair bill. "This is a painful decision and we know '
            'what the factory means to Ketterby," said Colin Marsh, the managing director, who '
            'faced staff in the canteen. Priya Nair of Unite was having none of it: "These are '
            'skilled jobs that cannot be replaced by a shopping centre." Shop owners on the '
            "high street fear the loss of trade. The plant opened in 1962."
        ),
        "followup": (
            "Ministers will meet Orbeline Foods next week to discuss the planned closure of its "
            "Ketterby biscuit factory, the business department said on Tuesday, a day after the "
            "company announced 430 job losses. Local MP Gareth Lowe said he had asked for a "
            'rescue plan, including help with the 25 million pounds of repairs. "These are '
            "skilled jobs that cannot be replaced by a shopping centre,\" Unite's Priya Nair "
            "had said on Monday. The union will hold a ballot on industrial action from Friday. "
            "Orbeline's shares rose 3 percent on Monday after the announcement."
        ),
    },
]

# A police appeal from one template: the same standing quote, other names, places and numbers.
TEMPLATE = (
    "Police in {town} are appealing for witnesses after a {age}-year-old {who} was injured in a "
    "collision with a {vehicle} on {road} at about {hour} pm on {day}. The {who} was taken to "
    "{hospital} with injuries described as {injury}. The driver of the {vehicle}, a {dage}-year-old "
    "from {home}, stopped at the scene and is helping officers with their inquiries. The road "
    'was closed for {hours} hours. "We would like to hear from anyone who saw the collision or '
    'the moments before it, or who has dashcam footage of the area," said {rank} {officer}. '
    "Anyone with information is asked to call 101 quoting incident {incident}."
)
_SLOTS = [
    dict(town="Brackley Vale", age=34, who="cyclist", vehicle="van", road="Station Road",
         hour=5, day="Monday", hospital="St Bride's Hospital", injury="serious", dage=52,
         home="Oakham", hours=4, rank="Sergeant", officer="Dale Pryce", incident=417),
    dict(town="Westcombe", age=71, who="pedestrian", vehicle="bus", road="Harbour Street",
         hour=8, day="Thursday", hospital="Westcombe General", injury="life-changing", dage=38,
         home="Pellworth", hours=6, rank="Inspector", officer="Nia Rhodes", incident=1102),
    dict(town="Fairmoor", age=19, who="motorcyclist", vehicle="tractor", road="Long Lane",
         hour=3, day="Saturday", hospital="Moorside Infirmary", injury="not life-threatening",
         dage=64, home="Cressing", hours=3, rank="Constable", officer="Amir Shah", incident=88),
    dict(town="Ashcombe", age=45, who="cyclist", vehicle="lorry", road="the A614", hour=7,
         day="Sunday", hospital="Queen's Medical Centre", injury="serious", dage=29,
         home="Newark", hours=5, rank="Sergeant", officer="Lucy Brennan", incident=2310),
    dict(town="Kirkby Moss", age=12, who="boy", vehicle="car", road="Church Walk", hour=4,
         day="Tuesday", hospital="the children's hospital in Lindley", injury="minor", dage=47,
         home="Kirkby Moss", hours=2, rank="Inspector", officer="Tom Adair", incident=655),
]  # fmt: skip


def heldout_cases(make_doc):
    """``(docs, label, info, negatives)`` as ``dedup_written.written_cases``: copies of kind
    ``h_edit``; negatives ``h_other``, ``h_followup`` and ``h_template`` (consecutive appeals)."""
    hours = {"orig": 0, "edit": 2, "other": 3, "followup": 26}
    docs, label, info, negatives = story_cases(HELDOUT, "h", hours, ("other", "followup"), make_doc)
    ids = []
    for n, slots in enumerate(_SLOTS):
        doc_id = f"appeal{n}"
        docs.append(make_doc(doc_id, TEMPLATE.format(**slots), f"appeal {n}", n))
        label[doc_id] = ("appeal", n)
        ids.append(doc_id)
    negatives += [("h_template", a, b) for a, b in zip(ids, ids[1:])]
    return docs, label, info, negatives
