"""Report texts of the profiles study (``profiles.*`` keys), in Dutch and English.

Besides the narrative, the labels the study needs that have no code list elsewhere:
``profiles.variable.<name>`` (headings) and ``profiles.category.<name>.<code>`` (categories).
"""

TEXTS: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- labels
    "profiles.variable.nt2_group": {"nl": "Taalniveau NT2 bij intake (gegroepeerd)",
                                    "en": "Dutch level (NT2) at intake"},
    "profiles.variable.origin_region": {"nl": "Herkomstregio", "en": "Region of origin"},
    "profiles.category.nt2_group.0": {"nl": "Geen Nederlands (0)", "en": "No Dutch (0)"},
    "profiles.category.nt2_group.<1.1": {"nl": "Lager dan 1.1", "en": "Below 1.1"},
    "profiles.category.nt2_group.1.1": {"nl": "NT2 1.1", "en": "Dutch 1.1"},
    "profiles.category.nt2_group.1.2": {"nl": "NT2 1.2", "en": "Dutch 1.2"},
    "profiles.category.nt2_group.2.x+": {"nl": "NT2 2.x of hoger", "en": "Dutch 2.x or higher"},
    "profiles.category.trajectory.lineair": {"nl": "Lineair", "en": "Linear"},
    "profiles.category.trajectory.geintegreerd_vdab": {"nl": "Geïntegreerd VDAB", "en": "Integrated VDAB"},
    "profiles.category.trajectory.geintegreerd_activering": {"nl": "Geïntegreerd activering",
                                                             "en": "Integrated activation"},
    "profiles.category.trajectory.jongerentraject_esf": {"nl": "Jongerentraject ESF", "en": "Youth ESF"},
    "profiles.word.smaller": {"nl": "kleiner", "en": "smaller"},
    "profiles.word.larger": {"nl": "groter", "en": "larger"},
    "profiles.word.none": {"nl": "geen enkel kenmerk", "en": "no characteristic"},

    # ---------------------------------------------------------------- introduction
    "profiles.title": {
        "nl": "# Effecten van profielkenmerken: wie vindt werk, en welke aanpak werkt voor wie?",
        "en": "# Effects of profile characteristics: who finds work, and which approach works for whom?",
    },
    "profiles.intro": {
        "nl": ("De stuurgroep vroeg welke kenmerken van cliënten samenhangen met deelname aan de arbeidsmarkt, en "
               "welke aanpak beter werkt voor welk profiel. Het evaluatierapport vond op één momentopname minder "
               "werk bij vrouwen (28.8% tegenover 55.8% bij mannen), bij wie een gezin ten laste heeft en bij "
               "wie ouder is dan 30, weinig verschil naar scholing en een klein verschil naar taalniveau bij "
               "intake. Dat waren **ruwe** kruistabellen: elk kenmerk apart.\n\n"
               "Dit rapport zet naast elk ruw verschil een **gecorrigeerd** verschil: het verschil tussen twee "
               "personen die in alle andere kenmerken gelijk zijn en hetzelfde traject volgen. Zo wordt zichtbaar "
               "wat er overblijft van een verschil als de andere kenmerken gelijk worden gehouden. Corrigeren kan "
               "een verschil kleiner maken (een deel van het ruwe verschil hoort dan bij een ander kenmerk, zoals "
               "een gezin ten laste bij vrouwen) of groter (als andere kenmerken het verschil maskeerden). Twee "
               "uitkomsten:\n\n"
               "1. **Aan het werk op de peildatum {snapshot_date}** (zoals in het evaluatierapport), met een "
               "logistische regressie;\n"
               "2. **de tijd van intake tot de eerste job** (van welke aard ook, ook artikel 60), met een "
               "Cox-regressie die rekening houdt met wie (nog) geen job vond."),
        "en": ("The steering committee asked which client characteristics go with taking part in the labour "
               "market, and which approach works better for which profile. On a single snapshot, the evaluation "
               "report found less work among women (28.8% against 55.8% of men), among those with dependants and "
               "those over 30, little difference by education and a small one by Dutch level at intake. Those "
               "were **raw** cross-tables: each characteristic on its own.\n\n"
               "This report puts an **adjusted** difference beside each raw one: the difference between two "
               "persons who are alike in every other characteristic and follow the same trajectory. It shows what "
               "is left of a difference once the other characteristics are held equal. Adjusting can make a "
               "difference smaller (part of the raw difference then belongs to another characteristic, such as "
               "dependants for women) or larger (when other characteristics masked it). Two outcomes:\n\n"
               "1. **At work on the snapshot date {snapshot_date}** (as in the evaluation report), with a "
               "logistic regression;\n"
               "2. **the time from intake to the first job** (of any kind, art. 60 included), with a Cox "
               "regression that accounts for those who did not (yet) find one."),
    },
    "profiles.data": {
        "nl": ("**Gegevens.** Register: {source}. Extractiedatum: {extraction_date}. Programma: {programme}. "
               "Intakes: **{n_intakes}**. In de analyse (alle kenmerken bekend): **{n_analysis}** personen, van "
               "wie {pct_work:.1f}% aan het werk was op de peildatum en {pct_job:.1f}% tot het einde van de "
               "opvolging een eerste job vond."),
        "en": ("**Data.** Registry: {source}. Extraction date: {extraction_date}. Programme: {programme}. "
               "Intakes: **{n_intakes}**. In the analysis (every characteristic known): **{n_analysis}** persons, "
               "of whom {pct_work:.1f}% were at work on the snapshot date and {pct_job:.1f}% found a first job "
               "by the end of follow-up."),
    },
    "profiles.synthetic": {
        "nl": ("**Let op: synthetische gegevens.** Dit register is gegenereerd uit een gedocumenteerd model dat "
               "gekalibreerd is op de gepubliceerde cijfers van COB Coevelt; er staan geen echte personen in. "
               "Omdat het model bekend is, toont het einde van dit rapport de echte effecten naast de geschatte."),
        "en": ("**Note: synthetic data.** This registry was generated from a documented model calibrated to the "
               "published COB Coevelt figures; it holds no real persons. As the model is known, the end of this "
               "report shows the true effects beside the estimated ones."),
    },

    # ---------------------------------------------------------------- description and missing values
    "profiles.description.heading": {"nl": "## Wie zit in de analyse", "en": "## Who is in the analysis"},
    "profiles.description.caption": {
        "nl": "Profiel van de cliënten in de analyse, aan het werk op {snapshot_date} en eerste job binnen 12 maanden",
        "en": "Profile of the clients in the analysis, at work on {snapshot_date} and first job within 12 months"},
    "profiles.missing.heading": {"nl": "## Ontbrekende en onbekende gegevens", "en": "## Missing and unknown values"},
    "profiles.missing.intro": {
        "nl": ("Voor enkele cliënten is een kenmerk niet gekend: geen taalniveau bij intake, een gezinssituatie "
               "'onbekend', geen geslacht of geboortejaar. De hoofdanalyse gebruikt alleen wie alle kenmerken "
               "heeft (**volledige gevallen**). Als controle is elke analyse herhaald met 'onbekend' als aparte "
               "categorie, zodat niemand wegvalt; categorieën met minder dan {min_cell_size} personen zijn daarbij "
               "samengevoegd met de referentiecategorie."),
        "en": ("For a few clients a characteristic is not known: no Dutch level at intake, a household 'unknown', "
               "no sex or year of birth. The main analysis uses those with every characteristic known (**complete "
               "cases**). As a check, each analysis was repeated with 'unknown' as a category of its own, so that "
               "nobody drops out; categories with fewer than {min_cell_size} persons were then merged with the "
               "reference category."),
    },
    "profiles.missing.caption": {"nl": "Cliënten met een ontbrekend of onbekend kenmerk",
                                 "en": "Clients with a missing or unknown characteristic"},
    "profiles.missing.sensitivity": {
        "nl": ("**Gevoeligheid.** Met 'onbekend' als aparte categorie ({n_category} in plaats van {n_complete} "
               "personen) verschuiven de gecorrigeerde hazard ratio's voor de eerste job met hoogstens "
               "{max_change_cox:.1f}% en de gecorrigeerde odds ratio's voor werk op de peildatum met hoogstens "
               "{max_change_status:.1f}%. De conclusies hangen dus niet af van hoe de ontbrekende gegevens "
               "behandeld worden, zolang de weinige cliënten met onbekende kenmerken niet heel anders zijn."),
        "en": ("**Sensitivity.** With 'unknown' as a category of its own ({n_category} instead of {n_complete} "
               "persons) the adjusted hazard ratios of the first job move by at most {max_change_cox:.1f}% and the "
               "adjusted odds ratios of work on the snapshot date by at most {max_change_status:.1f}%. The "
               "conclusions therefore do not depend on how the missing values are handled, as long as the few "
               "clients with unknown characteristics are not very different."),
    },
    "profiles.missing.sensitivity_caption": {
        "nl": "Gecorrigeerde hazard ratio's voor de eerste job: volledige gevallen tegenover 'onbekend' als categorie",
        "en": "Adjusted hazard ratios of the first job: complete cases against 'unknown' as a category"},

    # ---------------------------------------------------------------- status on the snapshot date
    "profiles.status.heading": {"nl": "## Aan het werk op de peildatum", "en": "## At work on the snapshot date"},
    "profiles.status.intro": {
        "nl": ("Per kenmerk het **verschil in procentpunten** in het aandeel aan het werk op {snapshot_date}, "
               "tegenover de referentiecategorie. Ruw is dat het verschil tussen de groepen zoals ze zijn. "
               "Gecorrigeerd is het gemiddelde verschil in voorspelde kans wanneer iedereen in de analyse die "
               "categorie zou hebben in plaats van de referentie, met alle andere kenmerken en het traject zoals "
               "ze zijn (een gemiddeld marginaal effect). De tabel geeft ook de odds ratio's van het model "
               "(boven 1: vaker aan het werk)."),
        "en": ("For each characteristic the **difference in percentage points** in the share at work on "
               "{snapshot_date}, against the reference category. Raw, it is the difference between the groups as "
               "they are. Adjusted, it is the mean difference in predicted probability if everyone in the analysis "
               "had that category instead of the reference, with every other characteristic and the trajectory as "
               "they are (an average marginal effect). The table also gives the model's odds ratios (above 1: more "
               "often at work)."),
    },
    "profiles.status.forest_caption": {
        "nl": ("**Figuur.** Verschil in % aan het werk op {snapshot_date} t.o.v. de referentie, ruw en gecorrigeerd "
               "(95%-betrouwbaarheidsinterval)."),
        "en": ("**Figure.** Difference in % at work on {snapshot_date} against the reference, raw and adjusted "
               "(95% confidence interval).")},
    "profiles.status.caption": {"nl": "Aan het werk op {snapshot_date}: ruwe en gecorrigeerde verschillen",
                                "en": "At work on {snapshot_date}: raw and adjusted differences"},
    "profiles.status.reading": {
        "nl": ("Voorbeeld: {category_l} ten opzichte van {reference_l} ({variable_l}): ruw **{raw} procentpunten**, "
               "gecorrigeerd **{adjusted} procentpunten**. Het verschil wordt {change} wanneer de andere kenmerken "
               "gelijk worden gehouden."),
        "en": ("Example: {category_l} against {reference_l} ({variable_l}): raw **{raw} percentage points**, "
               "adjusted **{adjusted} percentage points**. The difference becomes {change} once the other "
               "characteristics are held equal."),
    },

    # ---------------------------------------------------------------- time to first job
    "profiles.first_job.heading": {"nl": "## Tijd tot de eerste job", "en": "## Time to the first job"},
    "profiles.first_job.intro": {
        "nl": ("De **hazard ratio** (HR) vergelijkt het tempo waarin een groep een eerste job vindt met dat van de "
               "referentiecategorie: een HR van 0.5 betekent dat op elk moment de kans om een eerste job te vinden "
               "half zo groot is, een HR van 2 dubbel zo groot. Wie het register verliet of bij de extractie nog "
               "geen job had, telt mee zolang hij gevolgd wordt. Het gecorrigeerde model vergelijkt personen "
               "binnen hetzelfde traject (elk traject heeft zijn eigen verloop in de tijd)."),
        "en": ("The **hazard ratio** (HR) compares the pace at which a group finds a first job with that of the "
               "reference category: an HR of 0.5 means that at any moment the chance of finding a first job is "
               "half as large, an HR of 2 twice as large. Those who left the registers or had no job at the "
               "extraction count as long as they are followed. The adjusted model compares persons within the "
               "same trajectory (each trajectory has its own course over time)."),
    },
    "profiles.first_job.forest_caption": {
        "nl": "**Figuur.** Hazard ratio voor een eerste job, ruw en gecorrigeerd (95%-betrouwbaarheidsinterval).",
        "en": "**Figure.** Hazard ratio of a first job, raw and adjusted (95% confidence interval)."},
    "profiles.first_job.caption": {"nl": "Tijd tot de eerste job: ruwe en gecorrigeerde hazard ratio's",
                                   "en": "Time to the first job: raw and adjusted hazard ratios"},
    "profiles.first_job.reading": {
        "nl": ("Voorbeeld: {category_l} ten opzichte van {reference_l} ({variable_l}): ruwe HR **{raw}**, "
               "gecorrigeerd **{adjusted}**. Het verschil in tempo wordt {change} wanneer de andere kenmerken "
               "gelijk worden gehouden."),
        "en": ("Example: {category_l} against {reference_l} ({variable_l}): raw HR **{raw}**, adjusted "
               "**{adjusted}**. The difference in pace becomes {change} once the other characteristics are held "
               "equal."),
    },
    "profiles.tests.caption": {"nl": "Maakt het kenmerk verschil? Toets over alle categorieën samen ({outcome})",
                               "en": "Does the characteristic matter? Test over all its categories ({outcome})"},
    "profiles.outcome.status": {"nl": "aan het werk op de peildatum", "en": "at work on the snapshot date"},
    "profiles.outcome.first_job": {"nl": "tijd tot de eerste job", "en": "time to the first job"},
    "profiles.outcome_short.status": {"nl": "Werk op peildatum", "en": "Work on snapshot date"},
    "profiles.outcome_short.first_job": {"nl": "Eerste job", "en": "First job"},

    # ---------------------------------------------------------------- effect modification
    "profiles.modification.heading": {"nl": "## Welke aanpak werkt voor wie?", "en": "## Which approach works for whom?"},
    "profiles.modification.intro": {
        "nl": ("Werkt een traject voor de ene groep beter dan voor de andere? Per kenmerk vergelijkt een model de "
               "trajecten met het lineaire traject **binnen elke categorie** (bijvoorbeeld: het VDAB-traject "
               "tegenover het lineaire, bij vrouwen en bij mannen), gecorrigeerd voor de andere kenmerken. Een "
               "interactietoets gaat na of die vergelijkingen verschillen tussen de categorieën. Omdat zeven "
               "kenmerken getoetst worden, is de kans op een toevallig 'significant' resultaat groter; daarom zijn "
               "de p-waarden gecorrigeerd met de methode van Holm.\n\n"
               "**Let op:** wie welk traject kreeg, was geen toeval. Sterkere profielen gingen vaker naar het "
               "VDAB-traject, en die selectie gebeurde ook op wat het register niet ziet. De vergelijking tussen "
               "trajecten is daarom geen effect van het traject; de studie 'vergelijking van de trajecten' gaat daar "
               "dieper op in. Wat hier wel zichtbaar wordt, is of het verschil tussen trajecten **voor elke groep "
               "gelijk** is. Cellen (traject x categorie) met minder dan {min_cell_size} personen of met minder dan "
               "{min_cell_size} personen met de uitkomst krijgen geen eigen schatting."),
        "en": ("Does a trajectory work better for one group than for another? For each characteristic a model "
               "compares the trajectories with the linear trajectory **within each category** (for example: the "
               "VDAB trajectory against the linear one, for women and for men), adjusted for the other "
               "characteristics. An interaction test asks whether those comparisons differ between the categories. "
               "Since seven characteristics are tested, a chance 'significant' result is more likely; the p-values "
               "are therefore corrected with Holm's method.\n\n"
               "**Note:** who got which trajectory was not random. Stronger profiles went to the VDAB trajectory "
               "more often, and that selection also rested on what the registry does not see. The comparison of "
               "trajectories is therefore not an effect of the trajectory; the 'comparison of trajectories' study "
               "goes into that. What does become visible here is whether the difference between trajectories is "
               "**the same for every group**. Cells (trajectory x category) with fewer than {min_cell_size} persons "
               "or fewer than {min_cell_size} persons with the outcome get no estimate of their own."),
    },
    "profiles.modification.caption": {
        "nl": "Interactie traject x kenmerk: toetsen per uitkomst, met Holm-correctie",
        "en": "Interaction trajectory x characteristic: tests per outcome, with Holm correction"},
    "profiles.modification.forest_caption": {
        "nl": ("**Figuren.** Per kenmerk: links de hazard ratio voor een eerste job, rechts het verschil in % aan het "
               "werk op de peildatum, telkens van elk traject tegenover het lineaire traject, binnen elke categorie "
               "(95%-betrouwbaarheidsinterval). Liggen de punten van één kleur op dezelfde hoogte voor alle "
               "categorieën, dan werkt dat traject voor alle groepen ongeveer even goed."),
        "en": ("**Figures.** Per characteristic: left the hazard ratio of a first job, right the difference in % at "
               "work on the snapshot date, each of a trajectory against the linear trajectory, within each category "
               "(95% confidence interval). When the points of one colour lie at the same level for every category, "
               "that trajectory works about equally well for every group."),
    },
    "profiles.modification.reading": {
        "nl": ("Na de Holm-correctie wijzen de toetsen voor de tijd tot de eerste job bij **{first_job}** op een "
               "traject dat voor de ene groep anders werkt dan voor de andere; voor werk op de peildatum bij "
               "**{status}**. Een verschil op de ene schaal en niet op de andere is geen tegenspraak: een gelijk "
               "tempo (hazard ratio) kan tot een ongelijk verschil in procentpunten leiden wanneer de groepen een "
               "ander vertrekpunt hebben."),
        "en": ("After Holm's correction, the tests for the time to the first job point to a trajectory that works "
               "differently for one group than for another for **{first_job}**; for work on the snapshot date for "
               "**{status}**. A difference on one scale and not on the other is no contradiction: an equal pace "
               "(hazard ratio) can lead to an unequal difference in percentage points when the groups start from a "
               "different level."),
    },

    # ---------------------------------------------------------------- model checks
    "profiles.checks.heading": {"nl": "## Hoe goed passen de modellen?", "en": "## How well do the models fit?"},
    "profiles.checks.intro": {
        "nl": ("Een model dat slecht past, geeft misleidende schattingen. Daarom: het **onderscheidend vermogen** "
               "(hoe goed het model wie werk vindt onderscheidt van wie niet), de **kalibratie** van het "
               "statusmodel (klopt het voorspelde percentage aan het werk met het waargenomen, per tiende van de "
               "voorspellingen) en de **proportionele-hazardstoets** van het Cox-model (blijft een hazard ratio "
               "gelijk in de tijd)."),
        "en": ("A model that fits badly gives misleading estimates. Hence: the **discrimination** (how well the "
               "model tells those who find work from those who do not), the **calibration** of the status model "
               "(does the predicted share at work match the observed one, per tenth of the predictions) and the "
               "**proportional hazards test** of the Cox model (does a hazard ratio stay the same over time)."),
    },
    "profiles.checks.caption": {"nl": "Modelcontroles", "en": "Model checks"},
    "profiles.checks.calibration_caption": {
        "nl": "Kalibratie van het statusmodel: voorspeld en waargenomen % aan het werk per tiende van de voorspellingen",
        "en": "Calibration of the status model: predicted and observed % at work per tenth of the predictions"},
    "profiles.checks.ph_caption": {
        "nl": "Proportionele hazards per kenmerk (gecorrigeerd Cox-model)",
        "en": "Proportional hazards per characteristic (adjusted Cox model)"},
    "profiles.checks.reading": {
        "nl": ("Het onderscheidend vermogen is bescheiden (AUC {auc:.2f}, C {concordance:.2f}): de kenmerken in het "
               "register verklaren maar een deel van wie werk vindt. Dat past bij wat de interviews zeggen: "
               "gezondheid, motivatie en werkervaring spelen mee, en die staan niet in het register. De "
               "kalibratietoets (p {hl_p}) zegt of het statusmodel in alle groepen van voorspelde kans even goed "
               "past; bij een kleine p wijkt het in sommige groepen af (zie de tabel), wat de verschillen tussen "
               "profielen onzekerder maakt dan de intervallen aangeven. De proportionele-hazardstoets (p {ph_p}) "
               "zegt of de hazard ratio's in de tijd gelijk blijven."),
        "en": ("Discrimination is modest (AUC {auc:.2f}, C {concordance:.2f}): the characteristics in the registry "
               "explain only part of who finds work. That fits what the interviews say: health, motivation and work "
               "experience play a part, and the registry does not hold them. The calibration test (p {hl_p}) asks "
               "whether the status model fits equally well in every group of predicted probability; a small p means "
               "it is off in some groups (see the table), which makes the differences between profiles less certain "
               "than the intervals say. The proportional hazards test (p {ph_p}) asks whether the hazard ratios stay "
               "the same over time."),
    },

    # ---------------------------------------------------------------- synthetic ground truth
    "profiles.truth.heading": {"nl": "## Controle op het synthetische register: echte en geschatte effecten",
                               "en": "## Check on the synthetic registry: true and estimated effects"},
    "profiles.truth.intro": {
        "nl": ("In het synthetische register is de 'echte' hazard ratio van elk kenmerk bekend, binnen het traject en "
               "bij gelijke **inzetbaarheid**: een verborgen kenmerk (gezondheid, ervaring, motivatie) dat niet in het "
               "register staat, maar wel bepaalt wie sneller werk vindt en wie naar het VDAB-traject gaat. De tabel "
               "zet de echte hazard ratio naast de schattingen: ruw, gecorrigeerd zoals in dit rapport, en "
               "gecorrigeerd mét de verborgen inzetbaarheid (wat alleen in een synthetisch register kan). Alleen die "
               "laatste treft de echte waarden; zonder de verborgen factor liggen de gecorrigeerde schattingen "
               "dichter bij 1. Ook met echte gegevens zijn de verschillen tussen profielen dus wellicht groter dan "
               "ze hier lijken."),
        "en": ("In the synthetic registry the 'true' hazard ratio of every characteristic is known, within the "
               "trajectory and at equal **employability**: a hidden characteristic (health, experience, motivation) "
               "that is not in the registry but decides who finds work sooner and who goes to the VDAB trajectory. "
               "The table puts the true hazard ratio beside the estimates: raw, adjusted as in this report, and "
               "adjusted *with* the hidden employability (possible only in a synthetic registry). Only the last one "
               "hits the true values; without the hidden factor the adjusted estimates lie closer to 1. With real "
               "data, too, the differences between profiles are probably larger than they look here."),
    },
    "profiles.truth.caption": {"nl": "Echte en geschatte hazard ratio's voor de eerste job (synthetisch register)",
                               "en": "True and estimated hazard ratios of the first job (synthetic registry)"},

    # ---------------------------------------------------------------- caveats and definitions
    "profiles.caveats.heading": {"nl": "## Voorbehouden", "en": "## Caveats"},
    "profiles.caveats": {
        "nl": ("- **Samenhang, geen oorzaak.** Een gecorrigeerd verschil houdt alleen de kenmerken gelijk die in het "
               "register staan. Gezondheid, motivatie, werkervaring, kinderopvang en netwerk - in de interviews vaak "
               "genoemd - staan er niet in. Ze hangen samen met het profiel én met de kans op werk.\n"
               "- **Trajecten zijn niet willekeurig toegewezen.** Het verschil tussen trajecten, ook binnen een "
               "profielgroep, is geen effect van het traject.\n"
               "- **Twee uitkomsten, twee vragen.** Werk op één peildatum zegt niet hoe snel of hoe duurzaam; de tijd "
               "tot de eerste job telt elke job, ook een korte of een artikel 60.\n"
               "- **Hazard ratio's zijn gemiddelden over de opvolging** wanneer de proportionele-hazardstoets een "
               "kleine p-waarde geeft.\n"
               "- **Kleine groepen** zijn samengevoegd of niet getoond; hun schattingen zouden onbetrouwbaar zijn en "
               "personen herkenbaar kunnen maken."),
        "en": ("- **Association, not causation.** An adjusted difference holds equal only the characteristics in the "
               "registry. Health, motivation, work experience, childcare and network - often named in the "
               "interviews - are not in it. They go with the profile and with the chance of work.\n"
               "- **Trajectories were not assigned at random.** The difference between trajectories, also within a "
               "profile group, is not an effect of the trajectory.\n"
               "- **Two outcomes, two questions.** Work on one date says nothing about how fast or how durable; the "
               "time to the first job counts every job, a short one or an art. 60 included.\n"
               "- **Hazard ratios are averages over the follow-up** when the proportional hazards test gives a small "
               "p-value.\n"
               "- **Small groups** are merged or not shown; their estimates would be unreliable and could make "
               "persons recognisable."),
    },
    "profiles.definitions.heading": {"nl": "## Definities", "en": "## Definitions"},
    "profiles.definitions": {
        "nl": ("- **Cohorte**: alle intakes van het programma {programme}; de analyse gebruikt wie alle kenmerken heeft.\n"
               "- **Aan het werk op de peildatum**: een VDAB-status die als werk is hergecodeerd (zoals in het "
               "overzicht); geen status telt als geen werk.\n"
               "- **Tijd tot de eerste job**: dagen van de intake tot de start van de eerste tewerkstelling (elk "
               "contracttype, ook artikel 60). De opvolging stopt bij de extractiedatum of eerder, wanneer iemand "
               "uit alle registraties verdwijnt.\n"
               "- **Taalniveau**: NT2-niveau bij intake, gegroepeerd: geen (0), lager dan 1.1, 1.1, 1.2, 2.x of hoger.\n"
               "- **Ruw**: elk kenmerk apart. **Gecorrigeerd**: alle kenmerken samen, binnen hetzelfde traject "
               "(statusmodel: traject als kenmerk; Cox-model: gestratificeerd naar traject).\n"
               "- **Odds ratio (OR)**: verhouding van de odds (kans / (1 - kans)) om aan het werk te zijn tegenover "
               "de referentie. **Verschil in procentpunten**: gemiddeld marginaal effect, met een interval volgens "
               "de deltamethode.\n"
               "- **Hazard ratio (HR)**: verhouding van het tempo waarin een eerste job gevonden wordt "
               "(Cox-model, Efron-methode voor gelijke tijden).\n"
               "- **95%-betrouwbaarheidsinterval (BI)**: Wald-interval. **p**: toets dat er geen verschil is.\n"
               "- **Interactietoets**: likelihood-ratiotoets van het model met tegen zonder de termen traject x "
               "kenmerk; **Holm**: correctie voor het toetsen van meerdere kenmerken.\n"
               "- **AUC / concordantie C**: kans dat het model van twee personen de juiste rangschikt (0.5 = gokken). "
               "**Hosmer-Lemeshow**: toets van de kalibratie over tien groepen van voorspelde kans. "
               "**PH-toets**: R `cox.zph` (Kaplan-Meier-tijdschaal).\n"
               "- **Statistische geheimhouding**: geen aantal onder {min_cell_size}; schattingen alleen voor groepen "
               "met minstens {min_cell_size} personen met (en, voor werk op de peildatum, zonder) de uitkomst."),
        "en": ("- **Cohort**: every intake of programme {programme}; the analysis uses those with every characteristic "
               "known.\n"
               "- **At work on the snapshot date**: a VDAB status recoded as work (as in the overview); no status "
               "counts as no work.\n"
               "- **Time to the first job**: days from the intake to the start of the first employment (any contract, "
               "art. 60 included). Follow-up stops at the extraction date, or earlier when someone disappears from "
               "every registration.\n"
               "- **Dutch level**: NT2 level at intake, grouped: none (0), below 1.1, 1.1, 1.2, 2.x or higher.\n"
               "- **Raw**: each characteristic alone. **Adjusted**: all characteristics together, within the same "
               "trajectory (status model: trajectory as a covariate; Cox model: stratified by trajectory).\n"
               "- **Odds ratio (OR)**: ratio of the odds (p / (1 - p)) of being at work against the reference. "
               "**Difference in percentage points**: average marginal effect, with a delta-method interval.\n"
               "- **Hazard ratio (HR)**: ratio of the pace at which a first job is found (Cox model, Efron method "
               "for tied times).\n"
               "- **95% confidence interval (CI)**: Wald interval. **p**: test of no difference.\n"
               "- **Interaction test**: likelihood-ratio test of the model with against without the terms trajectory "
               "x characteristic; **Holm**: correction for testing several characteristics.\n"
               "- **AUC / concordance C**: probability that the model ranks two persons correctly (0.5 = guessing). "
               "**Hosmer-Lemeshow**: test of calibration over ten groups of predicted probability. "
               "**PH test**: R `cox.zph` (Kaplan-Meier time scale).\n"
               "- **Disclosure control**: no count below {min_cell_size}; estimates only for groups with at least "
               "{min_cell_size} persons with (and, for work on the snapshot date, without) the outcome."),
    },
}
