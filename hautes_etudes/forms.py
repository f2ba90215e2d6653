"""The steps of the application to the cycle, in plain French."""

from django import forms
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _

from applications.flow import PdfField, Step, StepForm
from core.forms import DsfrFormMixin
from hautes_etudes.models import EmployerKind, PublicCategory
from resources.models import Territory

MOTIVATION_MIN, MOTIVATION_MAX = 300, 4000


class IdentityForm(StepForm):
    first_name = forms.CharField(
        label=_("Prénom"), max_length=150, error_messages={"required": _("Indiquez votre prénom.")}
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=150, error_messages={"required": _("Indiquez votre nom.")}
    )
    phone = forms.RegexField(
        label=_("Téléphone"),
        regex=r"^\+?[0-9 .()-]{8,20}$",
        max_length=20,
        help_text=_("Par exemple : 06 12 34 56 78"),
        error_messages={
            "required": _("Indiquez un numéro de téléphone."),
            "invalid": _("Ce numéro de téléphone n'est pas valide."),
        },
    )


class SituationForm(StepForm):
    position = forms.CharField(
        label=_("Fonction actuelle"),
        max_length=255,
        error_messages={"required": _("Indiquez votre fonction.")},
    )
    employer = forms.CharField(
        label=_("Employeur"),
        max_length=255,
        help_text=_("Ou le mandat, pour les élus."),
        error_messages={"required": _("Indiquez votre employeur.")},
    )
    employer_kind = forms.ChoiceField(
        label=_("Nature de l'employeur"),
        choices=EmployerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la nature de votre employeur.")},
    )
    category = forms.ChoiceField(
        label=_("Vous candidatez en tant que"),
        choices=PublicCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la catégorie qui vous correspond.")},
    )
    region = forms.ModelChoiceField(
        label=_("Région d'exercice"),
        queryset=Territory.objects.none(),
        to_field_name="slug",
        empty_label=_("Choisir une région"),
        error_messages={
            "required": _("Choisissez votre région."),
            "invalid_choice": _("Choisissez une région de la liste."),
        },
    )
    experience_years = forms.IntegerField(
        label=_("Années d'expérience professionnelle"),
        min_value=0,
        max_value=60,
        error_messages={
            "required": _("Indiquez vos années d'expérience."),
            "invalid": _("Indiquez un nombre entier d'années."),
            "min_value": _("Le nombre d'années ne peut pas être négatif."),
            "max_value": _("Indiquez au plus 60 ans d'expérience."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Territory.objects.regions().order_by("name")


class MotivationForm(StepForm):
    motivation = forms.CharField(
        label=_("Votre motivation"),
        help_text=_(
            "Ce que vous attendez du cycle et ce que vous y apporterez : entre %(min)s "
            "et %(max)s caractères."
        )
        % {"min": MOTIVATION_MIN, "max": MOTIVATION_MAX},
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[MinLengthValidator(MOTIVATION_MIN), MaxLengthValidator(MOTIVATION_MAX)],
        error_messages={
            "required": _("Expliquez votre motivation."),
            "min_length": _(
                "Développez un peu : au moins %(limit_value)d caractères "
                "(vous en avez écrit %(show_value)d)."
            ),
            "max_length": _(
                "Raccourcissez : au plus %(limit_value)d caractères (vous en avez "
                "écrit %(show_value)d). Votre texte est conservé."
            ),
        },
    )
    heard_from = forms.ChoiceField(
        label=_("Comment avez-vous connu le cycle ?"),
        required=False,
        choices=[
            ("", _("Choisir une réponse")),
            ("employer", _("Par mon employeur")),
            ("alumni", _("Par un ancien auditeur")),
            ("press", _("Par la presse")),
            ("web", _("Sur internet ou les réseaux sociaux")),
            ("other", _("Autrement")),
        ],
    )


class DocumentsForm(StepForm):
    cv = PdfField(label=_("Curriculum vitae"))
    employer_agreement = PdfField(
        label=_("Accord de votre employeur"),
        help_text=_(
            "Format PDF, 5 Mo au maximum. Vous pouvez aussi indiquer ci-dessous le "
            "courriel de votre employeur : nous lui demanderons son accord."
        ),
    )
    employer_email = forms.EmailField(
        label=_("Ou : courriel de votre employeur"),
        required=False,
        help_text=_("Il recevra un lien pour donner son accord en ligne."),
        error_messages={"invalid": _("Saisissez une adresse électronique valide.")},
    )
    accessibility_needs = forms.CharField(
        label=_("Besoins d'aménagement (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Handicap, accessibilité, contraintes : nous organiserons votre accueil."),
    )


class ConsentForm(StepForm):
    consent = forms.BooleanField(
        label=_(
            "J'ai lu la notice sur les données personnelles et j'accepte que mes données "
            "soient traitées pour l'examen de ma candidature."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour déposer la candidature.")},
    )


STEPS = [
    Step("identite", _("Identité et contact"), IdentityForm),
    Step("situation", _("Situation professionnelle"), SituationForm),
    Step("motivation", _("Motivation"), MotivationForm),
    Step(
        "documents",
        _("Documents"),
        DocumentsForm,
        required_files=("cv", ("employer_agreement", "employer_email")),
    ),
    Step("consentement", _("Données personnelles"), ConsentForm),
]


class EmployerAnswerForm(DsfrFormMixin, forms.Form):
    """The employer's answer: agreement, or refusal with a reason."""

    answer = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[
            ("accord", _("Je donne mon accord")),
            ("refus", _("Je refuse")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez votre réponse.")},
    )
    reason = forms.CharField(
        label=_("Motif du refus"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire en cas de refus ; il sera communiqué à la personne candidate."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "refus" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Indiquez le motif du refus."))
        return cleaned
