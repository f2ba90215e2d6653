import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from editorial.status import EditorialStatus
from resources.enums import OrganisationKind
from resources.models import Organisation, Resource, ResourceType


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@ints.example")
    password = factory.django.Password("mot-de-passe-solide-42")

    class Params:
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association départementale {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    kind = OrganisationKind.ASSOCIATION


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Ressource numéro {n}")
    slug = factory.Sequence(lambda n: f"ressource-{n}")
    summary = "Un résumé de la ressource pour les professionnels."
    body = "<p>Le contenu de la ressource.</p>"
    resource_type = factory.LazyFunction(lambda: ResourceType.objects.get(slug="guide"))
    status = EditorialStatus.PUBLISHED
    publication_date = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=EditorialStatus.DRAFT)
        scheduled = factory.Trait(
            publication_date=factory.LazyFunction(
                lambda: timezone.now() + timezone.timedelta(days=3)
            )
        )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        if create and extracted:
            self.territories.set(extracted)


# Research ------------------------------------------------------------------------------------


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "research.Lab"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Laboratoire de sociologie {n}")
    slug = factory.Sequence(lambda n: f"laboratoire-{n}")
    acronym = factory.Sequence(lambda n: f"LAB{n}")
    host_kind = "university"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ResearcherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "research.Researcher"
        skip_postgeneration_save = True

    given_names = "Marie"
    family_name = factory.Sequence(lambda n: f"Durand{n}")
    slug = factory.Sequence(lambda n: f"chercheuse-{n}")
    role = "Maîtresse de conférences"

    class Params:
        consented = factory.Trait(
            public_profile=True, consent_date=factory.LazyFunction(timezone.localdate)
        )


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "research.Project"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projet de recherche {n}")
    slug = factory.Sequence(lambda n: f"projet-{n}")
    project_type = "research_action"
    status = "ongoing"
    summary = "Une recherche-action avec les professionnels et les personnes accompagnées."

    @factory.post_generation
    def labs(self, create, extracted, **kwargs):
        if create and extracted:
            self.labs.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "research.Publication"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Publication numéro {n}")
    slug = factory.Sequence(lambda n: f"publication-{n}")
    publication_type = "article"
    year = 2024
    abstract = "Un résumé de la publication."

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        """`authors=[("Dupont", "Marie"), …]`: named authors in this order."""
        if create and extracted:
            for position, (family, given) in enumerate(extracted):
                self.contributors.create(position=position, family_name=family, given_names=given)

    @factory.post_generation
    def labs(self, create, extracted, **kwargs):
        if create and extracted:
            self.labs.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ContractOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "research.ContractOffer"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Contrat doctoral {n}")
    slug = factory.Sequence(lambda n: f"contrat-{n}")
    contract_type = "doctoral"
    lab = factory.SubFactory(LabFactory)
    description = "Sujet de thèse."
    funding = "Contrat doctoral de l'université, 3 ans"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=90))
    deadline = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=30))
    how_to_apply = "Envoyer CV et lettre de motivation."

    class Params:
        closed = factory.Trait(
            deadline=factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))
        )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


# Observatory ---------------------------------------------------------------------------------


class DatasetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.Dataset"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Jeu de données numéro {n}")
    slug = factory.Sequence(lambda n: f"jeu-de-donnees-{n}")
    summary = "Des données sur l'emploi et la formation dans le travail social."
    methodology = "Enquête annuelle auprès des établissements."
    period_start = factory.LazyFunction(lambda: timezone.datetime(2015, 1, 1).date())
    period_end = factory.LazyFunction(lambda: timezone.datetime(2025, 12, 31).date())
    status = EditorialStatus.PUBLISHED
    publication_date = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=EditorialStatus.DRAFT)
        scheduled = factory.Trait(
            publication_date=factory.LazyFunction(
                lambda: timezone.now() + timezone.timedelta(days=3)
            )
        )

    @factory.post_generation
    def producers(self, create, extracted, **kwargs):
        if create and extracted:
            self.producers.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        if create and extracted:
            self.territories.set(extracted)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.Indicator"

    dataset = factory.SubFactory(DatasetFactory)
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "personnes"
    kind = "time_series"

    class Params:
        by_territory = factory.Trait(kind="by_territory")


class DataPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.DataPoint"

    indicator = factory.SubFactory(IndicatorFactory)
    value = 100
