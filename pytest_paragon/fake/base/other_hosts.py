"""The fake's ``router``: the respx router of every other httpx host, made when first asked for."""

from __future__ import annotations

from typing import Any


class OtherHosts:
    """``router``: while the pytest fixture intercepts, its respx router (else None).

    Making a respx router costs a test more than its whole request to the fake, and importing
    respx costs the session tens of milliseconds: a test that only talks to Paragon never pays.
    """

    _router: Any = None
    _router_source: Any = None  # what makes it on first use: the fixture's interception

    @property
    def router(self) -> Any:
        """The respx router of the other hosts (``respx.MockRouter``), or None."""
        if self._router is None and self._router_source is not None:
            self._router = self._router_source.router
        return self._router

    @router.setter
    def router(self, router: Any) -> None:
        self._router, self._router_source = router, None

    def route_other_hosts_from(self, source: Any) -> None:
        """Take :attr:`router` from ``source.router`` when first read (the interception)."""
        self._router, self._router_source = None, source
