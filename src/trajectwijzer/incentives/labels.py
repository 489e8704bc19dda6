"""Names of incentives and of entitlement figures, for every page, report and listing.

One place, so the wizard, its PDF and the catalogue call an incentive the same way.
Employer incentives say so in their name.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .sectors import measure_by_id, sector_measures
from .texts import DEFAULT_LANGUAGE, LANGUAGES

INCENTIVE_NAMES = {
    "vlaams_opleidingsverlof": _("Flemish training leave"),
    "opleidingscheques": _("Flemish training vouchers"),
    "vlaams_opleidingskrediet": _("Flemish training credit"),
    "vlaams_zorgkrediet": _("Flemish care credit"),
    "tijdskrediet_opleiding": _("Time credit for training"),
    "betaald_educatief_verlof_brussel": _("Paid educational leave (Brussels)"),
    "conge_education_paye_wallonie": _("Paid educational leave (Wallonia)"),
    "vormingsverlof_vlaamse_overheid": _("Training leave for Flemish government staff"),
    "verlof_opleiding_federale_overheid": _("Training leave for federal government staff"),
    "individueel_opleidingsrecht": _("Individual training right"),
    "kmo_portefeuille": _("SME wallet (employer)"),
    "vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding": _(
        "Withholding tax exemption for training (employer)"
    ),
    "vov_terugbetaling_werkgever": _("Training leave refund (employer)"),
    "premie_werkplekleren_werkgever": _("Workplace learning premium (employer)"),
}

ENTITLEMENT_LABELS = {
    "max_hours_per_school_year": _("Maximum hours per school year"),
    "hours_for_this_training": _("Hours for this training"),
    "max_value_per_school_year": _("Maximum value per school year"),
    "worker_pays_at_most": _("You pay at most"),
    "government_pays_at_most": _("The government pays at most"),
    "monthly_wage_ceiling": _("Monthly wage ceiling"),
    "subsidy_share": _("Share subsidised"),
    "max_subsidy_per_year": _("Maximum subsidy per year"),
    "max_months_over_career": _("Maximum months over a career"),
    "notice_months": _("Notice to give (months)"),
    "monthly_premium_full_time_interruption": _("Monthly premium, full-time interruption (gross)"),
    "monthly_premium_half_time_interruption": _("Monthly premium, half-time interruption (gross)"),
    "monthly_premium_one_fifth_interruption": _("Monthly premium, 1/5 interruption (gross)"),
    "monthly_supplement_living_alone": _("Extra per month if you live alone (gross)"),
    "max_months": _("Maximum months"),
    "max_service_exemption_hours_per_year": _("Maximum service exemption per year"),
    "average_training_days_per_year": _("Training days per year (average over 5 years)"),
    "days_per_year": _("Training days this calendar year"),
    "share_of_taxable_pay": _("Share of taxable pay the employer keeps"),
    "monthly_pay_cap_per_fte": _("Monthly pay cap per full-time worker"),
    "max_exemption_per_month": _("Maximum exemption for this worker"),
    "rate_per_hour": _("Refund per hour of leave"),
    "max_reimbursement_this_training": _("Maximum refund for this training"),
    "premium_low": _("Premium per learner and school year, lower amount"),
    "premium_high": _("Premium per learner and school year, higher amount"),
}


def _language() -> str:
    language = (get_language() or DEFAULT_LANGUAGE).split("-")[0]
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def incentive_name(incentive_id: str) -> str:
    name = INCENTIVE_NAMES.get(incentive_id)
    if name is not None:
        return str(name)
    measure = measure_by_id(incentive_id)  # sector measures name themselves in their file
    if measure is not None:
        return measure["name"][_language()]
    return incentive_id.replace("_", " ").capitalize()


def entitlement_label(key: str) -> str:
    label = ENTITLEMENT_LABELS.get(key)
    if label is not None:
        return str(label)
    for measure in sector_measures():
        if key in measure["entitlement"]:
            return measure["entitlement"][key]["label"][_language()]
    return key.replace("_", " ")
