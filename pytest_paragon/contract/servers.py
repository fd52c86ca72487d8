"""Which Paragon host serves which operation: the contract's ``servers``, as host families.

Each operation names its servers (``https://zeus.{domain}``, ``https://{proxyHost}.{domain}``,
...). A *family* is the set of first host labels one server stands for: ``zeus`` (and its docs
alias ``api``), ``hermes``, ``proxy``/``worker-proxy``, ``actionkit``/``worker-actionkit`` (and
``api-triggerkit``, the on-prem trigger kit SDK 2.4.0's ``getTriggers()`` reads), ``sync``. A
request whose host starts with a Paragon label is *misrouted* when its operation does not live on
that family; any other host (a loopback server, an ASGI test client) serves every operation, as
server mode's single base URL must.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from typing import Any

from pytest_paragon.contract.document import Contract, Operation

_VARIABLE = re.compile(r"\{([^{}]+)\}")
ALIASES: Mapping[str, tuple[str, ...]] = {
    "zeus": ("api",),
    "actionkit": ("api-triggerkit",),
    "worker-actionkit": ("api-triggerkit",),
}
"""Extra first labels that answer like the named one (docs alias, on-prem trigger kit)."""


def _first_labels(server: Mapping[str, Any]) -> tuple[str, ...]:
    """The first host labels one server entry can take (its variable's enum or default)."""
    url = str(server.get("url", ""))
    host = url.split("://", 1)[-1].split("/", 1)[0]
    first = host.split(".", 1)[0]
    variable = _VARIABLE.fullmatch(first)
    if variable is None:
        labels: tuple[str, ...] = (first,)
    else:
        spec = (server.get("variables") or {}).get(variable.group(1)) or {}
        labels = tuple(str(x) for x in (spec.get("enum") or (spec.get("default"),)) if x)
    return tuple(
        dict.fromkeys(x for label in labels if label for x in (label, *ALIASES.get(label, ())))
    )


CLOUD_DOMAIN = "useparagon.com"
ONPREM_LABELS = frozenset(
    {"zeus", "hermes", "worker-proxy", "worker-actionkit", "sync", "api-triggerkit"}
)
"""First labels that make a host under another domain an on-prem Paragon host."""
ANY_ONPREM_LABEL = ONPREM_LABELS | {"proxy"}
"""On-prem labels of any SDK version: SDK <= 2.1.1 derives ``proxy.{host}`` for the Proxy API."""


class HostFamilies:
    """The Paragon host labels per operation of one contract, computed once."""

    def __init__(self, contract: Contract) -> None:
        """Index ``contract``'s operations by the first host labels that serve them."""
        top = contract.document.get("servers") or ()
        self._ordered: dict[str, tuple[str, ...]] = {}
        for operation in contract.operations:
            servers = operation.definition.get("servers") or operation.path_item.get("servers")
            labels = (label for server in (servers or top) for label in _first_labels(server))
            self._ordered[operation.operation_id] = tuple(dict.fromkeys(labels))
        self._labels = {key: frozenset(value) for key, value in self._ordered.items()}
        self.paragon_labels = frozenset().union(*self._labels.values())
        """Every first label a Paragon host of this contract has."""
        declared = (contract.document.get("info") or {}).get("x-paragon-onprem-labels")
        self.onprem_labels = frozenset(declared) if declared else ONPREM_LABELS
        """First labels of on-prem hosts (SDK <= 2.1.1 derives ``proxy.{host}``, not worker-)."""

    def labels(self, operation: Operation) -> frozenset[str]:
        """The first host labels that serve ``operation``."""
        return self._labels.get(operation.operation_id, frozenset())

    def misrouted(self, operation: Operation, host: str) -> str | None:
        """``None`` if ``host`` may serve ``operation``; otherwise the host it lives on.

        Only a Paragon host is checked: one of the contract's labels under ``useparagon.com``,
        or an on-prem service label (``zeus``, ``worker-proxy``, ...) under another domain. The
        answer keeps ``host``'s domain (``proxy.useparagon.com`` for a proxy path sent to
        ``zeus.useparagon.com``) and names the contract's first server for the operation.
        """
        name = host.rsplit(":", 1)[0].lower()
        first, _, domain = name.partition(".")
        on_prem = domain != CLOUD_DOMAIN
        if not domain or first not in (ANY_ONPREM_LABEL if on_prem else self.paragon_labels):
            return None
        allowed = self._labels.get(operation.operation_id)
        if allowed and on_prem:  # on-prem, only the on-prem names serve (not cloud ``proxy``)
            allowed = (allowed & self.onprem_labels) or allowed
        if not allowed or first in allowed:
            return None
        aliases = {alias for names in ALIASES.values() for alias in names}
        ordered = [x for x in self._ordered[operation.operation_id] if x not in aliases]
        if on_prem:
            candidates = [label for label in ordered if label in self.onprem_labels]
        else:
            candidates = [label for label in ordered if not label.startswith("worker-")]
        candidates = candidates or ordered
        return f"{candidates[0]}.{domain}"

    def refusal(self, operation: Operation, request: Any) -> str | None:
        """The real host's 404 message when ``request``'s host does not serve ``operation``.

        ``request`` is a ``FakeRequest``; its ``service_host`` (the Paragon host a server-mode
        address stands for) counts before its ``host``. ``None`` when the host serves it.
        """
        host = request.service_host or request.host
        home = self.misrouted(operation, host)
        if home is None:
            return None
        where = f"{request.method.upper()} {request.path} on {host}"
        return f"Cannot {where}: {operation.operation_id} is served by {home}"


_FAMILIES: weakref.WeakKeyDictionary[Contract, HostFamilies] = weakref.WeakKeyDictionary()


def families_of(contract: Contract) -> HostFamilies:
    """The :class:`HostFamilies` of ``contract``, computed once per contract object."""
    try:
        return _FAMILIES[contract]
    except KeyError:
        families = _FAMILIES[contract] = HostFamilies(contract)
        return families
