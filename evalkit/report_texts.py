"""The narrative of each study, in Dutch and English. Keys are ``<study>.<part>``.

Each study keeps its texts in its own module (``report_texts_<study>.py``); ``TEXTS`` joins them.
"""

OVERVIEW = {
    # ---------------------------------------------------------------- overview (01)
    "overview.title": {
        "nl": "# Overzicht van de cohorte: werkstatus op {snapshot_date}",
        "en": "# Cohort overview: work status on {snapshot_date}",
    },
    "overview.intro": {
        "nl": ("Dit rapport herneemt de kwantitatieve analyse (hoofdstuk 3) van de evaluatie van COB Coevelt "
               "op basis van het register: wie kreeg een intake, en wie is aan het werk op de peildatum "
               "**{snapshot_date}**? De werkstatus is de VDAB-status op die dag, hergecodeerd in *werk* en "
               "*geen werk of onbekend* (Tabel 3 van het evaluatierapport). Het is één momentopname: ze "
               "zegt niet hoe snel mensen werk vonden, noch of dat werk duurzaam is. Daarvoor dienen de "
               "andere studies (tijd tot de eerste job, duurzaamheid na artikel 60)."),
        "en": ("This report redoes the quantitative analysis (chapter 3) of the COB Coevelt evaluation from "
               "the registry: who had an intake, and who is at work on the snapshot date **{snapshot_date}**? "
               "Work status is the VDAB status on that day, recoded into *work* and *no work or unknown* "
               "(Table 3 of the evaluation report). It is a single snapshot: it says neither how fast people "
               "found work nor whether that work lasts. The other studies (time to first job, "
               "sustainability after art. 60) answer that."),
    },
    "overview.data": {
        "nl": ("**Gegevens.** Register: {source}. Extractiedatum: {extraction_date}. Programma: {programme}. "
               "Intakes tot en met de peildatum: **{n_intakes}** (van {first_intake} tot {last_intake}). "
               "Voor {n_no_status} personen is er geen status op de peildatum; zij tellen als *geen werk of "
               "onbekend*, zoals in het evaluatierapport."),
        "en": ("**Data.** Registry: {source}. Extraction date: {extraction_date}. Programme: {programme}. "
               "Intakes up to the snapshot date: **{n_intakes}** ({first_intake} to {last_intake}). "
               "{n_no_status} persons have no status on the snapshot date; they count as *no work or "
               "unknown*, as in the evaluation report."),
    },
    "overview.synthetic": {
        "nl": ("**Let op: synthetische gegevens.** Dit register is synthetisch: het is gegenereerd uit een "
               "gedocumenteerd model dat gekalibreerd is op de gepubliceerde cijfers van de evaluatie van "
               "COB Coevelt (2020). Er staan geen echte personen in. De kolommen *gepubliceerd* tonen het "
               "gepubliceerde cijfer naast het onze, zodat de kalibratie te controleren is."),
        "en": ("**Note: synthetic data.** This registry is synthetic: it was generated from a documented "
               "model calibrated to the published figures of the COB Coevelt evaluation (2020). It holds no "
               "real persons. The *published* columns show the published figure beside ours, so the "
               "calibration can be checked."),
    },
    "overview.status.heading": {"nl": "## Werkstatus volgens VDAB op de peildatum",
                                "en": "## Work status according to VDAB on the snapshot date"},
    "overview.status.caption": {"nl": "Tewerkstellingsstatuut op {snapshot_date} (VDAB-status) en hercodering",
                                "en": "Employment status on {snapshot_date} (VDAB status) and recoding"},
    "overview.status.reading": {
        "nl": ("Op de peildatum is **{pct_work:.1f}%** aan het werk. *Werk* omvat alle codes van werkenden "
               "(10, 78, 80, 89, 90, 93), ook wie in een artikel 60 werkt; *geen werk* omvat wie een "
               "werkloosheidsuitkering heeft (code 0), verplicht ingeschreven is via het OCMW (code 5) of "
               "uitgeschreven is om een andere reden dan werk."),
        "en": ("On the snapshot date **{pct_work:.1f}%** are at work. *Work* covers every code of people "
               "working (10, 78, 80, 89, 90, 93), including those in an art. 60 job; *no work* covers "
               "unemployment benefit (code 0), compulsory registration by the welfare centre (code 5) and "
               "deregistration for reasons other than work."),
    },
    "overview.profiles.heading": {"nl": "## Werk naar traject en profiel", "en": "## Work by trajectory and profile"},
    "overview.profiles.intro": {
        "nl": ("Elke tabel kruist de werkstatus met één kenmerk: aantallen, het percentage aan het werk per "
               "rij, en een chi-kwadraattoets die nagaat of het aandeel werkenden verschilt tussen de "
               "categorieën. Zo'n kruistabel toont een samenhang, geen effect: wie een traject kreeg, "
               "verschilt ook in profiel (sterkere profielen gaan vaker naar het VDAB-traject). De "
               "studies over trajecten en profielen corrigeren daarvoor."),
        "en": ("Each table crosses work status with one characteristic: counts, the share at work per row, "
               "and a chi-square test of whether the share at work differs between categories. Such a "
               "cross-table shows an association, not an effect: people in different trajectories also "
               "differ in profile (stronger profiles go to the VDAB trajectory more often). The trajectory "
               "and profile studies adjust for that."),
    },
    "overview.profiles.caption": {"nl": "{variable} en werk op {snapshot_date}",
                                  "en": "{variable} and work on {snapshot_date}"},
    "overview.art60.heading": {"nl": "## Inzet van artikel 60 per traject", "en": "## Use of art. 60 per trajectory"},
    "overview.art60.caption": {
        "nl": "Cliënten met minstens één opgestart artikel 60 tot {snapshot_date}, en dagen van intake tot de start",
        "en": "Clients with at least one art. 60 started up to {snapshot_date}, and days from intake to its start"},
    "overview.art60.reading": {
        "nl": ("**{pct:.1f}%** van de cliënten had tot de peildatum minstens één artikel 60. De gemiddelde duur "
               "van intake tot de start van het eerste artikel 60 is berekend op wie er een had; wie (nog) "
               "geen had, telt niet mee. Daardoor onderschat dit gemiddelde de echte wachttijd: de studie "
               "'tijd tot de eerste job' houdt rekening met wie nog wacht (censurering)."),
        "en": ("**{pct:.1f}%** of clients had at least one art. 60 up to the snapshot date. The mean time from "
               "intake to the start of the first art. 60 is computed over those who had one; those who had "
               "none (yet) do not count. That makes the mean an underestimate of the real waiting time: the "
               "'time to first job' study accounts for those still waiting (censoring)."),
    },
    "overview.definitions.heading": {"nl": "## Definities", "en": "## Definitions"},
    "overview.definitions": {
        "nl": ("- **Cohorte**: alle intakes van het programma {programme} tot en met de peildatum.\n"
               "- **Peildatum**: de dag waarop de VDAB-status wordt afgelezen ({snapshot_date}).\n"
               "- **Werk**: een VDAB-status die als werk is hergecodeerd (codelijst `vdab_status`, kolom "
               "`work`: 10, 78, 80, 89, 90, 93). **Geen werk of onbekend**: alle andere codes, en geen "
               "status op de peildatum.\n"
               "- **% werk**: werk / totaal van de rij, in procent.\n"
               "- **Artikel 60**: een tewerkstelling met contracttype `art60` die start op of voor de "
               "peildatum. **Dagen tot artikel 60**: van de intakedatum tot de start van het eerste "
               "artikel 60 na de intake.\n"
               "- **Leeftijd**: intakejaar min geboortejaar. **Periode van intake**: halfjaar van de "
               "intakedatum (voorjaar = januari-juni).\n"
               "- **Chi-kwadraattoets**: Pearson, zonder continuïteitscorrectie, over de categorieën met "
               "minstens één persoon; een kleine p-waarde wijst op een verschil in het aandeel werkenden "
               "tussen de categorieën."),
        "en": ("- **Cohort**: every intake of programme {programme} up to the snapshot date.\n"
               "- **Snapshot date**: the day the VDAB status is read ({snapshot_date}).\n"
               "- **Work**: a VDAB status recoded as work (code list `vdab_status`, column `work`: 10, 78, "
               "80, 89, 90, 93). **No work or unknown**: every other code, and no status on the snapshot "
               "date.\n"
               "- **% at work**: work / row total, in percent.\n"
               "- **Art. 60**: an employment spell with contract type `art60` that starts on or before the "
               "snapshot date. **Days to art. 60**: from the intake date to the start of the first art. 60 "
               "after the intake.\n"
               "- **Age**: intake year minus birth year. **Intake period**: half-year of the intake date.\n"
               "- **Chi-square test**: Pearson, without continuity correction, over the categories with at "
               "least one person; a small p-value points to a difference in the share at work between "
               "categories."),
    },
}


def _all() -> dict:
    from evalkit import report_texts_art60, report_texts_profiles, report_texts_survival, report_texts_trajectories

    return {**OVERVIEW, **report_texts_survival.TEXTS, **report_texts_trajectories.TEXTS,
            **report_texts_profiles.TEXTS, **report_texts_art60.TEXTS}


TEXTS = _all()
