import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from resources.enums import OrganisationKind, ResourceStatus
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
    status = ResourceStatus.PUBLISHED
    publication_date = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=ResourceStatus.DRAFT)
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
