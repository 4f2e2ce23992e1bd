"""Report texts of the survival study (``survival.*`` keys), in Dutch and English.

``TEXTS`` holds the narrative and the words of tables and figures; ``LABELS`` and ``VARIABLES``
the category labels and headings that have no code list (short trajectory names for legends,
grouped Dutch levels).
"""

from evalkit.texts import LABELS as _SHARED

LABELS = {
    "trajectory_short": _SHARED["trajectory_short"],
    "nt2_group": _SHARED["nt2_group"],
}

VARIABLES = {
    "trajectory": {"nl": "Traject bij intake", "en": "Trajectory at intake"},
    "nt2_group": {"nl": "Taalniveau NT2 bij intake", "en": "Dutch level (NT2) at intake"},
    "latent_employability": {"nl": "Latente inzetbaarheid", "en": "Latent employability"},
}

TEXTS = {
    # ------------------------------------------------------------------ title and data
    "survival.title": {"nl": "# Tijd tot de eerste job", "en": "# Time to first job"},
    "survival.intro": {
        "nl": ("De evaluatie van COB Coevelt kon alleen een momentopname bekijken (de VDAB-status in maart "
               "2020) en stelde vast: *\"de data laten niet toe te zeggen hoe lang het duurt voor mensen hun "
               "eerste job vinden\"*. Met de tewerkstellingsperiodes uit het register kan dat wel. Dit rapport "
               "volgt elke cliënt vanaf de intake tot de eerste job, of tot het einde van de opvolging als er "
               "(nog) geen job was. Wie nog geen job had aan het einde van de opvolging, telt mee zolang hij of "
               "zij gevolgd werd (*censurering*): zo onderschat het rapport de wachttijd niet, zoals een "
               "gemiddelde over alleen wie al werk vond dat zou doen."),
        "en": ("The COB Coevelt evaluation could only look at a snapshot (the VDAB status in March 2020) and "
               "concluded: *\"the data do not allow us to say how long it takes before people find their first "
               "job\"*. The employment spells in the registry do allow it. This report follows every client from "
               "intake to the first job, or to the end of follow-up when there was no job (yet). Whoever had no job "
               "by the end of follow-up counts for as long as they were followed (*censoring*): the report thus "
               "does not underestimate the waiting time, as a mean over only those who found work would."),
    },
    "survival.data": {
        "nl": ("**Gegevens.** Register: {source}, programma {programme}. **{n_intakes}** intakes van {first_intake} "
               "tot {last_intake}; opvolging tot {censor_date} (mediaan {median_follow_up:.0f} maanden). "
               "Uitkomst: **{endpoint}**; {n_events} cliënten bereikten die binnen de opvolging. Bij {n_left_registers} "
               "cliënten eindigde elke registratie (uitkering of werk) vóór de einddatum: zij zijn verhuisd of "
               "uitgeschreven en worden gevolgd tot hun laatste registratie. Bij de intake al aan het werk: "
               "{n_employed_at_intake}."),
        "en": ("**Data.** Registry: {source}, programme {programme}. **{n_intakes}** intakes from {first_intake} "
               "to {last_intake}; follow-up until {censor_date} (median {median_follow_up:.0f} months). "
               "Outcome: **{endpoint}**; {n_events} clients reached it during follow-up. For {n_left_registers} "
               "clients every registration (benefit or work) ended before the end date: they moved or were "
               "deregistered and are followed until their last registration. Already at work at intake: "
               "{n_employed_at_intake}."),
    },
    "survival.synthetic": {
        "nl": ("**Let op: synthetische gegevens.** Dit register is gegenereerd uit een gedocumenteerd model dat "
               "gekalibreerd is op de gepubliceerde cijfers van de evaluatie van COB Coevelt (2020). Er staan "
               "geen echte personen in; de cijfers tonen wat de analyse kan, niet hoe het de cliënten van COB "
               "Coevelt verging."),
        "en": ("**Note: synthetic data.** This registry was generated from a documented model calibrated to the "
               "published figures of the COB Coevelt evaluation (2020). It holds no real persons; the figures "
               "show what the analysis can do, not how COB Coevelt's clients fared."),
    },
    "survival.endpoint.any_job": {"nl": "een eerste job van eender welk type", "en": "a first job of any kind"},
    "survival.endpoint.nec": {"nl": "een eerste job in het normaal economisch circuit (NEC)",
                              "en": "a first job in the regular economy (NEC)"},
    "survival.endpoint.art60": {"nl": "een eerste artikel 60", "en": "a first art. 60 job"},
    "survival.endpoint.interim": {"nl": "een eerste interimjob", "en": "a first temporary agency job"},
    "survival.endpoint.sec": {"nl": "een eerste job in de sociale economie", "en": "a first social-economy job"},
    "survival.endpoint.durable": {"nl": "een eerste duurzame job ({definition})",
                                  "en": "a first durable job ({definition})"},
    # ------------------------------------------------------------------ Kaplan-Meier
    "survival.km.heading": {"nl": "## Hoe snel vinden cliënten een eerste job?",
                            "en": "## How fast do clients find a first job?"},
    "survival.km.intro": {
        "nl": ("De figuur toont per traject het aandeel cliënten dat al een eerste job had, naargelang het aantal "
               "maanden sinds de intake (Kaplan-Meier). De gekleurde band is het 95%-betrouwbaarheidsinterval. "
               "Onder de figuur staat hoeveel cliënten op elk moment nog gevolgd werden zonder job "
               "(*at risk*): waar dat aantal klein wordt, is de curve onzeker."),
        "en": ("The figure shows per trajectory the share of clients who already had a first job, by months since "
               "intake (Kaplan-Meier). The coloured band is the 95% confidence interval. Under the figure is the "
               "number of clients still followed without a job at each time (*at risk*): where it gets small, the "
               "curve is uncertain."),
    },
    "survival.km.definition": {
        "nl": ("*Aandeel met een eerste job*: het deel van de cliënten dat binnen het aantal maanden sinds de "
               "intake een eerste job had, geschat met Kaplan-Meier (wie nog gevolgd wordt zonder job telt mee tot "
               "het einde van zijn of haar opvolging). *Aantal nog in opvolging zonder job*: cliënten die op dat "
               "moment nog geen job hadden en nog gevolgd werden; onder {min_cell_size} staat er <{min_cell_size} "
               "en stopt de curve."),
        "en": ("*Share with a first job*: the part of the clients who had a first job within the number of months "
               "since intake, estimated by Kaplan-Meier (whoever is still followed without a job counts until the "
               "end of their follow-up). *Number still followed without a job*: clients who had no job yet at that "
               "time and were still followed; below {min_cell_size} it reads <{min_cell_size} and the curve stops."),
    },
    "survival.km.reading": {
        "nl": ("Na {months} maanden had **{share_all:.0f}%** van alle cliënten {endpoint}: van {low:.0f}% "
               "({low_group}) tot {high:.0f}% ({high_group}) naargelang het traject."),
        "en": ("After {months} months **{share_all:.0f}%** of all clients had {endpoint}: from {low:.0f}% "
               "({low_group}) to {high:.0f}% ({high_group}) depending on the trajectory."),
    },
    "survival.median.caption": {"nl": "Mediane tijd tot de eerste job, per traject",
                                "en": "Median time to first job, per trajectory"},
    "survival.median.note": {
        "nl": ("Mediaan: het aantal maanden waarna de helft van de cliënten een job had; *niet bereikt* als "
               "minder dan de helft binnen de opvolging een job vond."),
        "en": ("Median: the number of months after which half of the clients had a job; *not reached* when fewer "
               "than half found a job during follow-up."),
    },
    "survival.share.caption": {"nl": "Aandeel met een eerste job na {months} maanden (%, 95%-BI)",
                               "en": "Share with a first job after {months} months (%, 95% CI)"},
    "survival.share.note": {
        "nl": "Een streepje: te weinig cliënten nog in opvolging om het aandeel te tonen.",
        "en": "A dash: too few clients still followed to show the share.",
    },
    "survival.share.small": {
        "nl": ("Een aandeel dat op minder dan {min_cell_size} cliënten met een job berust, wordt niet getoond (x): "
               "het zou dat kleine aantal verraden."),
        "en": ("A share that rests on fewer than {min_cell_size} clients with a job is not shown (x): it would "
               "reveal that small count."),
    },
    "survival.cif.small": {
        "nl": ("Een aandeel dat op minder dan {min_cell_size} eerste jobs van die soort berust, wordt niet getoond (x); "
               "omdat de soorten optellen tot het aandeel met een job, is dan ook een tweede soort weggelaten."),
        "en": ("A share that rests on fewer than {min_cell_size} first jobs of that kind is not shown (x); as the "
               "kinds add up to the share with a job, a second kind is then left out too."),
    },
    "survival.logrank.heading": {"nl": "### Verschillen de trajecten?", "en": "### Do the trajectories differ?"},
    "survival.logrank.caption": {"nl": "Log-ranktoetsen: zijn de curves gelijk?",
                                 "en": "Log-rank tests: are the curves equal?"},
    "survival.logrank.reading": {
        "nl": ("De log-ranktoets vergelijkt de volledige curves. Een kleine p-waarde zegt dat de trajecten "
               "verschillen in hoe snel cliënten een job vinden, niet *waarom*: de trajecten kregen verschillende "
               "profielen (sterkere profielen gaan vaker naar het VDAB-traject). Het Cox-model hieronder houdt "
               "rekening met de gemeten profielkenmerken."),
        "en": ("The log-rank test compares whole curves. A small p-value says that the trajectories differ in how "
               "fast clients find a job, not *why*: the trajectories received different profiles (stronger "
               "profiles go to the VDAB trajectory more often). The Cox model below takes the measured profile "
               "into account."),
    },
    # ------------------------------------------------------------------ Cox
    "survival.cox.heading": {"nl": "## Welke kenmerken hangen samen met een snellere job?",
                             "en": "## Which characteristics go with a faster job?"},
    "survival.cox.intro": {
        "nl": ("Het Cox-model schat voor elk kenmerk een **hazard ratio** (HR): hoeveel keer sneller (HR > 1) of "
               "trager (HR < 1) cliënten met dat kenmerk een job vinden dan de referentiegroep, bij gelijke andere "
               "kenmerken in het model. {n_left_out} cliënten met een onbekende waarde of in een categorie van "
               "minder dan {min_cell_size} personen zijn niet opgenomen. Ook na deze correctie blijven de "
               "trajectverschillen beschrijvend: wat niet geregistreerd is (gezondheid, werkervaring, motivatie) "
               "bepaalt mee wie welk traject krijgt."),
        "en": ("The Cox model estimates for each characteristic a **hazard ratio** (HR): how many times faster "
               "(HR > 1) or slower (HR < 1) clients with that characteristic find a job than the reference group, "
               "other characteristics in the model being equal. {n_left_out} clients with an unknown value or in a "
               "category of fewer than {min_cell_size} persons are left out. Even after this adjustment the "
               "trajectory differences remain descriptive: what is not registered (health, work experience, "
               "motivation) also decides who gets which trajectory."),
    },
    "survival.cox.caption": {"nl": "Cox-model: hazard ratio's (95%-BI) voor de tijd tot de eerste job",
                             "en": "Cox model: hazard ratios (95% CI) for the time to first job"},
    "survival.cox.forest": {"nl": "Hazard ratio's met 95%-betrouwbaarheidsinterval (logaritmische schaal)",
                            "en": "Hazard ratios with 95% confidence interval (logarithmic scale)"},
    "survival.cox.definition": {
        "nl": ("*Hazard ratio*: hoeveel keer groter (> 1) of kleiner (< 1) de kans per dag is om een job te vinden "
               "dan in de referentiecategorie (open bolletje bij 1), bij gelijke andere kenmerken. De lijn is het "
               "95%-betrouwbaarheidsinterval: raakt ze 1 niet, dan is het verschil statistisch significant."),
        "en": ("*Hazard ratio*: how many times larger (> 1) or smaller (< 1) the daily chance of finding a job is "
               "than in the reference category (open circle at 1), other characteristics being equal. The line is "
               "the 95% confidence interval: when it does not touch 1, the difference is statistically significant."),
    },
    "survival.ph.heading": {"nl": "### Geldt de veronderstelling van proportionele hazards?",
                            "en": "### Does the proportional-hazards assumption hold?"},
    "survival.ph.intro": {
        "nl": ("Een hazard ratio vat een verschil samen in één getal, alsof het de hele opvolging even groot is. "
               "De toets hieronder (geschaalde Schoenfeld-residuen) gaat per kenmerk na of dat klopt; een kleine "
               "p-waarde betekent dat het verschil in de tijd verandert."),
        "en": ("A hazard ratio sums up a difference in one number, as if it were equally large throughout "
               "follow-up. The test below (scaled Schoenfeld residuals) checks that per characteristic; a small "
               "p-value means that the difference changes over time."),
    },
    "survival.ph.caption": {"nl": "Toets van proportionele hazards per kenmerk",
                            "en": "Test of proportional hazards per characteristic"},
    "survival.ph.ok": {
        "nl": "Geen enkel kenmerk schendt de veronderstelling (p ≥ {alpha}); de hazard ratio's hierboven gelden voor de hele opvolging.",
        "en": "No characteristic violates the assumption (p ≥ {alpha}); the hazard ratios above hold for the whole follow-up.",
    },
    "survival.ph.violated": {
        "nl": ("De veronderstelling is geschonden (p < {alpha}) voor: **{terms}**. Voor die kenmerken is één hazard "
               "ratio een gemiddelde over de tijd dat het verloop verbergt."),
        "en": ("The assumption is violated (p < {alpha}) for: **{terms}**. For those characteristics a single "
               "hazard ratio is an average over time that hides how the difference evolves."),
    },
    "survival.ph.period.follows": {
        "nl": "Daarom toont dit rapport hieronder hun hazard ratio vóór en na {months} maanden.",
        "en": "This report therefore shows their hazard ratio before and after {months} months below.",
    },
    "survival.ph.stratified": {
        "nl": ("Ook het traject schendt de veronderstelling. Het model hieronder geeft elk traject daarom zijn eigen "
               "verloop in de tijd (*stratificatie*); de profielkenmerken worden dan binnen de trajecten vergeleken "
               "en hangen niet af van hoe de trajectverschillen in de tijd evolueren."),
        "en": ("The trajectory violates the assumption too. The model below therefore gives each trajectory its own "
               "course over time (*stratification*); the profile characteristics are then compared within "
               "trajectories and do not depend on how the trajectory differences evolve over time."),
    },
    "survival.ph.stratified.caption": {
        "nl": "Cox-model gestratificeerd naar traject: hazard ratio's (95%-BI) van de profielkenmerken",
        "en": "Cox model stratified by trajectory: hazard ratios (95% CI) of the profile characteristics"},
    "survival.ph.period.caption": {
        "nl": "Hazard ratio's (95%-BI) vóór en na {months} maanden, voor de kenmerken die de veronderstelling schenden",
        "en": "Hazard ratios (95% CI) before and after {months} months, for the characteristics that violate the assumption"},
    "survival.ph.period.note": {
        "nl": ("Vóór: de eerste {months} maanden na de intake. Na: cliënten die na {months} maanden nog geen job "
               "hadden, vanaf dat moment. Beide uit één model waarin het effect na {months} maanden mag veranderen."),
        "en": ("Before: the first {months} months after intake. After: clients without a job after {months} months, "
               "from then on. Both from one model in which the effect may change at {months} months."),
    },
    # ------------------------------------------------------------------ competing risks
    "survival.cif.heading": {"nl": "## Welk soort eerste job: artikel 60, reguliere job of andere?",
                             "en": "## Which kind of first job: art. 60, regular job or other?"},
    "survival.cif.intro": {
        "nl": ("Een eerste job is een artikel 60, een job in het normaal economisch circuit (NEC, bepaalde of "
               "onbepaalde duur) of een andere job (interim, sociale economie). Wie eerst een artikel 60 krijgt, "
               "kan niet meer als eerste job een NEC-job hebben: de soorten *concurreren*. De figuur toont per "
               "soort het aandeel cliënten van wie de eerste job van die soort was (cumulatieve incidentie, "
               "Aalen-Johansen). Per traject tellen de drie panelen op tot het aandeel met eender welke job."),
        "en": ("A first job is an art. 60 job, a job in the regular economy (NEC, fixed-term or open-ended) or "
               "another job (temporary agency work, social economy). Whoever first gets an art. 60 job cannot have a "
               "NEC job as first job any more: the kinds *compete*. The figure shows per kind the share of clients "
               "whose first job was of that kind (cumulative incidence, Aalen-Johansen). Per trajectory the three "
               "panels add up to the share with any job."),
    },
    "survival.cif.definition": {
        "nl": ("*Cumulatieve incidentie*: het aandeel cliënten van wie de eerste job, binnen het aantal maanden "
               "sinds de intake, van deze soort was (Aalen-Johansen; wie een ander soort eerste job had, kan deze "
               "niet meer als eerste job hebben). De band is het 95%-betrouwbaarheidsinterval."),
        "en": ("*Cumulative incidence*: the share of clients whose first job, within the number of months since "
               "intake, was of this kind (Aalen-Johansen; whoever had another kind of first job can no longer have "
               "this kind as first job). The band is the 95% confidence interval."),
    },
    "survival.cif.caption": {"nl": "Cumulatieve incidentie (%) van de eerste job naar soort, per traject",
                             "en": "Cumulative incidence (%) of the first job by kind, per trajectory"},
    "survival.cif.gray.caption": {"nl": "Gray-toets: verschilt de cumulatieve incidentie tussen de trajecten?",
                                  "en": "Gray's test: does the cumulative incidence differ between trajectories?"},
    "survival.finegray.heading": {"nl": "### Kenmerken en het soort eerste job (Fine-Gray)",
                                  "en": "### Characteristics and the kind of first job (Fine-Gray)"},
    "survival.finegray.intro": {
        "nl": ("Het Fine-Gray-model schat per kenmerk een *subdistributie-hazard ratio* (SHR): een SHR boven 1 "
               "betekent dat cliënten met dat kenmerk vaker (en sneller) als eerste job een job van die soort "
               "hebben, rekening houdend met de andere soorten. Zo is te zien welke profielen via artikel 60 "
               "starten en welke meteen in het reguliere circuit."),
        "en": ("The Fine-Gray model estimates per characteristic a *subdistribution hazard ratio* (SHR): an SHR above "
               "1 means that clients with that characteristic more often (and sooner) have a first job of that kind, "
               "accounting for the other kinds. It shows which profiles start through art. 60 and which go straight "
               "to the regular economy."),
    },
    "survival.finegray.caption": {"nl": "Fine-Gray: subdistributie-hazard ratio's (95%-BI) per soort eerste job",
                                  "en": "Fine-Gray: subdistribution hazard ratios (95% CI) per kind of first job"},
    # ------------------------------------------------------------------ RMST
    "survival.rmst.heading": {"nl": "## Hoeveel maanden zonder job in de eerste {horizon} maanden?",
                              "en": "## How many months without a job in the first {horizon} months?"},
    "survival.rmst.intro": {
        "nl": ("De *beperkte gemiddelde overlevingstijd* (RMST) is het gemiddelde aantal maanden dat cliënten in de "
               "eerste {horizon} maanden na de intake zonder job waren: de oppervlakte onder de curve van wie nog "
               "geen job had. Ze vraagt geen proportionele hazards en leest als een gewone duur."),
        "en": ("The *restricted mean survival time* (RMST) is the mean number of months clients spent without a job "
               "in the first {horizon} months after intake: the area under the curve of those without a job. It "
               "needs no proportional hazards and reads as an ordinary duration."),
    },
    "survival.rmst.caption": {"nl": "Gemiddeld aantal maanden zonder job in de eerste {horizon} maanden",
                              "en": "Mean months without a job in the first {horizon} months"},
    "survival.rmst.note": {
        "nl": "Verschil: traject min lineair traject; negatief = sneller een job.",
        "en": "Difference: trajectory minus linear trajectory; negative = a job sooner.",
    },
    "survival.rmst.reading": {
        "nl": ("In de eerste {horizon} maanden waren cliënten van het lineaire traject gemiddeld **{reference:.1f}** "
               "maanden zonder job; het verschil met de andere trajecten loopt van {low:+.1f} tot {high:+.1f} maanden."),
        "en": ("In the first {horizon} months clients of the linear trajectory spent on average **{reference:.1f}** "
               "months without a job; the difference with the other trajectories ranges from {low:+.1f} to "
               "{high:+.1f} months."),
    },
    # ------------------------------------------------------------------ snapshots
    "survival.snapshot.heading": {"nl": "## Wat als er alleen momentopnames zijn?",
                                  "en": "## What if there are only snapshots?"},
    "survival.snapshot.intro": {
        "nl": ("Veel registers bevatten geen tewerkstellingsperiodes, alleen de status op vaste data (zoals de "
               "VDAB-status van maart 2020 in de evaluatie). Dan is alleen geweten dat de eerste job begon tussen "
               "de laatste momentopname zonder en de eerste met werk (*intervalcensurering*). De Turnbull-schatter "
               "maakt daaruit toch een curve. De figuur vergelijkt die met de curve uit de periodes, voor "
               "driemaandelijkse, halfjaarlijkse en jaarlijkse momentopnames. Jobs die tussen twee momentopnames "
               "beginnen én eindigen, blijven onzichtbaar."),
        "en": ("Many registries hold no employment spells, only the status on fixed dates (like the VDAB status of "
               "March 2020 in the evaluation). Then all that is known is that the first job began between the last "
               "snapshot without and the first with work (*interval censoring*). The Turnbull estimator still makes "
               "a curve of it. The figure compares it with the curve from the spells, for quarterly, half-yearly and "
               "yearly snapshots. Jobs that begin and end between two snapshots stay invisible."),
    },
    "survival.snapshot.definition": {
        "nl": ("*Uit de tewerkstellingsperiodes*: de Kaplan-Meier-curve van de eerste job, zoals hierboven. "
               "*Turnbull*: dezelfde curve geschat uit alleen de VDAB-status op de momentopnames, met de eerste job "
               "tussen de laatste momentopname zonder en de eerste met werk; binnen zo'n interval loopt de lijn "
               "recht omdat het juiste moment onbekend is. Dezelfde cliënten en dezelfde opvolging."),
        "en": ("*From the employment spells*: the Kaplan-Meier curve of the first job, as above. *Turnbull*: the "
               "same curve estimated from the VDAB status on the snapshots only, the first job lying between the "
               "last snapshot without and the first with work; within such an interval the line is straight because "
               "the exact moment is unknown. Same clients, same follow-up."),
    },
    "survival.snapshot.caption": {
        "nl": "Aandeel met een eerste job (%): uit de periodes en uit momentopnames alleen",
        "en": "Share with a first job (%): from the spells and from snapshots only"},
    "survival.snapshot.note": {
        "nl": ("Periodes: Kaplan-Meier op de tewerkstellingsperiodes. Turnbull: uit de momentopnames, met de "
               "intervalcensurering. Eerste werkstatus: de datum van de eerste momentopname met werk als startdatum "
               "(de naïeve lezing). Verschil: Turnbull min periodes, in procentpunt."),
        "en": ("Spells: Kaplan-Meier on the employment spells. Turnbull: from the snapshots, with interval "
               "censoring. First work status: the date of the first snapshot with work taken as the start date (the "
               "naive reading). Difference: Turnbull minus spells, in percentage points."),
    },
    "survival.snapshot.reading": {
        "nl": ("Na {months} maanden schat de Turnbull-curve uit {design} momentopnames het aandeel met een job "
               "{difference:.1f} procentpunt lager dan de periodes; de naïeve lezing zit er {naive:.1f} procentpunt "
               "onder. Hoe schaarser de momentopnames, hoe meer korte jobs buiten beeld blijven."),
        "en": ("After {months} months the Turnbull curve from {design} snapshots puts the share with a job "
               "{difference:.1f} percentage points below the spells; the naive reading is {naive:.1f} points below. "
               "The sparser the snapshots, the more short jobs stay out of sight."),
    },
    # ------------------------------------------------------------------ definitions
    "survival.definitions.heading": {"nl": "## Definities en kanttekeningen", "en": "## Definitions and caveats"},
    "survival.definitions": {
        "nl": ("- **Cohorte**: alle intakes van het programma {programme} van {intake_from} tot {intake_to}; "
               "het **traject** is het traject dat bij de intake werd toegewezen (latere trajectwijzigingen "
               "veranderen de groep niet).\n"
               "- **Tijd tot de eerste job**: dagen van de intakedatum tot de startdatum van de eerste "
               "tewerkstellingsperiode (in maanden van 30,4 dagen). Een periode die vóór de intake begon en bij de "
               "intake nog liep, telt als job op dag 0.\n"
               "- **Soort job**: het contracttype van de periode: *artikel 60*; *NEC* (contract van bepaalde of "
               "onbepaalde duur in het normaal economisch circuit); *andere* (interim, sociale economie). Begint "
               "op dezelfde dag meer dan één job, dan telt de eerste in de codelijst van contracttypes.\n"
               "- **Duurzame job**: {durable}.\n"
               "- **Einde van de opvolging**: de einddatum ({censor_date}), of eerder de laatste dag van de laatste "
               "registratie (uitkering of werk) van wie uit de registers verdween. Lopende periodes tellen tot de "
               "extractiedatum van hun bron.\n"
               "- **Kaplan-Meier**: het aandeel met een job houdt rekening met wie nog geen job had aan het einde "
               "van de opvolging (censurering); 95%-intervallen op de log(-log)-schaal.\n"
               "- **Log-ranktoets**: toetst of de curves van de trajecten gelijk zijn.\n"
               "- **Hazard ratio (Cox-model)**: de verhouding van de kans per dag om een job te vinden, ten opzichte "
               "van de referentiecategorie, bij gelijke andere kenmerken; gelijke tijden volgens Efron.\n"
               "- **Proportionele hazards**: de toets met geschaalde Schoenfeld-residuen (zoals R `cox.zph`); bij "
               "schending worden hazard ratio's vóór en na {cut_months} maanden getoond en het model naar traject "
               "gestratificeerd.\n"
               "- **Cumulatieve incidentie**: het aandeel van wie de eerste job van een bepaalde soort was "
               "(Aalen-Johansen, exact bij gelijke tijden). **Fine-Gray**: regressie op die cumulatieve incidentie.\n"
               "- **RMST**: gemiddeld aantal maanden zonder job in de eerste {horizon} maanden.\n"
               "- **Statistische geheimhouding**: geen aantal kleiner dan {min_cell_size}; curves stoppen waar minder "
               "dan {min_cell_size} cliënten nog in opvolging zijn; categorieën met minder dan {min_cell_size} "
               "personen blijven buiten de modellen.\n"
               "- **Kanttekening**: verschillen tussen trajecten zijn geen effecten van de trajecten. Cliënten "
               "werden niet willekeurig toegewezen, en wat het register niet bevat (gezondheid, werkervaring, "
               "motivatie) weegt mee. De studie die de trajecten vergelijkt, gaat daar verder op in."),
        "en": ("- **Cohort**: every intake of programme {programme} from {intake_from} to {intake_to}; the "
               "**trajectory** is the one assigned at intake (later changes of trajectory do not change the group).\n"
               "- **Time to first job**: days from the intake date to the start date of the first employment spell "
               "(in months of 30.4 days). A spell that began before the intake and was still running at intake "
               "counts as a job on day 0.\n"
               "- **Kind of job**: the contract type of the spell: *art. 60*; *NEC* (fixed-term or open-ended "
               "contract in the regular economy); *other* (temporary agency work, social economy). When several "
               "jobs start on the same day, the first in the contract code list counts.\n"
               "- **Durable job**: {durable}.\n"
               "- **End of follow-up**: the end date ({censor_date}), or earlier the last day of the last registration "
               "(benefit or work) of those who left the registers. Open spells count until the extraction date of "
               "their source.\n"
               "- **Kaplan-Meier**: the share with a job accounts for those without a job at the end of follow-up "
               "(censoring); 95% intervals on the log(-log) scale.\n"
               "- **Log-rank test**: tests whether the curves of the trajectories are equal.\n"
               "- **Hazard ratio (Cox model)**: the ratio of the daily chance of finding a job relative to the "
               "reference category, other characteristics being equal; ties by Efron's method.\n"
               "- **Proportional hazards**: the test on scaled Schoenfeld residuals (as R `cox.zph`); when violated, "
               "hazard ratios before and after {cut_months} months are shown and the model is stratified by "
               "trajectory.\n"
               "- **Cumulative incidence**: the share whose first job was of a given kind (Aalen-Johansen, exact with "
               "tied times). **Fine-Gray**: regression on that cumulative incidence.\n"
               "- **RMST**: mean months without a job in the first {horizon} months.\n"
               "- **Statistical disclosure control**: no count below {min_cell_size}; curves stop where fewer than "
               "{min_cell_size} clients remain in follow-up; categories of fewer than {min_cell_size} persons stay "
               "out of the models.\n"
               "- **Caveat**: differences between trajectories are not effects of the trajectories. Clients were not "
               "assigned at random, and what the registry does not hold (health, work experience, motivation) "
               "matters too. The study comparing the trajectories goes further into this."),
    },
    # ------------------------------------------------------------------ words in tables and figures
    "survival.not_reached": {"nl": "niet bereikt", "en": "not reached"},
    "survival.reference": {"nl": "1 (referentie)", "en": "1 (reference)"},
    "survival.reference_short": {"nl": "ref.", "en": "ref."},
    "survival.global": {"nl": "Globaal", "en": "Global"},
    "survival.ph.ok.short": {"nl": "in orde", "en": "holds"},
    "survival.ph.violated.short": {"nl": "geschonden", "en": "violated"},
    "survival.period.before": {"nl": "HR eerste {months} maanden", "en": "HR first {months} months"},
    "survival.period.after": {"nl": "HR na {months} maanden", "en": "HR after {months} months"},
    "survival.logrank.all": {"nl": "Alle {k} trajecten", "en": "All {k} trajectories"},
    "survival.logrank.pair": {"nl": "{group} vs. {reference}", "en": "{group} vs. {reference}"},
    "survival.cause.art60": {"nl": "Artikel 60", "en": "Art. 60"},
    "survival.cause.nec": {"nl": "Reguliere job (NEC)", "en": "Regular job (NEC)"},
    "survival.cause.other": {"nl": "Andere job (interim, sociale economie)",
                             "en": "Other job (temporary agency, social economy)"},
    "survival.design.quarterly": {"nl": "Turnbull, driemaandelijks", "en": "Turnbull, quarterly"},
    "survival.design.half_yearly": {"nl": "Turnbull, halfjaarlijks", "en": "Turnbull, half-yearly"},
    "survival.design.yearly": {"nl": "Turnbull, jaarlijks (december)", "en": "Turnbull, yearly (December)"},
    "survival.design.yearly_march": {"nl": "Turnbull, jaarlijks (maart)", "en": "Turnbull, yearly (March)"},
    "survival.design.episodes": {"nl": "Uit de tewerkstellingsperiodes", "en": "From the employment spells"},
    "survival.design_name.quarterly": {"nl": "Driemaandelijks", "en": "Quarterly"},
    "survival.design_name.half_yearly": {"nl": "Halfjaarlijks", "en": "Half-yearly"},
    "survival.design_name.yearly": {"nl": "Jaarlijks (december)", "en": "Yearly (December)"},
    "survival.design_name.yearly_march": {"nl": "Jaarlijks (maart)", "en": "Yearly (March)"},
    "survival.design_word.quarterly": {"nl": "driemaandelijkse", "en": "quarterly"},
    "survival.design_word.half_yearly": {"nl": "halfjaarlijkse", "en": "half-yearly"},
    "survival.design_word.yearly": {"nl": "jaarlijkse", "en": "yearly"},
    "survival.design_word.yearly_march": {"nl": "jaarlijkse (maart)", "en": "yearly (March)"},
    "survival.axis.months": {"nl": "Maanden sinds de intake", "en": "Months since intake"},
    "survival.axis.share_job": {"nl": "Aandeel met een eerste job (%)", "en": "Share with a first job (%)"},
    "survival.axis.at_risk": {"nl": "Aantal nog in opvolging zonder job", "en": "Number still followed without a job"},
    "survival.axis.cif": {"nl": "Eerste job van deze soort (%)", "en": "First job of this kind (%)"},
    "survival.axis.hr": {"nl": "Hazard ratio (sneller een job →)", "en": "Hazard ratio (a job sooner →)"},
    "survival.axis.shr": {"nl": "Subdistributie-hazard ratio", "en": "Subdistribution hazard ratio"},
    "survival.col.trajectory": {"nl": "Traject", "en": "Trajectory"},
    "survival.col.n": {"nl": "Cliënten", "en": "Clients"},
    "survival.col.events": {"nl": "Met job", "en": "With a job"},
    "survival.col.median": {"nl": "Mediaan (maanden)", "en": "Median (months)"},
    "survival.col.ci": {"nl": "95%-BI", "en": "95% CI"},
    "survival.col.after_months": {"nl": "Na {months} maanden", "en": "After {months} months"},
    "survival.col.test": {"nl": "Vergelijking", "en": "Comparison"},
    "survival.col.variable": {"nl": "Kenmerk", "en": "Characteristic"},
    "survival.col.category": {"nl": "Categorie", "en": "Category"},
    "survival.col.hr": {"nl": "HR", "en": "HR"},
    "survival.col.shr": {"nl": "SHR", "en": "SHR"},
    "survival.col.shr_of": {"nl": "SHR {kind} (95%-BI)", "en": "SHR {kind} (95% CI)"},
    "survival.col.term": {"nl": "Kenmerk", "en": "Characteristic"},
    "survival.col.verdict": {"nl": "Proportionele hazards", "en": "Proportional hazards"},
    "survival.col.kind": {"nl": "Soort eerste job", "en": "Kind of first job"},
    "survival.col.rmst": {"nl": "Maanden zonder job (van {horizon})", "en": "Months without a job (of {horizon})"},
    "survival.col.rmst_difference": {"nl": "Verschil met lineair (maanden)", "en": "Difference from linear (months)"},
    "survival.col.design": {"nl": "Momentopnames", "en": "Snapshots"},
    "survival.col.months": {"nl": "Maanden", "en": "Months"},
    "survival.col.episodes": {"nl": "Periodes (%)", "en": "Spells (%)"},
    "survival.col.turnbull": {"nl": "Turnbull (%)", "en": "Turnbull (%)"},
    "survival.col.right_point": {"nl": "Eerste werkstatus (%)", "en": "First work status (%)"},
    "survival.col.difference": {"nl": "Verschil (%-punt)", "en": "Difference (pp)"},
}
