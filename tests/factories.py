"""factory_boy factories for the domain; sentences come from the real import service."""

import factory
from django.contrib.auth import get_user_model

from annotations.models import Membership, Newsroom, Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class NewsroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newsroom

    name = factory.Sequence(lambda n: f"Newsroom {n}")
    slug = factory.Sequence(lambda n: f"newsroom-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    newsroom = factory.SubFactory(NewsroomFactory)
    role = Role.EDITOR


def member(newsroom: Newsroom, role: str, username: str | None = None):
    """A user with ``role`` in ``newsroom``."""
    user = UserFactory(username=username) if username else UserFactory()
    MembershipFactory(user=user, newsroom=newsroom, role=role)
    return user
