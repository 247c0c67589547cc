"""Short news stories written for the tests (no third-party text), distinct enough that dedup keeps
each one, 50+ words each."""

STORIES = {
    "bakery": (
        "A family bakery on Mill Street celebrated its hundredth birthday on Saturday with free "
        "bread for the first two hundred customers. The owner, whose grandfather opened the shop "
        "in a former stable, said the ovens had been replaced three times but the sourdough "
        "starter never. Queues stretched past the church by seven in the morning, and the last "
        "loaf was handed out just after ten, to a retired teacher who had bought rolls there "
        "every week since the nineteen sixties."
    ),
    "rail": (
        "Rail passengers between the coast and the capital face six weeks of replacement buses "
        "from the start of April while a tunnel is relined. The operator apologised for the "
        "disruption and promised that coaches would leave every twenty minutes at peak times. "
        "Commuter groups criticised the timing, pointing out that the school holidays would have "
        "caused far less trouble, and asked for season tickets to be discounted for the period."
    ),
    "library": (
        "The county library service will open on Sundays for the first time after volunteers "
        "offered to staff the reading rooms. Borrowing figures rose by a fifth last year, driven "
        "by audiobooks and by a scheme that lends tools and sewing machines alongside novels. "
        "Librarians said the extra day would help students preparing for exams and parents who "
        "work during the week, and that the pilot would be reviewed in the autumn."
    ),
    "orchard": (
        "Growers in the valley expect a record apple harvest after a mild spring and a wet "
        "summer, but warn that a shortage of pickers could leave fruit on the trees. Several "
        "farms have raised wages and offered free camping to seasonal workers. The cooperative "
        "that presses most of the crop into juice said it had booked extra lorries and would "
        "run its press through the night during the busiest fortnight of October."
    ),
    "museum": (
        "A museum of maritime history reopened after a two year renovation that uncovered a "
        "forgotten collection of ship models in the attic. Conservators spent months cleaning "
        "the rigging of a model frigate made by a prisoner of war from beef bones and human hair. "
        "Visitors on the first weekend queued for an hour to see the galleries, and the director "
        "thanked the donors whose gifts paid for a new lift and wider doors."
    ),
    "cafe": (
        "Cafe owners on the quay welcome the decision to pedestrianise the waterfront during the "
        "summer months. Tables will be allowed on the road from June to September, and delivery "
        "vans must unload before nine in the morning. A petition from drivers collected eight "
        "hundred signatures, but the council said surveys showed most visitors arrive on foot or "
        "by bus and spend longer in town when the traffic is gone."
    ),
    "ferry": (
        "The island ferry will run an extra evening crossing from May after a campaign by "
        "nurses who work late shifts at the mainland hospital. The operator said the trial would "
        "last until the end of September and that fares would not change. Islanders have asked "
        "for a later boat for more than a decade, and the council agreed to cover the crew's "
        "overtime for the first season."
    ),
    "chess": (
        "A twelve year old from the village school won the regional chess championship on "
        "Sunday, beating a former national junior champion in the final round. She learned the "
        "game from her grandmother during the long winter evenings and now trains online with a "
        "coach in another country. Her teacher said the whole class followed the match on a "
        "projector in the hall and cheered when her opponent resigned."
    ),
    "bridge": (
        "Inspectors closed the wooden footbridge over the river after finding rot in two of its "
        "main beams. Walkers must now take a detour of almost two kilometres through the "
        "industrial estate to reach the station. The highways department said a temporary "
        "crossing made of steel panels could be installed within a month, while a permanent "
        "replacement is designed and paid for."
    ),
    "choir": (
        "The community choir has been invited to sing at the cathedral's Easter service, the "
        "first time an amateur group has been asked in over fifty years. Its sixty members range "
        "in age from sixteen to ninety one, and rehearse every Thursday in the back room of a "
        "pub. The conductor said they would add a second rehearsal each week until the spring."
    ),
    "solar": (
        "Farmers on the plateau have formed a cooperative to build a solar park on land too "
        "stony for crops, selling the electricity to the regional grid. Planning officers raised "
        "no objection, although a walking club asked for a public path to remain open through "
        "the site. The first panels are due to be connected before the summer, with sheep "
        "grazing between the rows to keep the grass short."
    ),
    "clinic": (
        "A new dental clinic opened above the post office, ending a three year wait for "
        "residents who had been travelling to the city for check-ups. Two dentists and a "
        "hygienist will see patients five days a week, and the practice is taking on children "
        "first. The health board said it had struggled to recruit staff to rural areas and hoped "
        "the clinic would become a model for other small towns."
    ),
    "market": (
        "The Saturday market moved back to the cobbled square after repairs to the drains were "
        "finished two weeks early. Stallholders said trade had fallen by a third while they were "
        "squeezed into the car park behind the supermarket. A cheese maker who has sold there "
        "for twenty years said customers had followed them loyally, but passing visitors had "
        "not known where to find the market at all."
    ),
    "storm": (
        "Storm damage closed the coast road for most of Thursday after waves threw rocks and "
        "seaweed across both lanes near the lighthouse. Council crews worked through the night "
        "with diggers to clear the carriageway, which reopened at dawn. Police asked drivers to "
        "avoid the stretch at high tide until the sea wall has been checked by engineers later "
        "this week."
    ),
    "garden": (
        "Pupils at the primary school have turned an unused corner of the playground into a "
        "vegetable garden, and their first potatoes went into the canteen's soup this week. A "
        "retired gardener visits every Tuesday to show the children how to plant, water and "
        "compost. The head teacher said even pupils who refuse vegetables at home had asked for "
        "second helpings of the soup."
    ),
    "cinema": (
        "The old cinema on the high street will show films again after a charity bought the "
        "building and raised enough money to install a digital projector. Volunteers stripped "
        "decades of paint from the plaster ceiling and found the original gold stars painted in "
        "nineteen thirty two. The first screening, a silent comedy with a live pianist, sold out "
        "within an hour of tickets going on sale."
    ),
}


# Politics leads (32 against 15.5 for economy), but health, crime, sport, arts, education and
# religion each take a share, so politics' share stays under the English threshold.
BUDGET = (
    "Governor signs spending plan for the coming year",
    "The governor signed the state budget on Friday after a month of talks with legislators; "
    "the opposition party voted against it. "
    "It sets aside money for the hospital, where nurses and doctors have treated more patients "
    "since the flu season began, and for schools and teachers. "
    "Police will get new patrol cars after a rise in burglary and theft. "
    "Farmers hit by the drought and the wildfire will be compensated, and the museum and the "
    "theatre keep their grants. Companies pay a lower tax, and the unemployment rate is "
    "forecast to fall. The football stadium gets no public money, and the church's roof "
    "will be repaired. The river pollution clean-up goes on. "
    "Critics said the election next year explains the spending; the minister denied it, and "
    "the senate is expected to approve the bill next week.",
)
