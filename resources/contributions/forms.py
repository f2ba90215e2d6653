"""The « Proposer … » forms of the resource centre: a practice, a local event, a resource. What
they share (credit, consent, honeypot, drafts) is editorial.contribute's."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.uploads import EXTENSIONS, validate_upload
from editorial.contribute import ContributionForm, unique_slug
from resources.enums import OrganisationKind
from resources.models import (
    Audience,
    Event,
    Organisation,
    Practice,
    Resource,
    ResourceType,
    Territory,
    Theme,
)

ACCEPTED = sorted(set(EXTENSIONS.values()))
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"]


def themes_field():
    return forms.ModelMultipleChoiceField(
        label=gettext_lazy("Thématiques"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choisissez des thématiques de la liste.")},
    )


def datetime_field(label, example):
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=format_lazy("{} {}", gettext_lazy("Date et heure, par exemple"), example),
        error_messages={"invalid": gettext_lazy("Indiquez une date et une heure valides.")},
    )


def territory_field(label):
    return forms.ModelChoiceField(
        label=label,
        queryset=Territory.objects.order_by("kind", "name"),
        required=False,
        empty_label=gettext_lazy("Choisir un territoire"),
        error_messages={"invalid_choice": gettext_lazy("Choisissez un territoire de la liste.")},
    )


def organisation_named(name, territory):
    """The structure a contributor wrote that the list did not offer: found by its name, or
    added as « Autre » for the editors to complete when they review the contribution."""
    found = Organisation.objects.filter(name__iexact=name).first()
    return found or Organisation.objects.create(
        name=name,
        slug=unique_slug(Organisation, name),
        kind=OrganisationKind.OTHER,
        territory=territory,
    )


def attachment_field(label, help_text):
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages={"invalid": gettext_lazy("Ce fichier n'a pas pu être lu.")},
        widget=forms.FileInput(attrs={"accept": ",".join(f".{ext}" for ext in ACCEPTED)}),
    )


class AttachedFileForm:
    """What a contribution form with a `file` field (resources.models.AttachedFile) does with
    it: checked by its content and size (core.uploads); a refused file keeps the rest of the
    draft (kept_when_refused)."""

    kept_when_refused = ("file",)
    file_mime = None

    def attachment(self):
        """The file already given, which includes/field.html names above its upload field."""
        if not self.instance.file:
            return None
        return {"size": self.instance.file_size, "uploaded_at": self.instance.updated_at}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.file_mime = validate_upload(upload)
        return upload

    def attach_file(self, obj):
        upload = self.cleaned_data.get("file")
        if upload and self.file_mime:
            obj.file = upload
            obj.file_mime = self.file_mime
            obj.file_size = upload.size


class PracticeContributionForm(AttachedFileForm, ContributionForm):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("La structure qui l'a menée"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("Choisir dans la liste"),
        help_text=gettext_lazy("Si elle n'y est pas, écrivez son nom dans le champ suivant."),
        error_messages={"invalid_choice": gettext_lazy("Choisissez une structure de la liste.")},
    )
    organisation_name = forms.CharField(
        label=gettext_lazy("Votre structure n'est pas dans la liste : son nom"),
        max_length=200,
        required=False,
    )
    territory = territory_field(gettext_lazy("Le territoire où elle est menée"))
    themes = themes_field()
    file = attachment_field(
        gettext_lazy("Un support (facultatif)"),
        gettext_lazy(
            "Une fiche, un bilan, une présentation : PDF, Word, Excel, PowerPoint, OpenDocument "
            "ou CSV."
        ),
    )
    needed_to_propose = ("problem", "action", "results")
    fieldsets = (
        (gettext_lazy("La pratique"), "", ["title", "problem", "action", "results", "themes"]),
        (gettext_lazy("Qui, où"), "", ["organisation", "organisation_name", "territory"]),
        (gettext_lazy("Son support"), "", ["file"]),
        (
            gettext_lazy("Le contact (facultatif)"),
            gettext_lazy("Les coordonnées ne sont publiées qu'avec l'accord de la personne."),
            ["contact_name", "contact_email", "contact_phone", "contact_consent"],
        ),
    )

    class Meta(ContributionForm.Meta):
        model = Practice
        fields = [
            "title",
            "problem",
            "action",
            "results",
            "organisation",
            "territory",
            "themes",
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_consent",
        ]
        labels = {
            "title": gettext_lazy("Le titre de la pratique"),
            "problem": gettext_lazy("Le problème rencontré"),
            "action": gettext_lazy("Ce que vous avez fait"),
            "results": gettext_lazy("Ce qui en est sorti"),
            "contact_name": gettext_lazy("Une personne à contacter (facultatif)"),
            "contact_email": gettext_lazy("Son adresse électronique (facultatif)"),
            "contact_phone": gettext_lazy("Son téléphone (facultatif)"),
            "contact_consent": gettext_lazy(
                "Cette personne accepte que ses coordonnées soient publiées avec la pratique"
            ),
        }
        help_texts = {
            "problem": gettext_lazy("Pour qui, dans quelle situation, pourquoi il fallait agir."),
            "action": gettext_lazy("Les étapes, les partenaires, les moyens."),
            "results": gettext_lazy("Ce qui a changé, ce qui reste difficile, les chiffres."),
            "contact_email": gettext_lazy("Format attendu : nom@domaine.fr"),
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "action": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "contact_email": {
                "invalid": gettext_lazy("Cette adresse électronique n'est pas valide.")
            },
        }

    def clean(self):
        cleaned = super().clean()
        named = cleaned.get("organisation") or cleaned.get("organisation_name", "").strip()
        if not named and "organisation" not in self.errors:
            self.add_error(
                "organisation", _("Choisissez votre structure dans la liste ou écrivez son nom.")
            )
        if not cleaned.get("territory") and "territory" not in self.errors:
            self.add_error("territory", _("Choisissez le territoire où la pratique est menée."))
        return cleaned

    def clean_proposal(self, cleaned):
        if cleaned.get("contact_consent") and not cleaned.get("contact_name"):
            self.add_error(
                "contact_name", _("Indiquez la personne dont les coordonnées sont publiées.")
            )

    def before_save(self, obj):
        self.attach_file(obj)
        name = self.cleaned_data.get("organisation_name", "").strip()
        if not self.cleaned_data.get("organisation") and name:
            obj.organisation = organisation_named(name, self.cleaned_data.get("territory"))


class EventContributionForm(ContributionForm):
    starts_at = datetime_field(gettext_lazy("Début"), "12/03/2027 09:30")
    ends_at = datetime_field(gettext_lazy("Fin"), "12/03/2027 17:00")
    themes = themes_field()
    needed_to_propose = ("summary",)
    fieldsets = (
        (
            gettext_lazy("L'événement"),
            "",
            ["title", "summary", "starts_at", "ends_at", "themes", "registration_url"],
        ),
        (
            gettext_lazy("Où"),
            "",
            [
                "is_online",
                "online_url",
                "venue_name",
                "address",
                "postcode",
                "city",
                "region",
                "departement",
            ],
        ),
    )

    class Meta(ContributionForm.Meta):
        model = Event
        fields = [
            "title",
            "summary",
            "starts_at",
            "ends_at",
            "is_online",
            "online_url",
            "venue_name",
            "address",
            "postcode",
            "city",
            "region",
            "departement",
            "registration_url",
            "themes",
        ]
        labels = {
            "title": gettext_lazy("Le titre de l'événement"),
            "summary": gettext_lazy("Présentation en quelques lignes"),
            "is_online": gettext_lazy("L'événement a lieu en ligne"),
            "online_url": gettext_lazy("Lien de connexion (en ligne)"),
            "venue_name": gettext_lazy("Lieu (sur place)"),
            "address": gettext_lazy("Adresse (facultatif)"),
            "postcode": gettext_lazy("Code postal (facultatif)"),
            "city": gettext_lazy("Ville"),
            "region": gettext_lazy("Région"),
            "departement": gettext_lazy("Département (facultatif)"),
            "registration_url": gettext_lazy("Lien d'information ou d'inscription (facultatif)"),
        }
        help_texts = {
            "summary": gettext_lazy("600 caractères au plus : le public, le programme, l'accès."),
            "online_url": gettext_lazy("Format attendu : https://…"),
            "registration_url": gettext_lazy("Format attendu : https://…"),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "online_url": {
                "invalid": gettext_lazy("Indiquez une adresse web complète (https://…).")
            },
            "registration_url": {
                "invalid": gettext_lazy("Indiquez une adresse web complète (https://…).")
            },
            "region": {"invalid_choice": gettext_lazy("Choisissez une région de la liste.")},
            "departement": {
                "invalid_choice": gettext_lazy("Choisissez un département de la liste.")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("Choisir une région")
        self.fields["departement"].empty_label = _("Choisir un département")
        self.fields["departement"].queryset = Territory.objects.departements().order_by("code")

    def clean_proposal(self, cleaned):
        if cleaned.get("is_online"):
            if not cleaned.get("online_url") and "online_url" not in self.errors:
                self.add_error(
                    "online_url", _("Indiquez le lien de connexion de l'événement en ligne.")
                )
        elif not cleaned.get("venue_name") and not cleaned.get("city"):
            self.add_error(
                "venue_name", _("Indiquez le lieu de l'événement, ou cochez « en ligne ».")
            )
        placed = cleaned.get("region") or cleaned.get("departement")
        if not placed and "region" not in self.errors:
            self.add_error("region", _("Choisissez la région de l'événement."))


class ResourceContributionForm(AttachedFileForm, ContributionForm):
    resource_type = forms.ModelChoiceField(
        label=gettext_lazy("Le type de ressource"),
        queryset=ResourceType.objects.all(),
        empty_label=gettext_lazy("Choisir un type"),
        error_messages={
            "required": gettext_lazy("Choisissez le type de ressource."),
            "invalid_choice": gettext_lazy("Choisissez un type de la liste."),
        },
    )
    themes = themes_field()
    audiences = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Les publics"),
        queryset=Audience.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choisissez des publics de la liste.")},
    )
    territory = territory_field(gettext_lazy("Le territoire concerné (facultatif)"))
    file = attachment_field(
        gettext_lazy("Le fichier"),
        gettext_lazy(
            "PDF, Word, Excel, PowerPoint, OpenDocument ou CSV. Ou bien donnez un lien ci-dessous."
        ),
    )
    needed_to_propose = ("summary",)
    fieldsets = (
        (
            gettext_lazy("La ressource"),
            "",
            ["title", "summary", "resource_type", "authors", "licence"],
        ),
        (gettext_lazy("Son fichier ou son lien"), "", ["file", "external_url"]),
        (gettext_lazy("Pour qui, où"), "", ["themes", "audiences", "territory"]),
    )

    class Meta(ContributionForm.Meta):
        model = Resource
        fields = [
            "title",
            "summary",
            "resource_type",
            "themes",
            "audiences",
            "authors",
            "external_url",
            "licence",
        ]
        labels = {
            "title": gettext_lazy("Le titre de la ressource"),
            "summary": gettext_lazy("Son résumé"),
            "authors": gettext_lazy("Ses auteurs (facultatif)"),
            "external_url": gettext_lazy("Ou son lien, si elle est en ligne ailleurs"),
            "licence": gettext_lazy("La licence sous laquelle elle peut être diffusée"),
        }
        help_texts = {
            "summary": gettext_lazy("1 000 caractères au plus : ce qu'on y trouve, pour qui."),
            "external_url": gettext_lazy("Format attendu : https://…"),
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "external_url": {
                "invalid": gettext_lazy("Indiquez une adresse web complète (https://…).")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("territory", self.instance.territories.first())

    def clean_proposal(self, cleaned):
        has_file = cleaned.get("file") or self.instance.file or "file" in self.errors
        if not has_file and not cleaned.get("external_url") and "external_url" not in self.errors:
            self.add_error(
                "external_url", _("Déposez le fichier de la ressource ou indiquez son lien.")
            )

    def before_save(self, obj):
        self.attach_file(obj)
        obj.created_by = obj.created_by or self.user

    def _save_m2m(self):
        super()._save_m2m()
        territory = self.cleaned_data.get("territory")
        self.instance.territories.set([territory] if territory else [])
