"""The Proxy API's provider side: check a proxied call against its provider's documented rules.

:func:`check` finds the documented endpoint of a proxied call (:mod:`pytest_paragon.providers`)
and records a
:class:`~pytest_paragon.errors.ProviderRequestError` for each call that breaks a rule, unless the
fake runs with ``provider_checks=False``. :func:`default_reply` is the provider's documented answer
for such an endpoint when the test registered none.
"""

from __future__ import annotations

import copy

from pytest_paragon.errors import ProviderRequestError
from pytest_paragon.fake.base.context import RequestContext
from pytest_paragon.fake.base.records import ProviderReply, ProxyCall
from pytest_paragon.providers import ProviderEndpoint, ProviderStore, find_endpoint, violations


def check(context: RequestContext, call: ProxyCall) -> ProviderEndpoint | None:
    """The call's documented endpoint (``None``: undocumented); a broken rule is a problem."""
    found = find_endpoint(
        context.state.area(ProviderStore).all(), call.integration_type, call.method, call.path
    )
    if found is None:
        return None
    document, endpoint = found
    if context.provider_checks:
        broken = violations(endpoint, call.query, call.body, call.headers)
        if broken:
            context.record_problem(
                ProviderRequestError.from_rules(
                    document.provider,
                    endpoint.name,
                    f"{call.method} {call.path} through the Proxy API to {call.integration_type}",
                    broken,
                    endpoint.source,
                )
            )
    return endpoint


def default_reply(endpoint: ProviderEndpoint) -> ProviderReply:
    """The provider's documented success answer for ``endpoint`` (a fresh copy each time)."""
    return ProviderReply(
        status=endpoint.response.status, body=copy.deepcopy(endpoint.response.body)
    )
