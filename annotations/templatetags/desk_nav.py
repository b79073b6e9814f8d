"""``{% may_open_webhooks as shown %}``: which links the navigation offers the caller."""

from typing import Any

from django import template

from annotations.web.access import may_open_webhooks as _may_open_webhooks

register = template.Library()


@register.simple_tag(takes_context=True)
def may_open_webhooks(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return request is not None and _may_open_webhooks(request.user)
