"""The steps of an answer to a call for projects."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from applications.flow import PdfField, Step, StepForm


def text(label, *, max_length, rows=6, required=True, help_text="", message=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[MaxLengthValidator(max_length)],
        error_messages={
            "required": message or _("Ce champ est obligatoire."),
            "max_length": _(
                "Au plus %(limit_value)d caractères (vous en avez écrit "
                "%(show_value)d). Votre texte est conservé."
            ),
        },
    )


class ProjectForm(StepForm):
    project_title = forms.CharField(
        label=_("Titre du projet"),
        max_length=255,
        error_messages={"required": _("Donnez un titre au projet.")},
    )
    summary = text(
        _("Résumé"),
        max_length=3000,
        help_text=_("3 000 caractères au plus."),
        message=_("Résumez le projet."),
    )
    schedule = text(
        _("Calendrier"),
        max_length=2000,
        rows=4,
        help_text=_("Les grandes étapes et leur durée."),
        message=_("Décrivez le calendrier."),
    )
    duration_months = forms.IntegerField(
        label=_("Durée (mois)"),
        min_value=1,
        max_value=120,
        error_messages={
            "required": _("Indiquez la durée du projet."),
            "invalid": _("Indiquez un nombre entier de mois."),
        },
    )

    def clean_duration_months(self):
        months = self.cleaned_data["duration_months"]
        call = self.application.parent if self.application else None
        if call and months > call.max_duration_months:
            raise forms.ValidationError(
                _("L'appel finance des projets de %(max)s mois au plus.")
                % {"max": call.max_duration_months}
            )
        return months


class TeamForm(StepForm):
    lead_name = forms.CharField(
        label=_("Porteur ou porteuse du projet"),
        max_length=200,
        error_messages={"required": _("Indiquez le porteur du projet.")},
    )
    lead_role = forms.CharField(
        label=_("Sa fonction"),
        max_length=200,
        error_messages={"required": _("Indiquez sa fonction.")},
    )
    lab_name = forms.CharField(
        label=_("Laboratoire ou équipe"),
        max_length=255,
        help_text=_("Nom et sigle, établissement de rattachement."),
        error_messages={"required": _("Indiquez le laboratoire.")},
    )
    partners = text(
        _("Organisations partenaires"),
        max_length=3000,
        rows=4,
        required=False,
        help_text=_("Services sociaux, associations, établissements…"),
    )


class ParticipationForm(StepForm):
    practitioners = text(
        _("Participation des professionnels"),
        max_length=3000,
        message=_("Décrivez la participation des professionnels."),
    )
    people_supported = text(
        _("Participation des personnes accompagnées"),
        max_length=3000,
        message=_("Décrivez la participation des personnes accompagnées."),
    )


class BudgetForm(StepForm):
    amount_requested = forms.DecimalField(
        label=_("Montant demandé (€)"),
        min_value=1,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": _("Indiquez le montant demandé."),
            "invalid": _("Indiquez un montant en euros, par exemple 45000."),
        },
    )
    budget_breakdown = text(
        _("Répartition du budget"), max_length=3000, rows=5, message=_("Détaillez le budget.")
    )

    def clean_amount_requested(self):
        amount = self.cleaned_data["amount_requested"]
        call = self.application.parent if self.application else None
        if call and amount > call.max_amount:
            raise forms.ValidationError(
                _("L'appel finance %(max)s € au plus par projet.")
                % {"max": f"{call.max_amount:,.0f}".replace(",", " ")}
            )
        return amount


class DocumentsForm(StepForm):
    project_file = PdfField(
        label=_("Dossier scientifique"), max_mb=10, help_text=_("Format PDF, 10 Mo au maximum.")
    )
    cvs = PdfField(
        label=_("CV de l'équipe"), max_mb=10, help_text=_("Un seul PDF, 10 Mo au maximum.")
    )
    letters = PdfField(
        label=_("Lettres d'engagement des partenaires (facultatif)"),
        max_mb=10,
        help_text=_("Un seul PDF, 10 Mo au maximum."),
    )


class ConsentForm(StepForm):
    consent = forms.BooleanField(
        label=_(
            "J'ai lu la notice sur les données personnelles et je certifie l'exactitude des "
            "informations fournies."
        ),
        error_messages={"required": _("Cochez la case pour pouvoir déposer le projet.")},
    )


STEPS = [
    Step("projet", _("Le projet"), ProjectForm),
    Step("equipe", _("L'équipe et les partenaires"), TeamForm),
    Step("participation", _("La participation"), ParticipationForm),
    Step("budget", _("Le budget"), BudgetForm),
    Step("documents", _("Les documents"), DocumentsForm, required_files=("project_file", "cvs")),
    Step("consentement", _("Engagement"), ConsentForm),
]
