"""Report texts of the art60 study (``art60.*`` keys), in Dutch and English; labels of its tables."""

from evalkit.texts import LABELS as _SHARED

#: Labels of categories that the code lists do not give (or give too long for a table).
LABELS: dict[str, dict[str, dict[str, str]]] = {
    "state": {
        "regulier_werk": {"nl": "Reguliere job (NEC, incl. interim)", "en": "Regular job (NEC, incl. temporary agency)"},
        "art60_sec": {"nl": "Opnieuw artikel 60 of sociale economie", "en": "Another art. 60 or social economy"},
        "ander_werk": {"nl": "Job zonder contracttype", "en": "Job without contract type"},
        "werkloosheidsuitkering": {"nl": "Werkloosheidsuitkering", "en": "Unemployment benefit"},
        "leefloon": {"nl": "Terug naar leefloon", "en": "Back to social assistance"},
        "onbekend": {"nl": "Onbekend (geen registratie)", "en": "Unknown (no registration)"},
    },
    "state_short": {
        "regulier_werk": {"nl": "% reguliere job", "en": "% regular job"},
        "art60_sec": {"nl": "% art. 60 / SE", "en": "% art. 60 / SE"},
        "ander_werk": {"nl": "% job zonder type", "en": "% job without type"},
        "werkloosheidsuitkering": {"nl": "% werkloosheidsuitk.", "en": "% unempl. benefit"},
        "leefloon": {"nl": "% leefloon", "en": "% social assistance"},
        "onbekend": {"nl": "% onbekend", "en": "% unknown"},
        "overig": {"nl": "% ander (art. 60, SE, onbekend)", "en": "% other (art. 60, SE, unknown)"},
    },
    "trajectory_short": _SHARED["trajectory_short"],
    "nt2_group": _SHARED["nt2_group"],
    "nt2_improved": {
        "ja": {"nl": "Hoger taalniveau behaald tijdens artikel 60", "en": "Higher Dutch level reached during art. 60"},
        "nee": {"nl": "Geen hoger taalniveau geregistreerd", "en": "No higher Dutch level registered"},
    },
    "twe": {
        "geen_werk": {"nl": "Geen werk", "en": "No work"},
        "nec": {"nl": "NEC", "en": "NEC (regular economy)"},
        "nec_in_se_bedrijf": {"nl": "NEC in SE-bedrijf", "en": "NEC in a social-economy company"},
        "sec": {"nl": "SEC", "en": "SEC (social economy)"},
    },
}

#: Variable headings of the differences table.
VARIABLES = {
    "trajectory": {"nl": "Traject (bij intake)", "en": "Trajectory (at intake)"},
    "employer_type": {"nl": "Werkgever artikel 60", "en": "Art. 60 employer"},
    "sex": {"nl": "Geslacht", "en": "Sex"},
    "household": {"nl": "Gezinssituatie", "en": "Household"},
    "age_group": {"nl": "Leeftijd bij intake", "en": "Age at intake"},
    "education": {"nl": "Scholing", "en": "Education"},
    "nt2_group": {"nl": "Taalniveau bij intake", "en": "Dutch level at intake"},
    "nt2_improved": {"nl": "Profielverhoging (taal)", "en": "Profile upgrade (Dutch)"},
}

TEXTS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ table columns and labels
    "art60.total": {"nl": "Totaal", "en": "Total"},
    "art60.followed": {"nl": "Nog gevolgd (N)", "en": "Still followed (N)"},
    "art60.not_decided": {"nl": "Nog niet te bepalen (te kort gevolgd)", "en": "Not yet known (followed too briefly)"},
    "art60.running": {"nl": "Artikel 60 liep nog op het einde van de opvolging",
                      "en": "Art. 60 still running at the end of follow-up"},
    "art60.small_groups": {"nl": "Kleine groepen", "en": "Small groups"},
    "art60.fewer_than": {"nl": "minder dan {min_cell_size}", "en": "fewer than {min_cell_size}"},
    "art60.col.trajectory": {"nl": "Traject", "en": "Trajectory"},
    "art60.col.clients": {"nl": "Cliënten", "en": "Clients"},
    "art60.col.with_art60": {"nl": "Met artikel 60", "en": "With art. 60"},
    "art60.col.cif_months": {"nl": "% gestart binnen {months} mnd", "en": "% started within {months} months"},
    "art60.col.median_months": {"nl": "Mediaan mnd tot start", "en": "Median months to start"},
    "art60.col.mean_days": {"nl": "Gem. dagen tot start", "en": "Mean days to start"},
    "art60.col.employer_type": {"nl": "Type werkgever", "en": "Type of employer"},
    "art60.col.spells": {"nl": "Artikel 60-jobs", "en": "Art. 60 jobs"},
    "art60.col.pct_spells": {"nl": "% van de jobs", "en": "% of jobs"},
    "art60.col.persons": {"nl": "Personen", "en": "Persons"},
    "art60.col.next_state": {"nl": "Volgende situatie", "en": "Next situation"},
    "art60.col.cif_next": {"nl": "% (95%-BI) binnen {days} dagen", "en": "% (95% CI) within {days} days"},
    "art60.col.pct_next_day": {"nl": "% daarvan de dag na het einde", "en": "% of these the day after the end"},
    "art60.col.state": {"nl": "Situatie", "en": "Situation"},
    "art60.col.after_months": {"nl": "Na {months} mnd", "en": "After {months} months"},
    "art60.col.within_months": {"nl": "Binnen ... maanden na artikel 60", "en": "Within ... months after art. 60"},
    "art60.col.pct_regular_job": {"nl": "% met een reguliere job (95%-BI)", "en": "% with a regular job (95% CI)"},
    "art60.col.indicator": {"nl": "Indicator", "en": "Indicator"},
    "art60.col.variable": {"nl": "Kenmerk", "en": "Characteristic"},
    "art60.col.characteristic": {"nl": "Kenmerk en categorie", "en": "Characteristic and category"},
    "art60.col.category": {"nl": "Categorie", "en": "Category"},
    "art60.col.regular_work_at": {"nl": "% in reg. job na {months} mnd",
                                  "en": "% in a regular job after {months} months"},
    "art60.col.regular_job_within": {"nl": "% ooit reg. job binnen {months} mnd",
                                     "en": "% any regular job within {months} months"},
    "art60.col.p_next_regular": {"nl": "p (Gray)", "en": "p (Gray)"},
    "art60.col.landmark": {"nl": "Peilmoment", "en": "Landmark"},
    "art60.col.window": {"nl": "Opvolging", "en": "Follow-up"},
    "art60.col.outcome": {"nl": "Uitkomst na het peilmoment", "en": "Outcome after the landmark"},
    "art60.col.n_art60": {"nl": "N met artikel 60", "en": "N with art. 60"},
    "art60.col.n_other": {"nl": "N zonder (nog)", "en": "N without (yet)"},
    "art60.col.pct_art60": {"nl": "% met artikel 60", "en": "% with art. 60"},
    "art60.col.pct_other": {"nl": "% zonder (ruw)", "en": "% without (crude)"},
    "art60.col.pct_other_adjusted": {"nl": "% zonder (gecorrigeerd)", "en": "% without (adjusted)"},
    "art60.col.difference": {"nl": "Verschil in %-punt (95%-BI)", "en": "Difference in pp (95% CI)"},
    "art60.col.twe_result": {"nl": "Resultaat laatste TWE-traject", "en": "Result of the last TWE trajectory"},
    "art60.col.published_pct": {"nl": "% gepubliceerd", "en": "% published"},
    "art60.definition.spell_365": {"nl": "Job van ≥ 365 dagen", "en": "Job of ≥ 365 days"},
    "art60.definition.open_ended": {"nl": "Contract onbepaalde duur", "en": "Open-ended contract"},
    "art60.definition.spell_365_or_open_ended": {"nl": "≥ 365 dagen of onbepaalde duur",
                                                 "en": "≥ 365 days or open-ended"},
    "art60.definition.share_80_12m": {"nl": "≥ 80% van de dagen werk in 12 mnd", "en": "Work on ≥ 80% of days in 12 months"},
    "art60.durable.since_intake_any": {"nl": "Sinds intake, elke job (ook artikel 60), binnen {months} mnd",
                                       "en": "Since intake, any job (art. 60 included), within {months} months"},
    "art60.durable.since_intake_regular": {"nl": "Sinds intake, reguliere job, binnen {months} mnd",
                                           "en": "Since intake, regular job, within {months} months"},
    "art60.durable.after_art60_regular": {"nl": "Na het einde van het eerste artikel 60, reguliere job, binnen {months} mnd",
                                          "en": "After the end of the first art. 60, regular job, within {months} months"},
    "art60.landmark.at": {"nl": "Peilmoment {months} maanden na de intake", "en": "Landmark {months} months after intake"},
    "art60.landmark.window": {"nl": "{months} mnd", "en": "{months} months"},
    "art60.landmark.regular_job": {"nl": "Reguliere job gestart binnen {months} mnd",
                                   "en": "Started a regular job within {months} months"},
    "art60.landmark.regular_work_at_end": {"nl": "In een reguliere job na {months} mnd",
                                           "en": "In a regular job after {months} months"},
    "art60.axis.months_since_intake": {"nl": "Maanden sinds de intake", "en": "Months since intake"},
    "art60.axis.pct_started": {"nl": "% met een artikel 60 gestart", "en": "% with an art. 60 started"},
    "art60.axis.months_after": {"nl": "Maanden na het einde van het artikel 60", "en": "Months after the end of the art. 60"},
    "art60.axis.pct_persons": {"nl": "% van de personen", "en": "% of persons"},
    "art60.axis.months_after_short": {"nl": "Maanden na artikel 60", "en": "Months after art. 60"},
    "art60.axis.pct_regular_job": {"nl": "% met een reguliere job", "en": "% with a regular job"},
    "art60.fig.mark": {"nl": "{months} mnd", "en": "{months} mo"},
    # ------------------------------------------------------------------ notes under tables
    "art60.note.hidden_share": {
        "nl": "Een percentage dat een aantal kleiner dan {min_cell_size} zou prijsgeven, wordt niet getoond (x).",
        "en": "A percentage that would reveal a count below {min_cell_size} is not shown (x)."},
    "art60.use.note": {
        "nl": ("Cumulatieve incidentie (Aalen-Johansen): het aandeel dat binnen de termijn een artikel 60 startte, "
               "rekening houdend met wie nog niet zo lang gevolgd is en met wie het register verliet. – : minder dan "
               "{min_cell_size} cliënten zo lang gevolgd. Mediaan en gemiddelde: enkel wie een artikel 60 startte."),
        "en": ("Cumulative incidence (Aalen-Johansen): the share that started an art. 60 within the period, taking "
               "into account who has not been followed that long and who left the registers. – : fewer than "
               "{min_cell_size} clients followed that long. Median and mean: only those who started an art. 60.")},
    "art60.next.note": {
        "nl": ("Volgende situatie: de eerste registratie die binnen {days} dagen na het einde van het artikel 60 begint. "
               "Zonder registratie binnen die termijn is de situatie onbekend (verhuisd, uitgeschreven, niet "
               "geregistreerd). De percentages gaan over de artikel 60-jobs die afliepen."),
        "en": ("Next situation: the first registration that begins within {days} days after the end of the art. 60. "
               "Without a registration in that time the situation is unknown (moved, deregistered, not registered). The percentages are about the art. 60 jobs that ended.")},
    "art60.occupation.note": {
        "nl": ("Aalen-Johansen-schatting van de kans om in elke situatie te zijn, met 95%-bootstrapinterval; wie "
               "(nog) niet zo lang gevolgd is, telt mee zolang hij gevolgd is. Terugkeer naar een eerdere situatie "
               "is mogelijk. – : minder dan 10 personen nog gevolgd."),
        "en": ("Aalen-Johansen estimate of the probability of being in each situation, with a 95% bootstrap "
               "interval; persons not (yet) followed that long count for as long as they are followed. Returns to "
               "an earlier situation are possible. – : fewer than 10 persons still followed.")},
    "art60.durable.note": {
        "nl": ("Cumulatieve incidentie (Aalen-Johansen) van een eerste duurzame job; wie het register verlaat, kan "
               "geen duurzame job meer krijgen (concurrerend risico). Reguliere job: contract in het NEC (bepaalde of "
               "onbepaalde duur) of interim. – : minder dan 10 personen zo lang gevolgd."),
        "en": ("Cumulative incidence (Aalen-Johansen) of a first durable job; leaving the registers competes. "
               "Regular job: a contract in the regular economy (fixed-term or open-ended) or temporary agency work. "
               "– : fewer than 10 persons followed that long.")},
    "art60.differences.note": {
        "nl": ("Per categorie het aantal gevolgde artikel 60-jobs, de verdeling van de volgende situatie (%), de kans "
               "om {months} maanden na het einde in een reguliere job te zijn (Aalen-Johansen) en het aandeel dat "
               "binnen {months} maanden ooit een reguliere job begon. p: Gray-toets of de kans op een reguliere job als "
               "volgende situatie verschilt tussen de categorieën. Verschillen zijn samenhangen, geen effecten: de "
               "groepen verschillen ook in andere kenmerken."),
        "en": ("Per category the number of followed art. 60 jobs, the distribution of the next situation (%), the "
               "probability of being in a regular job {months} months after the end (Aalen-Johansen) and the share "
               "that started a regular job within {months} months. p: Gray's test of whether the probability of a "
               "regular job as next situation differs between categories. Differences are associations, not "
               "effects: the groups also differ in other characteristics.")},
    "art60.landmark.note": {
        "nl": ("Enkel wie op het peilmoment nog gevolgd wordt, nog geen reguliere job had en de hele opvolgingsperiode "
               "binnen de gegevens valt. Gecorrigeerd: de vergelijkingsgroep herwogen naar het profiel en traject van "
               "de artikel 60-groep (inverse kansgewichten, ATT); 95%-bootstrapinterval. Grootste resterende "
               "gestandaardiseerde verschil in een kenmerk na herweging: {smd} (onder 0.1 geldt als evenwichtig)."),
        "en": ("Only those still followed at the landmark, without a regular job so far, and with the whole "
               "follow-up window within the data. Adjusted: the comparison group reweighted to the profile and "
               "trajectory of the art. 60 group (inverse probability weights, ATT); 95% bootstrap interval. Largest "
               "remaining standardised difference in a characteristic after weighting: {smd} (below 0.1 counts as "
               "balanced).")},
    "art60.occupation.reading": {
        "nl": ("Twaalf maanden na het einde van het artikel 60 werkt naar schatting **{work12}** in een reguliere job, "
               "**{ub12}** heeft een werkloosheidsuitkering en **{ll12}** is terug op leefloon; na 24 maanden is dat "
               "respectievelijk **{work24}**, **{ub24}** en **{ll24}**."),
        "en": ("Twelve months after the end of the art. 60, an estimated **{work12}** are in a regular job, **{ub12}** "
               "receive unemployment benefit and **{ll12}** are back on social assistance; after 24 months these are "
               "**{work24}**, **{ub24}** and **{ll24}**.")},
    # ------------------------------------------------------------------ narrative
    "art60.title": {"nl": "# Duurzaamheid van tewerkstelling onder artikel 60",
                    "en": "# Sustainability of article 60 employment"},
    "art60.intro": {
        "nl": ("Een artikel 60-job is een tijdelijke job met het OCMW als werkgever, binnen het kader van de tijdelijke "
               "werkervaring (TWE). Ze bouwt recht op een werkloosheidsuitkering op. Praktijkwerkers vrezen dat "
               "artikel 60 daardoor eerder naar een uitkering en terug naar leefloon leidt dan naar duurzaam werk in "
               "het normaal economisch circuit (NEC). Het evaluatierapport van COB Coevelt kon dat niet meten en vroeg "
               "er uitdrukkelijk om. Dit rapport volgt elke cliënt vanaf de dag na het einde van zijn of haar "
               "(eerste) artikel 60-job in het register: welke situatie volgt, waar staat men 3, 6, 12 en 24 maanden "
               "later, hoe snel komt een reguliere job, en hoe vaak wordt die job duurzaam? Een vergelijking met "
               "cliënten die (nog) geen artikel 60 kregen, zegt tot slot iets over wat artikel 60 toevoegt."),
        "en": ("An art. 60 job is a temporary job with the welfare centre as employer, within the temporary work "
               "experience framework (TWE). It builds entitlement to unemployment benefit. Practitioners fear that "
               "art. 60 therefore leads to benefit and back to social assistance rather than to lasting work in the "
               "regular economy (NEC). The COB Coevelt evaluation could not measure this and asked for it explicitly. "
               "This report follows every client in the registry from the day after the end of their (first) art. 60 "
               "job: what comes next, where are people 3, 6, 12 and 24 months later, how fast does a regular job "
               "follow, and how often does it last? A comparison with clients who did not (yet) get an art. 60 "
               "finally says something about what art. 60 adds."),
    },
    "art60.data": {
        "nl": ("**Gegevens.** Register: {source}. Extractiedatum: {extraction_date}. Programma: {programme}. Intakes "
               "van {first_intake} tot {last_intake}: **{n_intakes}** cliënten, gevolgd tot {censor_date}. "
               "**{n_with_art60}** van hen ({pct_with_art60:.0f}%) startten na de intake een artikel 60. Van de "
               "artikel 60-jobs die vóór het einde van de opvolging afliepen, volgen we wat erna kwam."),
        "en": ("**Data.** Registry: {source}. Extraction date: {extraction_date}. Programme: {programme}. Intakes "
               "from {first_intake} to {last_intake}: **{n_intakes}** clients, followed up to {censor_date}. "
               "**{n_with_art60}** of them ({pct_with_art60:.0f}%) started an art. 60 after the intake. For the art. 60 "
               "jobs that ended before the end of follow-up, we follow what came next."),
    },
    "art60.synthetic": {
        "nl": ("**Let op: synthetische gegevens.** Dit register is synthetisch: gegenereerd uit een gedocumenteerd "
               "model dat gekalibreerd is op de gepubliceerde cijfers van de evaluatie van COB Coevelt (2020). Er "
               "staan geen echte personen in. Wat na een artikel 60 volgt, is in dat model gekend (de kans op elke "
               "volgende situatie, naargelang de werkgever en de duur van de job); de schattingen in dit rapport "
               "vallen daarmee samen binnen de steekproefonzekerheid. De cijfers illustreren de methode, niet de "
               "werkelijkheid in Antwerpen."),
        "en": ("**Note: synthetic data.** This registry is synthetic: generated from a documented model calibrated to "
               "the published figures of the COB Coevelt evaluation (2020). It holds no real persons. What follows an "
               "art. 60 is known in that model (the probability of each next situation, by employer and length of the "
               "job); the estimates in this report agree with it within sampling error. The figures illustrate the "
               "method, not reality in Antwerp."),
    },
    # 1. use
    "art60.use.heading": {"nl": "## 1. Inzet van artikel 60", "en": "## 1. Use of art. 60"},
    "art60.use.intro": {
        "nl": ("Hoeveel cliënten starten een artikel 60, en hoe lang na de intake? De figuur toont per traject (zoals "
               "toegewezen bij de intake) het aandeel dat al een artikel 60 startte, naargelang de maanden sinds de "
               "intake. Wie vroeger uit de registers verdween of nog niet zo lang gevolgd is, telt mee zolang hij of "
               "zij gevolgd is."),
        "en": ("How many clients start an art. 60, and how long after the intake? The figure shows per trajectory (as "
               "assigned at intake) the share that had started an art. 60, by months since intake. Clients who left "
               "the registers earlier or have not been followed that long count for as long as they are followed."),
    },
    "art60.use.caption": {"nl": "Start van een artikel 60 per traject (bij intake)",
                          "en": "Start of an art. 60 per trajectory (at intake)"},
    "art60.use.reading": {
        "nl": ("Binnen {months} maanden na de intake startte **{high:.0f}%** van de cliënten in het traject "
               "*{high_group}* een artikel 60, tegenover **{low:.0f}%** in het traject *{low_group}*. Artikel 60 is "
               "dus niet voorbehouden aan één traject: ook cliënten die bij de intake een ander traject kregen, "
               "worden later vaak naar artikel 60 doorverwezen."),
        "en": ("Within {months} months of the intake **{high:.0f}%** of the clients in the *{high_group}* trajectory "
               "had started an art. 60, against **{low:.0f}%** in the *{low_group}* trajectory. Art. 60 is thus not "
               "reserved to one trajectory: clients assigned another trajectory at intake are often referred to "
               "art. 60 later."),
    },
    "art60.employers.caption": {"nl": "Artikel 60-jobs naar type werkgever", "en": "Art. 60 jobs by type of employer"},
    "art60.employers.reading": {
        "nl": ("Artikel 60-jobs zijn vooral jobs bij openbare besturen, social-profitorganisaties en "
               "sociale-economiebedrijven; **{pct_private}** van de jobs was bij een private werkgever. Het "
               "evaluatierapport stelde hetzelfde vast bij de meest vermelde werkgevers (Tabel 10: o.a. Zorgbedrijf "
               "Antwerpen, Opnieuw & Co, Stad Antwerpen, De Kringwinkel). Resultaten voor private werkgevers "
               "berusten daardoor op weinig personen."),
        "en": ("Art. 60 jobs are mostly with public bodies, social-profit organisations and social-economy companies; "
               "**{pct_private}** of the jobs were with a private employer. The evaluation report found the same among "
               "the employers named most often (Table 10: e.g. Zorgbedrijf Antwerpen, Opnieuw & Co, City of Antwerp, "
               "De Kringwinkel). Results for private employers therefore rest on few persons."),
    },
    # 2. after
    "art60.after.heading": {"nl": "## 2. Waar gaan mensen heen na artikel 60?", "en": "## 2. Where do people go after art. 60?"},
    "art60.next.intro": {
        "nl": ("Wat is de eerste situatie na het einde van het artikel 60? De situaties concurreren: wie na het artikel "
               "60 een werkloosheidsuitkering krijgt, kan niet tegelijk rechtstreeks naar een reguliere job. De tabel "
               "toont de cumulatieve incidentie van elke volgende situatie (Aalen-Johansen)."),
        "en": ("What is the first situation after the end of the art. 60? The situations compete: someone who gets "
               "unemployment benefit after the art. 60 cannot at the same time move straight into a regular job. The "
               "table shows the cumulative incidence of each next situation (Aalen-Johansen)."),
    },
    "art60.next.caption": {"nl": "De situatie direct na het (eerste) artikel 60", "en": "The situation right after the (first) art. 60"},
    "art60.next.reading": {
        "nl": ("Direct na het artikel 60 gaat **{regular}** naar een reguliere job, krijgt **{ub}** een "
               "werkloosheidsuitkering en valt **{ll}** terug op leefloon."),
        "en": ("Right after the art. 60, **{regular}** move into a regular job, **{ub}** receive unemployment benefit "
               "and **{ll}** fall back on social assistance."),
    },
    "art60.occupation.heading": {"nl": "### De situatie 3, 6, 12 en 24 maanden later",
                                 "en": "### The situation 3, 6, 12 and 24 months later"},
    "art60.occupation.intro": {
        "nl": ("Na de eerste stap kan nog veel veranderen: een uitkering kan overgaan in een job, een job kan eindigen. "
               "De figuur toont voor elke maand na het einde van het artikel 60 hoe de personen over de situaties "
               "verdeeld zijn (samen 100%). Het is een schatting die rekening houdt met wie nog niet zo lang gevolgd "
               "is (Aalen-Johansen voor een proces met meerdere toestanden, terugkeer toegelaten). De figuur stopt "
               "waar minder dan {min_cell_size} personen nog gevolgd worden."),
        "en": ("Much can change after the first step: benefit can turn into a job, a job can end. The figure shows, "
               "for every month after the end of the art. 60, how persons are spread over the situations (together "
               "100%). It is an estimate that takes into account who has not been followed that long (Aalen-Johansen "
               "for a multi-state process, returns allowed). The figure stops where fewer than {min_cell_size} "
               "persons are still followed."),
    },
    "art60.occupation.caption": {"nl": "Situatie na het einde van het (eerste) artikel 60 (%, 95%-BI)",
                                 "en": "Situation after the end of the (first) art. 60 (%, 95% CI)"},
    "art60.regular.heading": {"nl": "### Hoe snel volgt een reguliere job?", "en": "### How fast does a regular job follow?"},
    "art60.regular.intro": {
        "nl": ("Hoeveel personen hadden binnen een bepaalde tijd na het artikel 60 ooit een reguliere job (NEC of "
               "interim), ook als die job intussen weer eindigde? Wie uit de registers verdwijnt zonder reguliere "
               "job, telt als concurrerend risico."),
        "en": ("How many persons had a regular job (NEC or temporary agency work) at some point within a given time "
               "after the art. 60, even if that job has ended since? Leaving the registers without a regular job is a "
               "competing risk."),
    },
    "art60.regular.caption": {"nl": "Een reguliere job na het einde van het artikel 60",
                              "en": "A regular job after the end of the art. 60"},
    "art60.regular.reading": {
        "nl": ("Binnen 12 maanden na het artikel 60 had **{m12}** ooit een reguliere job, binnen 24 maanden **{m24}**. "
               "Dat is meer dan het aandeel dat op die momenten ook *in* een reguliere job zit: een deel van de "
               "reguliere jobs na artikel 60 is van korte duur."),
        "en": ("Within 12 months after the art. 60, **{m12}** had had a regular job, within 24 months **{m24}**. That "
               "is more than the share *in* a regular job at those times: part of the regular jobs after art. 60 do "
               "not last."),
    },
    # 3. durable
    "art60.durable.heading": {"nl": "## 3. Duurzame tewerkstelling: definities naast elkaar",
                              "en": "## 3. Durable employment: definitions side by side"},
    "art60.durable.intro": {
        "nl": ("Het evaluatierapport vroeg een operationele definitie van *duurzame* tewerkstelling. Er is niet één "
               "juiste definitie; daarom staan ze hier naast elkaar. Een job is duurzaam vanaf de dag waarop hij aan "
               "de definitie voldoet:\n\n{definitions}\n\nDe eerste twee rijen tellen elke job, ook artikel 60; de "
               "andere enkel reguliere jobs (NEC en interim)."),
        "en": ("The evaluation report asked for an operational definition of *durable* employment. There is no single "
               "right definition; so they are shown side by side. A job is durable from the day it meets the "
               "definition:\n\n{definitions}\n\nThe first two rows count every job, art. 60 included; the others only "
               "regular jobs (NEC and temporary agency work)."),
    },
    "art60.durable.caption": {"nl": "Duurzame tewerkstelling volgens elke definitie (%, 95%-BI)",
                              "en": "Durable employment under each definition (%, 95% CI)"},
    "art60.durable.reading": {
        "nl": ("De definitie maakt een groot verschil. Telt artikel 60 mee, dan lijkt een groot deel van de cliënten "
               "duurzaam aan het werk: een volledig artikel 60 duurt ongeveer een jaar en haalt zo vaak de drempel van "
               "365 dagen of 80% van een jaar. Enkel reguliere jobs geteld, is duurzaam werk veel zeldzamer. Een "
               "rapport over duurzaamheid moet dus altijd vermelden welke definitie het gebruikt."),
        "en": ("The definition makes a large difference. When art. 60 counts, a large part of the clients seem to be "
               "in durable work: a full art. 60 lasts about a year and so often reaches the threshold of 365 days or "
               "80% of a year. Counting only regular jobs, durable work is much rarer. A report on sustainability "
               "should therefore always state which definition it uses."),
    },
    # 4. differences
    "art60.differences.heading": {"nl": "## 4. Verschillen naar traject, werkgever en profiel",
                                  "en": "## 4. Differences by trajectory, employer and profile"},
    "art60.differences.intro": {
        "nl": ("Verschilt wat na artikel 60 volgt naargelang het traject, de werkgever van het artikel 60, het profiel "
               "van de cliënt, en of het taalniveau tijdens het artikel 60 steeg (*profielverhoging*, volgens de "
               "geregistreerde NT2-niveaus)? De figuur toont de situatie na artikel 60 per type werkgever."),
        "en": ("Does what follows art. 60 differ by trajectory, by the employer of the art. 60, by the client's "
               "profile, and by whether the Dutch level rose during the art. 60 (*profile upgrade*, from the "
               "registered Dutch levels)? The figure shows the situation after art. 60 per type of employer."),
    },
    "art60.differences.no_nt2": {
        "nl": "Het register bevat geen behaalde NT2-niveaus; profielverhoging kan hier niet worden nagegaan.",
        "en": "The registry holds no Dutch levels reached; the profile upgrade cannot be examined here."},
    "art60.differences.figure": {"nl": "Situatie na artikel 60 per type werkgever",
                                 "en": "Situation after art. 60 per type of employer"},
    "art60.differences.caption": {"nl": "Wat volgt op het (eerste) artikel 60, per kenmerk",
                                  "en": "What follows the (first) art. 60, per characteristic"},
    "art60.differences.reading": {
        "nl": ("Lees deze verschillen als samenhangen: wie bij een bepaalde werkgever of in een bepaald traject terecht "
               "komt, verschilt ook in andere opzichten. Het duidelijkste verschil is dat naar werkgever: na een "
               "artikel 60 bij een private werkgever gaat **{private}** rechtstreeks naar een reguliere job, na een "
               "artikel 60 bij een openbaar bestuur **{public}** en in de sociale economie **{social_economy}**. Het "
               "aantal private werkgevers is klein."),
        "en": ("Read these differences as associations: who ends up with a given employer or in a given trajectory "
               "also differs in other respects. The clearest difference is by employer: after an art. 60 with a "
               "private employer **{private}** move straight into a regular job, after one with a public body "
               "**{public}** and in the social economy **{social_economy}**. The number of private employers is "
               "small."),
    },
    "art60.differences.reading_short": {
        "nl": ("Lees deze verschillen als samenhangen: wie bij een bepaalde werkgever of in een bepaald traject terecht "
               "komt, verschilt ook in andere opzichten. Waar groepen klein zijn, worden percentages niet getoond."),
        "en": ("Read these differences as associations: who ends up with a given employer or in a given trajectory "
               "also differs in other respects. Where groups are small, percentages are not shown."),
    },
    # 5. landmark
    "art60.landmark.heading": {"nl": "## 5. Vergeleken met wat? Cliënten met en zonder artikel 60",
                               "en": "## 5. Compared with what? Clients with and without art. 60"},
    "art60.landmark.intro": {
        "nl": ("Dat een deel van de mensen na artikel 60 een reguliere job vindt, zegt nog niet of artikel 60 daartoe "
               "bijdraagt: misschien hadden ze die job ook zonder artikel 60 gevonden. De voor de hand liggende "
               "vergelijking - wie ooit een artikel 60 kreeg tegenover wie nooit - is misleidend. Wie een artikel 60 "
               "krijgt, moest eerst lang genoeg zonder job blijven om het te krijgen, en wie snel zelf werk vond, "
               "kreeg nooit een artikel 60 en belandt automatisch in de groep 'zonder'. Die tijd vóór het artikel 60 "
               "wordt zo ten onrechte aan de groep 'met artikel 60' toegeschreven (*immortal time bias*). Zo "
               "vergeleken is {naive_ever} van wie ooit een artikel 60 kreeg {months} maanden na de intake in een "
               "reguliere job, tegenover {naive_never} van wie nooit een artikel 60 kreeg.\n\n"
               "Daarom vergelijken we op vaste **peilmomenten** ({landmarks} maanden na de intake): enkel wie op dat "
               "moment nog gevolgd wordt en nog geen reguliere job had, en binnen die groep wie vóór het peilmoment "
               "een artikel 60 startte met wie dat (nog) niet deed. Beide groepen worden vanaf hetzelfde moment "
               "gevolgd. Wie na het peilmoment nog een artikel 60 start, blijft in de vergelijkingsgroep. Omdat de "
               "groepen ook in profiel en traject verschillen, wordt de vergelijkingsgroep herwogen naar het profiel "
               "van de artikel 60-groep."),
        "en": ("That part of the people find a regular job after art. 60 does not yet say whether art. 60 contributes "
               "to it: perhaps they would have found that job without art. 60 as well. The obvious comparison - "
               "everyone who ever had an art. 60 against everyone who never had one - is misleading. Whoever gets an "
               "art. 60 first had to stay without a job long enough to get it, and whoever found work quickly never "
               "got an art. 60 and ends up in the group 'without' by default. The time before the art. 60 is thus "
               "wrongly credited to the group 'with art. 60' (*immortal time bias*). Compared that way, {naive_ever} "
               "of those who ever had an art. 60 are in a regular job {months} months after intake, against "
               "{naive_never} of those who never had one.\n\n"
               "We therefore compare at fixed **landmarks** ({landmarks} months after intake): only those still "
               "followed then and without a regular job so far, and within that group those who started an art. 60 "
               "before the landmark against those who did not (yet). Both groups are followed from the same moment. "
               "Whoever starts an art. 60 after the landmark stays in the comparison group. As the groups also differ "
               "in profile and trajectory, the comparison group is reweighted to the profile of the art. 60 group."),
    },
    "art60.landmark.caption": {"nl": "Een reguliere job na het peilmoment: artikel 60 gestart vóór het peilmoment of niet",
                               "en": "A regular job after the landmark: art. 60 started before the landmark or not"},
    "art60.landmark.reading": {
        "nl": ("Op het peilmoment van {landmark} maanden had de artikel 60-groep {horizon} maanden later vaker een "
               "reguliere job dan vergelijkbare cliënten zonder artikel 60: een verschil van **{difference}** "
               "procentpunt (95%-BI {ci}). Zo'n vergelijking corrigeert enkel voor wat het register bevat: wie een "
               "artikel 60 krijgt, kan ook verschillen in gezondheid, werkervaring of motivatie."),
        "en": ("At the {landmark}-month landmark the art. 60 group had a regular job {horizon} months later more often "
               "than comparable clients without art. 60: a difference of **{difference}** percentage points (95% CI "
               "{ci}). Such a comparison only adjusts for what the registry holds: those who get an art. 60 may also "
               "differ in health, work experience or motivation."),
    },
    "art60.landmark.reading_less": {
        "nl": ("Op het peilmoment van {landmark} maanden had de artikel 60-groep {horizon} maanden later minder vaak een "
               "reguliere job dan vergelijkbare cliënten zonder artikel 60: een verschil van **{difference}** "
               "procentpunt (95%-BI {ci}). Zo'n vergelijking corrigeert enkel voor wat het register bevat: wie een "
               "artikel 60 krijgt, kan ook verschillen in gezondheid, werkervaring of motivatie."),
        "en": ("At the {landmark}-month landmark the art. 60 group had a regular job {horizon} months later less often "
               "than comparable clients without art. 60: a difference of **{difference}** percentage points (95% CI "
               "{ci}). Such a comparison only adjusts for what the registry holds: those who get an art. 60 may also "
               "differ in health, work experience or motivation."),
    },
    "art60.landmark.reading_unclear": {
        "nl": ("Op het peilmoment van {landmark} maanden is er geen duidelijk verschil: {horizon} maanden later "
               "verschilt het aandeel met een reguliere job tussen de artikel 60-groep en vergelijkbare cliënten "
               "zonder artikel 60 met **{difference}** procentpunt, maar het 95%-betrouwbaarheidsinterval ({ci}) "
               "omvat nul. Zo'n vergelijking "
               "corrigeert bovendien enkel voor wat het register bevat: wie een artikel 60 krijgt, kan ook verschillen "
               "in gezondheid, werkervaring of motivatie."),
        "en": ("At the {landmark}-month landmark there is no clear difference: {horizon} months later the share with "
               "a regular job differs by **{difference}** percentage points between the art. 60 group and comparable "
               "clients without art. 60, but the 95% confidence interval ({ci}) includes zero. Moreover, such a "
               "comparison only "
               "adjusts for what the registry holds: those who get an art. 60 may also differ in health, work "
               "experience or motivation."),
    },
    "art60.landmark.timing": {
        "nl": ("Let op de opvolgingsduur: wie vlak vóór het peilmoment een artikel 60 startte, is de eerste maanden "
               "nog aan het werk in dat artikel 60 en zoekt dan geen reguliere job (*lock-in*). Een korte opvolging "
               "onderschat zo wat artikel 60 later oplevert, een lange opvolging toont ook wat na het einde van de "
               "job gebeurt."),
        "en": ("Mind the length of follow-up: whoever started an art. 60 just before the landmark is still working in "
               "it during the first months and does not look for a regular job then (*lock-in*). A short follow-up "
               "thus underestimates what art. 60 yields later; a long one also shows what happens after the job "
               "ends."),
    },
    # 6. TWE
    "art60.twe.heading": {"nl": "## 6. Het resultaat van het laatste TWE-traject",
                          "en": "## 6. The result of the last TWE trajectory"},
    "art60.twe.intro": {
        "nl": ("Het evaluatierapport gaf het resultaat van het laatste afgesloten TWE-traject (Tabel 9: einddatum "
               "tussen 2019 en maart 2020). Uit het register volgt dezelfde tabel: cliënten van wie het laatste "
               "artikel 60 tussen {period_start} en {period_end} eindigde (zonder nieuw artikel 60 tot dan), naar de "
               "situatie die erop volgde."),
        "en": ("The evaluation report gave the result of the last completed TWE trajectory (Table 9: end date between "
               "2019 and March 2020). The registry gives the same table: clients whose last art. 60 ended between "
               "{period_start} and {period_end} (no new art. 60 by then), by the situation that followed."),
    },
    "art60.twe.caption": {"nl": "Resultaat van het laatste TWE-traject (einde {period_start} tot {period_end})",
                          "en": "Result of the last TWE trajectory (end {period_start} to {period_end})"},
    "art60.twe.synthetic": {
        "nl": ("Het synthetische model is niet gekalibreerd op deze tabel: het evaluatierapport telde slechts 179 "
               "afgesloten TWE-trajecten (veel trajecten liepen in maart 2020 nog), het model telt er meer. "
               "Vergelijk daarom de verdeling over de resultaten, niet de aantallen. Een reguliere job bij een "
               "sociale-economiebedrijf komt in het model niet voor."),
        "en": ("The synthetic model is not calibrated to this table: the evaluation report counted only 179 completed "
               "TWE trajectories (many were still running in March 2020), the model counts more. Compare the "
               "distribution over the results, not the counts. A regular job with a social-economy company does not "
               "occur in the model."),
    },
    # caveats and definitions
    "art60.caveats.heading": {"nl": "## Kanttekeningen", "en": "## Caveats"},
    "art60.caveats": {
        "nl": ("- **Samenhang is geen effect.** De verschillen in deel 4 zijn beschrijvend. De vergelijking in deel 5 "
               "corrigeert voor profiel en traject, maar niet voor wat het register niet bevat (gezondheid, "
               "werkervaring, motivatie, de inschatting van de trajectbegeleider).\n"
               "- **Enkel wat geregistreerd is.** Wie verhuist of uit de registers verdwijnt, staat als *onbekend*; "
               "werk in het buitenland of zwartwerk is niet zichtbaar. Korte onderbrekingen tot {max_gap_days} dagen "
               "tussen registraties gelden als registratievertraging.\n"
               "- **Eerste artikel 60.** De analyse start na het eerste artikel 60 van elke cliënt; wie na een kort "
               "artikel 60 een tweede kreeg, telt dat tweede als volgende situatie.\n"
               "- **Lopende jobs.** Artikel 60-jobs die op het einde van de opvolging nog liepen, tellen niet mee; "
               "de schattingen gaan over jobs die eindigden, en langere of latere jobs zijn daardoor iets "
               "ondervertegenwoordigd.\n"
               "- **Kleine groepen.** Private werkgevers en sommige profielen tellen weinig personen; hun cijfers zijn "
               "onzeker en worden deels niet getoond."),
        "en": ("- **Association is not effect.** The differences in part 4 are descriptive. The comparison in part 5 "
               "adjusts for profile and trajectory, but not for what the registry does not hold (health, work "
               "experience, motivation, the caseworker's assessment).\n"
               "- **Only what is registered.** Whoever moves or leaves the registers shows as *unknown*; work abroad "
               "or undeclared work is not visible. Gaps of up to {max_gap_days} days between registrations count "
               "as registration delays.\n"
               "- **First art. 60.** The analysis starts after each client's first art. 60; whoever got a second one "
               "after a short first one has that second one as next situation.\n"
               "- **Running jobs.** Art. 60 jobs still running at the end of follow-up do not count; the estimates are "
               "about jobs that ended, and longer or later jobs are slightly under-represented.\n"
               "- **Small groups.** Private employers and some profiles count few persons; their figures are "
               "uncertain and partly not shown."),
    },
    "art60.definitions.heading": {"nl": "## Definities", "en": "## Definitions"},
    "art60.definitions": {
        "nl": ("- **Cohorte**: alle intakes van het programma {programme} van {first_intake} tot {last_intake}, "
               "gevolgd tot {censor_date}; het **traject** is het traject bij de intake.\n"
               "- **Artikel 60-job**: een tewerkstellingsperiode met contracttype *artikel 60*; de studie volgt de "
               "{which} na de intake. De **werkgever** is het type werkgever van die periode.\n"
               "- **Situatie op een dag**: uit de registraties die die dag lopen: een reguliere job (NEC, bepaalde of "
               "onbepaalde duur, of interim), een artikel 60 of een job in de sociale economie, een "
               "werkloosheidsuitkering, leefloon, of *onbekend* (geen registratie). Lopen er meerdere, dan telt werk "
               "vóór een uitkering.\n"
               "- **Volgende situatie**: de eerste registratie die binnen {max_gap_days} dagen na het einde van het "
               "artikel 60 begint; anders *onbekend*.\n"
               "- **Situatie na t maanden**: Aalen-Johansen-schatting voor een proces met meerdere toestanden, "
               "terugkeer toegelaten; 95%-interval met {n_boot} bootstrapsteekproeven (seed {seed}).\n"
               "- **Reguliere job na artikel 60**: cumulatieve incidentie van een eerste reguliere job; verdwijnen uit "
               "de registers is een concurrerend risico.\n"
               "- **Duurzame job**: {durable}.\n"
               "- **Profielverhoging**: een geregistreerd NT2-niveau, behaald tijdens het artikel 60, hoger dan het "
               "niveau dat bij de start gekend was.\n"
               "- **Peilmomentvergelijking**: op {landmarks} maanden na de intake; cliënten nog gevolgd en nog zonder "
               "reguliere job; groep *artikel 60* = gestart vóór het peilmoment; uitkomsten over {horizons} maanden "
               "daarna; herweging met inverse kansgewichten (ATT) op traject en profiel (geslacht, gezinssituatie, "
               "leeftijd, scholing, taalniveau bij intake, periode van intake), 95%-bootstrapinterval ({n_boot} "
               "steekproeven, propensitymodel telkens opnieuw geschat).\n"
               "- **TWE-resultaat**: *NEC* = reguliere job (ook interim) bij een werkgever buiten de sociale economie; "
               "*NEC in SE-bedrijf* = reguliere job bij een sociale-economiebedrijf; *SEC* = job in de sociale "
               "economie; *geen werk* = al het andere.\n"
               "- **Statistische geheimhouding**: geen aantal kleiner dan {min_cell_size}; percentages die zo'n "
               "aantal zouden verraden, worden niet getoond; categorieën met minder dan {min_cell_size} personen "
               "worden samengevoegd; curves stoppen waar minder dan {min_cell_size} personen nog gevolgd worden."),
        "en": ("- **Cohort**: all intakes of the programme {programme} from {first_intake} to {last_intake}, followed "
               "up to {censor_date}; the **trajectory** is the one at intake.\n"
               "- **Art. 60 job**: an employment spell with contract type *art. 60*; the study follows the {which} "
               "after the intake. The **employer** is the employer type of that spell.\n"
               "- **Situation on a day**: from the registrations running that day: a regular job (NEC, fixed-term or "
               "open-ended, or temporary agency work), an art. 60 or a social-economy job, unemployment benefit, "
               "social assistance, or *unknown* (no registration). When several run, work comes before benefit.\n"
               "- **Next situation**: the first registration that begins within {max_gap_days} days after the end of "
               "the art. 60; otherwise *unknown*.\n"
               "- **Situation after t months**: Aalen-Johansen estimate for a multi-state process, returns allowed; "
               "95% interval from {n_boot} bootstrap samples (seed {seed}).\n"
               "- **Regular job after art. 60**: cumulative incidence of a first regular job; leaving the registers "
               "competes.\n"
               "- **Durable job**: {durable}.\n"
               "- **Profile upgrade**: a registered Dutch level, reached during the art. 60, above the level known at "
               "its start.\n"
               "- **Landmark comparison**: at {landmarks} months after intake; clients still followed and without a "
               "regular job so far; group *art. 60* = started before the landmark; outcomes over {horizons} months "
               "after it; inverse probability weights (ATT) on trajectory and profile (sex, household, age, "
               "education, Dutch level at intake, intake period), 95% bootstrap interval ({n_boot} samples, "
               "propensity model refitted each time).\n"
               "- **TWE result**: *NEC* = regular job (temporary agency work included) with an employer outside the "
               "social economy; *NEC in a social-economy company* = regular job with a social-economy company; "
               "*SEC* = social-economy job; *no work* = everything else.\n"
               "- **Statistical disclosure control**: no count below {min_cell_size}; percentages that would reveal "
               "such a count are not shown; categories with fewer than {min_cell_size} persons are merged; curves "
               "stop where fewer than {min_cell_size} persons are still followed."),
    },
    "art60.which.first": {"nl": "eerste artikel 60-job", "en": "first art. 60 job"},
    "art60.which.all": {"nl": "artikel 60-jobs (elke job apart)", "en": "art. 60 jobs (each job separately)"},
}
