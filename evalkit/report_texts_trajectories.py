"""Report texts of the trajectories study (``trajectories.*`` keys), in Dutch and English."""

from evalkit.texts import LABELS

#: Short trajectory labels for legends and table rows.
SHORT_LABELS = LABELS["trajectory_short"]


def _nl_en(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


_LABELS = {
    "col.trajectory": _nl_en("Traject", "Trajectory"),
    "col.comparison": _nl_en("Vergelijking", "Comparison"),
    "col.group": _nl_en("Groep", "Group"),
    "col.horizon": _nl_en("Maanden", "Months"),
    "col.share_reference": _nl_en("% werk referentie (gecorr.)", "% job reference (adj.)"),
    "col.share_trajectory": _nl_en("% werk traject (gecorr.)", "% job trajectory (adj.)"),
    "col.naive": _nl_en("Ruw verschil", "Naive difference"),
    "col.naive_ci": _nl_en("95%-BI ruw", "95% CI naive"),
    "col.adjusted": _nl_en("Gecorrigeerd verschil", "Adjusted difference"),
    "col.adjusted_ci": _nl_en("95%-BI gecorrigeerd", "95% CI adjusted"),
    "col.true": _nl_en("Echt verschil (model)", "True difference (model)"),
    "col.latent": _nl_en("Gecorrigeerd + latente score", "Adjusted + latent score"),
    "col.latent_ci": _nl_en("95%-BI met latente score", "95% CI with latent score"),
    "col.state": _nl_en("Situatie", "Situation"),
    "col.ratio": _nl_en("Relatieve kans", "Risk ratio"),
    "col.ratio_ci": _nl_en("95%-BI", "95% CI"),
    "col.evalue": _nl_en("E-waarde", "E-value"),
    "col.evalue_ci": _nl_en("E-waarde BI-grens", "E-value CI limit"),
    "col.rmst_reference": _nl_en("Maanden zonder job referentie", "Months without job reference"),
    "col.rmst_trajectory": _nl_en("Maanden zonder job traject", "Months without job trajectory"),
    "col.terms": _nl_en("Kenmerken", "Terms"),
    "col.max_before": _nl_en("Grootste verschil vóór", "Largest difference before"),
    "col.max_after": _nl_en("Grootste verschil na", "Largest difference after"),
    "col.over_before": _nl_en("> 0.1 vóór", "> 0.1 before"),
    "col.over_after": _nl_en("> 0.1 na", "> 0.1 after"),
    "col.n": _nl_en("Personen", "Persons"),
    "col.ess": _nl_en("Effectieve omvang", "Effective size"),
    "col.max_weight": _nl_en("Grootste gewicht", "Largest weight"),
    "col.trimmed": _nl_en("Weggelaten (trimming)", "Trimmed"),
    "col.assigned": _nl_en("Toegewezen traject", "Assigned trajectory"),
    "col.changed": _nl_en("Van traject veranderd", "Trajectory changed"),
    "col.changed_by": _nl_en("% veranderd binnen {months} mnd", "% changed within {months} months"),
    "total": _nl_en("Totaal", "Total"),
    "love.before": _nl_en("Vóór weging", "Before weighting"),
    "love.after": _nl_en("Na weging", "After weighting"),
    "love.xlabel": _nl_en("Absoluut verschil (gestandaardiseerd)", "Absolute difference (standardised)"),
    "overlap.xlabel": _nl_en("Propensity score (kans op het vergeleken traject)",
                             "Propensity score (probability of the compared trajectory)"),
    "curve.note": _nl_en("Volle lijn en band: gecorrigeerd met 95%-betrouwbaarheidsband; stippellijn: ruw.",
                         "Solid line and band: adjusted, with 95% confidence band; dashed: naive."),
    "curve.adjusted": _nl_en("(gecorrigeerd)", "(adjusted)"),
    "curve.naive": _nl_en("(ruw)", "(naive)"),
    "curve.ylabel": _nl_en("% met een eerste job", "% with a first job"),
    "months_since_intake": _nl_en("Maanden sinds de intake", "Months since intake"),
    "cause.art60": _nl_en("Eerste job: artikel 60", "First job: art. 60"),
    "cause.nec": _nl_en("Eerste job: reguliere economie", "First job: regular economy"),
    "cause.other": _nl_en("Eerste job: interim of sociale economie", "First job: interim or social economy"),
    "itt_at.itt": _nl_en("Volgens toegewezen traject (intention to treat)", "By assigned trajectory (intention to treat)"),
    "itt_at.at": _nl_en("Volgens gerealiseerd traject (as treated)", "By realised trajectory (as treated)"),
    "itt_at.xlabel": _nl_en("Gecorrigeerd verschil in % met een job na {months} maanden (%-punt)",
                            "Adjusted difference in % with a job after {months} months (pp)"),
    "flow.assigned": _nl_en("Toegewezen", "Assigned"),
    "flow.realised": _nl_en("Gerealiseerd", "Realised"),
}

_NARRATIVE = {
    "title": _nl_en("# Vergelijking van de trajecten: lineair, geïntegreerd en jongerentraject",
                    "# Comparison of trajectories: linear, integrated and youth"),
    "intro": _nl_en(
        "Welk traject helpt nieuwkomers sneller aan een eerste job? Een ruwe vergelijking misleidt om twee redenen. "
        "(1) **Selectie**: sterkere profielen (hoger taalniveau, hoger opgeleid) gaan vaker naar het geïntegreerde "
        "VDAB-traject; zij vinden ook zonder dat traject sneller werk. (2) **Trajectwissels**: het toegewezen traject "
        "verandert nadien, bv. van VDAB naar activering voor een artikel 60. Dit rapport vergelijkt elk traject met "
        "het **{reference}** traject, corrigeert voor de gekende profielkenmerken met *inverse probability weighting* "
        "(IPW), en zegt hoe ver die correctie reikt.",
        "Which trajectory gets newcomers to a first job sooner? A raw comparison misleads for two reasons. "
        "(1) **Selection**: stronger profiles (higher Dutch level, more education) go to the integrated VDAB trajectory "
        "more often; they would find work sooner anyway. (2) **Changes of trajectory**: the assigned trajectory changes "
        "later, e.g. from VDAB to activation for an art. 60 job. This report compares each trajectory with the "
        "**{reference}** trajectory, adjusts for the known profile with *inverse probability weighting* (IPW), and "
        "says how far that adjustment reaches."),
    "data": _nl_en(
        "**Gegevens.** Register: {source}, extractiedatum {extraction_date}. Intakes van programma {programme}: "
        "**{n_intakes}**. Correctie voor: {covariates}. Doelpopulatie: {target}. Onzekerheid: {n_boot} "
        "bootstrapsteekproeven (seed {seed}), waarin het propensitymodel telkens opnieuw geschat wordt.",
        "**Data.** Registry: {source}, extraction date {extraction_date}. Intakes of programme {programme}: "
        "**{n_intakes}**. Adjusted for: {covariates}. Target population: {target}. Uncertainty: {n_boot} bootstrap "
        "samples (seed {seed}), with the propensity model refitted in each."),
    "target.reference": _nl_en(
        "de cliënten van het {reference} traject (wat hadden zij bereikt in een ander traject?)",
        "the clients of the {reference} trajectory (what would they have achieved in another trajectory?)"),
    "target.trajectory": _nl_en(
        "de cliënten van elk vergeleken traject (wat hadden zij bereikt in het {reference} traject?)",
        "the clients of each compared trajectory (what would they have achieved in the {reference} trajectory?)"),
    "synthetic": _nl_en(
        "**Let op: synthetische gegevens.** Dit register is gegenereerd uit een gedocumenteerd model met gekende "
        "echte effecten. Daarom staat verderop het *echte* effect naast de schatting: zo is te zien hoe goed de "
        "correctie werkt.",
        "**Note: synthetic data.** This registry was generated from a documented model with known true effects. "
        "That is why the *true* effect is shown beside the estimate further on: it shows how well the adjustment works."),
    "raw.heading": _nl_en("## 1. De ruwe vergelijking (zoals gepubliceerd)", "## 1. The raw comparison (as published)"),
    "raw.caption": _nl_en("Traject en werk op {snapshot_date}", "Trajectory and work on {snapshot_date}"),
    "raw.reading": _nl_en(
        "Dit is de kruistabel van het evaluatierapport: het aandeel aan het werk op één peildatum per toegewezen "
        "traject. Ze toont een samenhang, geen effect: de trajecten kregen niet dezelfde mensen.",
        "This is the cross-table of the evaluation report: the share at work on one date per assigned trajectory. "
        "It shows an association, not an effect: the trajectories did not get the same people."),
    "balance.heading": _nl_en("## 2. Zijn de groepen vergelijkbaar? Balans vóór en na weging",
                              "## 2. Are the groups comparable? Balance before and after weighting"),
    "balance.intro": _nl_en(
        "Per vergelijking schat een logistisch model de kans om in het ene traject te zitten eerder dan in het "
        "andere, gegeven het profiel (de *propensity score*). Met gewichten op basis van die kans krijgt de ene "
        "groep hetzelfde profiel als de andere. De figuur toont per kenmerk het verschil tussen de groepen vóór "
        "(open) en na (vol) weging; onder de stippellijn (0.1) geldt een kenmerk als in balans. Voor ja/nee-"
        "kenmerken is het verschil een verschil in aandeel, voor andere kenmerken gestandaardiseerd.",
        "For each comparison a logistic model estimates the probability of being in one trajectory rather than the "
        "other, given the profile (the *propensity score*). Weights based on it give one group the profile of the "
        "other. The figure shows, per characteristic, the difference between the groups before (open) and after "
        "(filled) weighting; below the dashed line (0.1) a characteristic counts as balanced. For yes/no "
        "characteristics the difference is a difference in proportion, otherwise standardised."),
    "balance.caption": _nl_en("Balans van de profielkenmerken per vergelijking", "Balance of the profile per comparison"),
    "balance.reading": _nl_en(
        "Na weging zijn de gekende kenmerken in balans waar het aantal kenmerken boven 0.1 naar nul gaat. Balans "
        "op wat gemeten is, zegt niets over wat niet gemeten is (gezondheid, werkervaring, motivatie).",
        "After weighting the known characteristics are balanced where the number above 0.1 drops to zero. Balance "
        "on what was measured says nothing about what was not (health, work experience, motivation)."),
    "overlap.intro": _nl_en(
        "**Overlap.** Weging werkt alleen als elke cliënt in de doelgroep vergelijkbare cliënten heeft in het andere "
        "traject. De histogrammen tonen de propensity scores in beide groepen; waar één groep alleen voorkomt, "
        "bestaat er geen vergelijking. De tabel toont de effectieve omvang na weging (hoeveel ongewogen personen "
        "de gewogen groep waard is) en het grootste gewicht.",
        "**Overlap.** Weighting only works when every client of the target group has comparable clients in the other "
        "trajectory. The histograms show the propensity scores in both groups; where only one group occurs there is "
        "no comparison. The table gives the effective size after weighting (how many unweighted persons the weighted "
        "group is worth) and the largest weight."),
    "weights.caption": _nl_en("Gewichten per vergelijking", "Weights per comparison"),
    "curves.heading": _nl_en("## 3. Tijd tot de eerste job, gecorrigeerd", "## 3. Time to the first job, adjusted"),
    "curves.intro": _nl_en(
        "De curves tonen het aandeel met een eerste job (van elke soort) naarmate de maanden na de intake "
        "verstrijken: volle lijnen na weging met een 95%-betrouwbaarheidsband (bootstrap), stippellijnen ruw. "
        "Wie uit de registers verdwijnt, telt mee tot dan (censurering).",
        "The curves show the share with a first job (of any kind) as the months since intake pass: solid lines "
        "after weighting with a 95% confidence band (bootstrap), dashed lines naive. People who leave the registers "
        "count until then (censoring)."),
    "effects.caption": _nl_en("Verschil in % met een eerste job (traject min referentie, %-punt)",
                              "Difference in % with a first job (trajectory minus reference, pp)"),
    "effects.reading": _nl_en(
        "Het *ruwe* verschil vergelijkt de groepen zoals ze zijn; het *gecorrigeerde* verschil vergelijkt ze alsof "
        "ze hetzelfde profiel hadden. Na {horizon} maanden: {sentences}",
        "The *naive* difference compares the groups as they are; the *adjusted* difference compares them as if they "
        "had the same profile. After {horizon} months: {sentences}"),
    "effects.sentence": _nl_en("{trajectory}: {adjusted:+.1f} %-punt (95%-BI {lo:+.1f} tot {hi:+.1f}; ruw {naive:+.1f}).",
                               "{trajectory}: {adjusted:+.1f} pp (95% CI {lo:+.1f} to {hi:+.1f}; naive {naive:+.1f})."),
    "truth.caption": _nl_en("Ruw, gecorrigeerd en echt verschil (%-punt; synthetisch model)",
                            "Naive, adjusted and true difference (pp; synthetic model)"),
    "truth.reading": _nl_en(
        "**Vergelijking met het echte effect (synthetisch model).** De correctie brengt de schatting dichter bij "
        "het echte verschil, maar niet helemaal: in het model hangt de toewijzing ook af van een *latente "
        "inzetbaarheid* die niet in de gegevens zit (gezondheid, ervaring, motivatie) en die ook de kans op werk "
        "verhoogt. Wat daardoor overblijft, kan geen weging op gemeten kenmerken wegnemen; met die latente "
        "score erbij (alleen mogelijk in het model) valt de schatting samen met het echte effect.",
        "**Comparison with the true effect (synthetic model).** The adjustment moves the estimate towards the true "
        "difference, but not all the way: in the model the assignment also depends on a *latent employability* "
        "that is not in the data (health, experience, motivation) and that also raises the chance of work. What "
        "remains because of it cannot be removed by weighting on measured characteristics; with that latent score "
        "added (possible only in the model) the estimate matches the true effect."),
    "incidence.intro": _nl_en(
        "**Welke soort eerste job?** Dezelfde weging, nu per soort eerste job (concurrerende risico's): een "
        "artikel 60, een job in de reguliere economie, of interim/sociale economie.",
        "**Which kind of first job?** The same weighting, now by kind of first job (competing risks): an art. 60 job, "
        "a job in the regular economy, or interim/social economy."),
    "rmst.caption": _nl_en("Gemiddeld aantal maanden zonder job in de eerste {horizon} maanden",
                           "Mean months without a job in the first {horizon} months"),
    "rmst.reading": _nl_en(
        "Het gemiddeld aantal maanden zonder job (de oppervlakte onder de curve 'nog geen job') vat de hele curve "
        "samen: een negatief verschil betekent sneller werk in het vergeleken traject.",
        "The mean number of months without a job (the area under the 'no job yet' curve) sums up the whole curve: a "
        "negative difference means work sooner in the compared trajectory."),
    "itt.heading": _nl_en("## 4. Toegewezen of gerealiseerd traject?", "## 4. Assigned or realised trajectory?"),
    "itt.intro": _nl_en(
        "Het toegewezen traject verandert nadien. De tabel kruist het toegewezen traject met het traject na de "
        "laatste geregistreerde wissel; de figuur toont dezelfde stromen.",
        "The assigned trajectory changes afterwards. The table crosses the assigned trajectory with the trajectory "
        "after the last registered change; the figure shows the same flows."),
    "itt.transition_caption": _nl_en("Toegewezen (rijen) en gerealiseerd traject (kolommen)",
                                     "Assigned (rows) and realised trajectory (columns)"),
    "itt.change_caption": _nl_en("Trajectwissels en tijd tot de wissel", "Changes of trajectory and time to the change"),
    "itt.flow_note": _nl_en("Alleen stromen van minstens {min_cell_size} personen zijn getekend; het getal is het aantal "
                            "personen dat van traject wisselde.",
                            "Only flows of at least {min_cell_size} persons are drawn; the number is the persons who "
                            "changed trajectory."),
    "itt.reading": _nl_en(
        "**Intention to treat** vergelijkt volgens het toegewezen traject: dat is de beslissing bij de intake, en de "
        "vergelijking die eerlijk blijft. **As treated** vergelijkt volgens het gerealiseerde traject; maar wie naar "
        "activering wisselt, doet dat vaak juist omdat er een artikel 60 klaarstaat, en wie in het lineaire traject "
        "blijft, is juist wie (nog) geen artikel 60 kreeg. Die vergelijking mengt het effect van het traject met de "
        "reden van de wissel; het verschil tussen beide schattingen toont hoe zwaar dat doorweegt. Alleen de "
        "vergelijking volgens het toegewezen traject is eerlijk.",
        "**Intention to treat** compares by the assigned trajectory: the decision at intake, and the comparison that "
        "stays fair. **As treated** compares by the realised trajectory; but people switch to activation often "
        "precisely because an art. 60 job is lined up, and whoever stays in the linear trajectory is precisely someone "
        "who did not (yet) get one. That comparison mixes the trajectory's effect with the reason for the switch; "
        "the gap between the two estimates shows how much that weighs. Only the comparison by assigned trajectory "
        "is fair."),
    "sequences.heading": _nl_en("## 5. Hoe brengen mensen hun maanden door?", "## 5. How do people spend their months?"),
    "sequences.intro": _nl_en(
        "Per maand sinds de intake de situatie van elke cliënt: artikel 60, job in de reguliere economie, interim, "
        "sociale economie, cursus of opleiding, werkloosheidsuitkering, leefloon of onbekend (geen registratie). "
        "Overlappen registraties, dan gaat werk vóór opleiding, opleiding vóór een uitkering. Groepen kleiner dan "
        "{min_cell_size} personen zijn samengevoegd tot 'overige'.",
        "For every month since intake, each client's situation: art. 60, regular job, interim, social economy, course "
        "or training, unemployment benefit, social assistance (leefloon), or unknown (no registration). Where "
        "registrations overlap, work goes before training, training before a benefit. Groups smaller than "
        "{min_cell_size} persons are merged into 'other'."),
    "sequences.caption": _nl_en("Gemiddeld aantal maanden in elke situatie in de eerste {months} maanden (ruw)",
                                "Mean months in each situation in the first {months} months (naive)"),
    "sequences.reading": _nl_en(
        "De chronogrammen en gemiddelden zijn ruw: ze beschrijven de trajecten zoals ze liepen, met hun verschillende "
        "cliënten, en zijn geen effecten.",
        "The chronograms and means are naive: they describe the trajectories as they went, with their different "
        "clients, and are not effects."),
    "sensitivity.heading": _nl_en("## 6. Hoe gevoelig is het resultaat voor wat we niet meten?",
                                  "## 6. How sensitive is the result to what we do not measure?"),
    "sensitivity.intro": _nl_en(
        "De **E-waarde** (VanderWeele & Ding, 2017) zegt hoe sterk een niet-gemeten kenmerk zou moeten samenhangen "
        "met zowel het traject als met werk (als relatieve kans) om het gecorrigeerde effect volledig te verklaren. "
        "Een E-waarde dicht bij 1 betekent: een zwakke verborgen factor volstaat; de E-waarde van de BI-grens zegt "
        "hoe sterk die moet zijn om het effect niet meer significant te maken (1 = nu al niet significant).",
        "The **E-value** (VanderWeele & Ding, 2017) says how strongly an unmeasured characteristic would have to be "
        "associated with both the trajectory and work (as a risk ratio) to explain the adjusted effect away. An "
        "E-value close to 1 means a weak hidden factor suffices; the E-value of the CI limit says how strong it must "
        "be to make the effect no longer significant (1 = already not significant)."),
    "sensitivity.caption": _nl_en("Relatieve kans op een job (gecorrigeerd) en E-waarden",
                                  "Risk ratio of a job (adjusted) and E-values"),
    "sensitivity.reading": _nl_en(
        "Selectie op niet-gemeten inzetbaarheid is hier geen theoretisch risico: het evaluatierapport beschrijft "
        "dat trajectbegeleiders 'sterkere profielen' kiezen op basis van wat zij in het gesprek zien. Een effect "
        "met een lage E-waarde moet daarom voorzichtig gelezen worden.",
        "Selection on unmeasured employability is not a theoretical risk here: the evaluation report describes "
        "counsellors choosing 'stronger profiles' on what they see in the interview. An effect with a low E-value "
        "should therefore be read with care."),
    "limits.heading": _nl_en("## Wat deze analyse niet kan tonen", "## What this analysis cannot show"),
    "limits": _nl_en(
        "- De correctie houdt alleen rekening met wat geregistreerd is bij de intake; verschillen in gezondheid, "
        "werkervaring of motivatie blijven over (zie de E-waarden).\n"
        "- Het jongerentraject wordt alleen vergeleken met cliënten van 25 jaar of jonger.\n"
        "- Een eerste job is nog geen duurzame job; zie de studie over artikel 60 en duurzaamheid.\n"
        "- Het gerealiseerde traject hangt af van wat er tijdens het traject gebeurt en is daarom geen eerlijke "
        "basis voor een vergelijking.",
        "- The adjustment only accounts for what was registered at intake; differences in health, work experience or "
        "motivation remain (see the E-values).\n"
        "- The youth trajectory is compared with clients aged 25 or younger only.\n"
        "- A first job is not yet a durable job; see the study on art. 60 and durability.\n"
        "- The realised trajectory depends on what happens during the trajectory and is therefore no fair basis for a "
        "comparison."),
    "definitions.heading": _nl_en("## Definities", "## Definitions"),
    "definitions": _nl_en(
        "- **Eerste job**: het begin van de eerste tewerkstelling (elk contracttype) op of na de intakedatum.\n"
        "- **Opvolging**: tot de extractiedatum of tot het einde van de laatste registratie van werk of uitkering.\n"
        "- **Propensity score**: geschatte kans om in het vergeleken traject te zitten eerder dan in het "
        "referentietraject, gegeven geslacht, gezinssituatie, leeftijdsgroep, scholing, taalniveau bij intake en "
        "periode van intake (logistische regressie).\n"
        "- **Weging (IPW)**: {weighting}\n"
        "- **Balans**: verschil tussen de groepen per kenmerk; voor ja/nee-kenmerken het verschil in aandeel, "
        "anders gedeeld door de standaardafwijking in de doelgroep (dezelfde vóór en na weging); drempel 0.1.\n"
        "- **Betrouwbaarheidsinterval**: 2,5e en 97,5e percentiel over de bootstrapsteekproeven.\n"
        "- **Trajectwissel**: een geregistreerde wijziging van traject; het gerealiseerde traject is dat na de laatste "
        "wissel.",
        "- **First job**: the start of the first employment spell (any contract) on or after the intake date.\n"
        "- **Follow-up**: until the extraction date or the end of the last registration of work or benefit.\n"
        "- **Propensity score**: estimated probability of being in the compared trajectory rather than the reference, "
        "given sex, household, age group, education, Dutch level at intake and intake period (logistic regression).\n"
        "- **Weighting (IPW)**: {weighting}\n"
        "- **Balance**: difference between the groups per characteristic; for yes/no characteristics the difference "
        "in proportion, otherwise divided by the standard deviation in the target group (the same before and after "
        "weighting); threshold 0.1.\n"
        "- **Confidence interval**: 2.5th and 97.5th percentile over the bootstrap samples.\n"
        "- **Change of trajectory**: a registered change; the realised trajectory is the one after the last change."),
    "weighting.reference": _nl_en(
        "cliënten van het referentietraject wegen 1; cliënten van het vergeleken traject wegen p/(1-p), zodat ze "
        "samen het profiel van de referentiecliënten krijgen (p = propensity score).",
        "clients of the reference trajectory weigh 1; clients of the compared trajectory weigh p/(1-p), so that "
        "together they get the reference clients' profile (p = propensity score)."),
    "weighting.trajectory": _nl_en(
        "cliënten van het vergeleken traject wegen 1; referentiecliënten wegen p/(1-p), zodat ze samen het profiel "
        "van de cliënten van het vergeleken traject krijgen (p = propensity score).",
        "clients of the compared trajectory weigh 1; reference clients weigh p/(1-p), so that together they get "
        "the compared trajectory's clients' profile (p = propensity score)."),
}

TEXTS: dict[str, dict[str, str]] = {f"trajectories.{k}": v for k, v in {**_LABELS, **_NARRATIVE}.items()}
