"""Classify every change between two OpenAPI documents, operation by operation.

Operations are paired by method and path template (parameter names ignored), then by
``x-paragon-endpoint`` or ``operationId`` when a path moved. Each pair is compared for servers,
security, parameters, request body and responses; schemas by
:class:`~pytest_paragon.contract.diff.schemas.SchemaDiffer`. Webhooks and the component schemas
that no operation reaches (SDK-side shapes such as install-flow stages and SDK events) are
compared as what the client receives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_paragon.contract.diff.model import Change, Severity
from pytest_paragon.contract.diff.schemas import Direction, SchemaDiffer, escape, resolve
from pytest_paragon.contract.diff.walk import (
    METHODS,
    TEMPLATE_PARAM,
    normalized,
    onprem_labels,
    operations,
    referenced_schemas,
    security,
    servers,
)


class Classifier:
    """Collects :class:`Change` objects for one pair of documents."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        """Compare document ``old`` (what the client was built for) with ``new``."""
        self.old = old
        self.new = new
        self.changes: list[Change] = []
        self._context: tuple[str | None, str | None] = (None, None)
        self.schemas = SchemaDiffer(old, new, self._emit)

    def _emit(
        self,
        severity: Severity,
        kind: str,
        message: str,
        path: str,
        *,
        field: str | None = None,
        old: Any = None,
        new: Any = None,
    ) -> None:
        operation, operation_id = self._context
        self.changes.append(
            Change(severity, kind, message, path, operation, operation_id, field, old, new)
        )

    def run(self) -> list[Change]:
        """Every change, in document order."""
        self._documentservers()
        self._security_schemes()
        self._paths()
        self._webhooks()
        self._unreachable_components()
        return self.changes

    # -- document level ---------------------------------------------------------------------

    def _documentservers(self) -> None:
        self._context = (None, None)
        old_urls = [s.get("url") for s in self.old.get("servers") or []]
        new_urls = [s.get("url") for s in self.new.get("servers") or []]
        for index, url in enumerate(old_urls):
            if url not in new_urls:
                self._emit(
                    Severity.BREAKING,
                    "server-removed",
                    f"server {url} removed",
                    f"#/servers/{index}",
                    old=url,
                )
        for index, url in enumerate(new_urls):
            if url not in old_urls:
                self._emit(
                    Severity.INFO,
                    "server-added",
                    f"server {url} added",
                    f"#/servers/{index}",
                    new=url,
                )
        self._onprem_hosts()

    def _onprem_hosts(self) -> None:
        # SDK <= 2.1.1 derives proxy.{host} on-prem, 2.2.3 and later worker-proxy.{host}: the
        # same client code reaches another host after the upgrade (info.x-paragon-onprem-labels).
        old, new = onprem_labels(self.old), onprem_labels(self.new)
        place = "#/info/x-paragon-onprem-labels"
        for label in sorted(old - new):
            message = (
                f"on-prem host {label}.{{domain}} no longer served (now: {sorted(new - old)}); "
                "only on-prem clients are affected"
            )
            self._emit(Severity.WARNING, "onprem-host-removed", message, place, old=label)
        for label in sorted(new - old):
            message = f"on-prem host {label}.{{domain}} added"
            self._emit(Severity.INFO, "onprem-host-added", message, place, new=label)

    def _security_schemes(self) -> None:
        self._context = (None, None)
        old = (self.old.get("components") or {}).get("securitySchemes") or {}
        new = (self.new.get("components") or {}).get("securitySchemes") or {}
        for name, scheme in old.items():
            place = f"#/components/securitySchemes/{escape(name)}"
            if name not in new:
                self._emit(
                    Severity.BREAKING,
                    "security-scheme-removed",
                    f"security scheme {name} removed",
                    place,
                )
                continue
            for key in ("type", "in", "name", "scheme", "bearerFormat"):
                if scheme.get(key) != new[name].get(key):
                    self._emit(
                        Severity.BREAKING,
                        "security-scheme-changed",
                        f"security scheme {name}: {key} {scheme.get(key)!r} -> "
                        f"{new[name].get(key)!r}",
                        f"{place}/{key}",
                        old=scheme.get(key),
                        new=new[name].get(key),
                    )

    # -- operations ---------------------------------------------------------------------------

    def _paths(self) -> None:
        old_ops = {(m, normalized(p)): (m, p, op) for m, p, op in operations(self.old)}
        new_ops = {(m, normalized(p)): (m, p, op) for m, p, op in operations(self.new)}
        unmatched_new = {key for key in new_ops if key not in old_ops}
        for key, (method, path, operation) in old_ops.items():
            self._context = (f"{method.upper()} {path}", operation.get("operationId"))
            place = f"#/paths/{escape(path)}/{method}"
            partner = new_ops.get(key) or self._moved(
                operation, {k: new_ops[k] for k in unmatched_new}
            )
            if partner is None:
                self._emit(
                    Severity.BREAKING,
                    "operation-removed",
                    f"{method.upper()} {path} removed",
                    place,
                )
                continue
            new_method, new_path, new_operation = partner
            unmatched_new.discard((new_method, normalized(new_path)))
            if (new_method, normalized(new_path)) != key:
                self._emit(
                    Severity.BREAKING,
                    "operation-path-changed",
                    f"moved to {new_method.upper()} {new_path}",
                    place,
                    old=f"{method.upper()} {path}",
                    new=f"{new_method.upper()} {new_path}",
                )
            self._operation(method, path, operation, new_path, new_operation)
        for key in sorted(unmatched_new):
            method, path, operation = new_ops[key]
            self._context = (f"{method.upper()} {path}", operation.get("operationId"))
            self._emit(
                Severity.INFO,
                "operation-added",
                f"{method.upper()} {path} added",
                f"#/paths/{escape(path)}/{method}",
            )

    def _moved(
        self, operation: Mapping[str, Any], candidates: Mapping[Any, tuple[str, str, Any]]
    ) -> tuple[str, str, Mapping[str, Any]] | None:
        for marker in ("x-paragon-endpoint", "operationId"):
            value = operation.get(marker)
            if not value:
                continue
            found = [c for c in candidates.values() if c[2].get(marker) == value]
            if len(found) == 1:
                return found[0]
        return None

    def _operation(
        self,
        method: str,
        path: str,
        old: Mapping[str, Any],
        new_path: str,
        new: Mapping[str, Any],
    ) -> None:
        place = f"#/paths/{escape(path)}/{method}"
        if old.get("operationId") != new.get("operationId"):
            self._emit(
                Severity.INFO,
                "operation-id-changed",
                f"operationId {old.get('operationId')} -> {new.get('operationId')}",
                f"{place}/operationId",
                old=old.get("operationId"),
                new=new.get("operationId"),
            )
        old_servers = servers(self.old, path, old)
        new_servers = servers(self.new, new_path, new)
        for url in old_servers:
            if url not in new_servers:
                self._emit(
                    Severity.BREAKING,
                    "operation-server-removed",
                    f"no longer served on {url} (now {', '.join(new_servers)})",
                    f"{place}/servers",
                    old=url,
                    new=new_servers,
                )
        for url in new_servers:
            if url not in old_servers:
                self._emit(
                    Severity.INFO,
                    "operation-server-added",
                    f"now also served on {url}",
                    f"{place}/servers",
                    new=url,
                )
        old_security, new_security = security(self.old, old), security(self.new, new)
        for requirement in sorted(old_security - new_security, key=sorted):
            self._emit(
                Severity.BREAKING,
                "security-requirement-removed",
                f"credentials {sorted(requirement) or 'none'} no longer accepted",
                f"{place}/security",
                old=sorted(requirement),
            )
        for requirement in sorted(new_security - old_security, key=sorted):
            self._emit(
                Severity.INFO,
                "security-requirement-added",
                f"credentials {sorted(requirement) or 'none'} now accepted",
                f"{place}/security",
                new=sorted(requirement),
            )
        self._parameters(path, old, new_path, new, place)
        self._request_body(old, new, place)
        self._responses(old, new, place)

    def _parameter_map(
        self, document: Mapping[str, Any], path: str, operation: Mapping[str, Any]
    ) -> dict[tuple[str, str], Mapping[str, Any]]:
        item = (document.get("paths") or {}).get(path) or {}
        found: dict[tuple[str, str], Mapping[str, Any]] = {}
        path_index = 0
        for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
            parameter, _ = resolve(document, raw)
            if not isinstance(parameter, Mapping):
                continue
            where, name = str(parameter.get("in")), str(parameter.get("name"))
            if where == "path":  # renaming a path parameter changes nothing on the wire
                position = TEMPLATE_PARAM.findall(path)
                name = (
                    str(position.index("{" + name + "}")) if "{" + name + "}" in position else name
                )
                path_index += 1
            elif where == "header":
                name = name.lower()
            found[(where, name)] = parameter
        return found

    def _parameters(
        self,
        path: str,
        old: Mapping[str, Any],
        new_path: str,
        new: Mapping[str, Any],
        place: str,
    ) -> None:
        before = self._parameter_map(self.old, path, old)
        after = self._parameter_map(self.new, new_path, new)
        for (where, key), parameter in before.items():
            name = str(parameter.get("name"))
            field = f"request.{where}.{name.lower() if where == 'header' else name}"
            here = f"{place}/parameters/{where}:{escape(name)}"
            if (where, key) not in after:
                self._emit(
                    Severity.WARNING,
                    "request-parameter-removed",
                    f"{where} parameter {name} removed",
                    here,
                    field=field,
                )
                continue
            other = after[(where, key)]
            if other.get("required") and not parameter.get("required"):
                self._emit(
                    Severity.BREAKING,
                    "request-parameter-became-required",
                    f"{where} parameter {name} is now required",
                    here,
                )
            self.schemas.compare(
                parameter.get("schema"),
                other.get("schema"),
                path=f"{here}/schema",
                field=field,
                direction="request",
            )
        for (where, key), parameter in after.items():
            if (where, key) in before:
                continue
            name = str(parameter.get("name"))
            here = f"{place}/parameters/{where}:{escape(name)}"
            if parameter.get("required"):
                self._emit(
                    Severity.BREAKING,
                    "request-parameter-added-required",
                    f"new required {where} parameter {name}",
                    here,
                )
            else:
                self._emit(
                    Severity.INFO,
                    "request-parameter-added",
                    f"new optional {where} parameter {name}",
                    here,
                    field=f"request.{where}.{key}",
                )

    def _content(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        place: str,
        field: str,
        direction: Direction,
    ) -> None:
        old_content = old.get("content") or {}
        new_content = new.get("content") or {}
        for media, body in old_content.items():
            here = f"{place}/content/{escape(media)}"
            if media not in new_content:
                self._emit(
                    Severity.BREAKING,
                    f"{direction}-media-type-removed",
                    f"{field}: media type {media} removed",
                    here,
                    field=field,
                    old=media,
                )
                continue
            self.schemas.compare(
                body.get("schema"),
                new_content[media].get("schema"),
                path=f"{here}/schema",
                field=field,
                direction=direction,
            )
        for media in new_content:
            if media not in old_content:
                self._emit(
                    Severity.INFO,
                    f"{direction}-media-type-added",
                    f"{field}: media type {media} added",
                    f"{place}/content/{escape(media)}",
                    field=field,
                    new=media,
                )

    def _request_body(self, old: Mapping[str, Any], new: Mapping[str, Any], place: str) -> None:
        before, _ = resolve(self.old, old.get("requestBody"))
        after, _ = resolve(self.new, new.get("requestBody"))
        here = f"{place}/requestBody"
        if not isinstance(after, Mapping):
            if isinstance(before, Mapping):
                self._emit(
                    Severity.WARNING,
                    "request-body-removed",
                    "request body removed",
                    here,
                    field="request.body",
                )
            return
        if not isinstance(before, Mapping):
            severity = Severity.BREAKING if after.get("required") else Severity.INFO
            self._emit(severity, "request-body-added", "request body added", here)
            return
        if after.get("required") and not before.get("required"):
            self._emit(
                Severity.BREAKING,
                "request-body-became-required",
                "the request body is now required",
                here,
            )
        self._content(before, after, here, "request.body", "request")

    def _responses(self, old: Mapping[str, Any], new: Mapping[str, Any], place: str) -> None:
        before = old.get("responses") or {}
        after = new.get("responses") or {}
        for code, raw in before.items():
            here = f"{place}/responses/{escape(str(code))}"
            status = f"status.{code}"
            if code not in after:
                success = str(code).startswith(("2", "3"))
                self._emit(
                    Severity.BREAKING if success else Severity.WARNING,
                    "response-status-removed",
                    f"response {code} removed",
                    here,
                    field=status,
                )
                continue
            response, _ = resolve(self.old, raw)
            other, _ = resolve(self.new, after[code])
            if isinstance(response, Mapping) and isinstance(other, Mapping):
                self._content(response, other, here, "response.body", "response")
                for header in response.get("headers") or {}:
                    if header not in (other.get("headers") or {}):
                        self._emit(
                            Severity.WARNING,
                            "response-header-removed",
                            f"response {code}: header {header} removed",
                            f"{here}/headers/{escape(header)}",
                            field=f"response.header.{header.lower()}",
                        )
        for code in after:
            if code not in before:
                self._emit(
                    Severity.INFO,
                    "response-status-added",
                    f"response {code} added",
                    f"{place}/responses/{escape(str(code))}",
                    field=f"status.{code}",
                )

    # -- what the client receives outside operations ----------------------------------------

    def _webhooks(self) -> None:
        before = self.old.get("webhooks") or {}
        after = self.new.get("webhooks") or {}
        for name, item in before.items():
            self._context = (f"webhook {name}", None)
            place = f"#/webhooks/{escape(name)}"
            if name not in after:
                self._emit(Severity.BREAKING, "webhook-removed", f"webhook {name} removed", place)
                continue
            for method in METHODS:
                old_op, new_op = item.get(method), after[name].get(method)
                if isinstance(old_op, Mapping) and isinstance(new_op, Mapping):
                    old_body, _ = resolve(self.old, old_op.get("requestBody"))
                    new_body, _ = resolve(self.new, new_op.get("requestBody"))
                    if isinstance(old_body, Mapping) and isinstance(new_body, Mapping):
                        # The client receives a webhook: compared as a response.
                        self._content(
                            old_body,
                            new_body,
                            f"{place}/{method}/requestBody",
                            f"webhook.{name}",
                            "response",
                        )
        for name in after:
            if name not in before:
                self._context = (f"webhook {name}", None)
                self._emit(
                    Severity.INFO,
                    "webhook-added",
                    f"webhook {name} added",
                    f"#/webhooks/{escape(name)}",
                )

    def _unreachable_components(self) -> None:
        reached = referenced_schemas(self.old, ("paths", "webhooks"))
        old_schemas = (self.old.get("components") or {}).get("schemas") or {}
        new_schemas = (self.new.get("components") or {}).get("schemas") or {}
        for name in old_schemas:
            if name in reached:
                continue
            self._context = (None, None)
            place = f"#/components/schemas/{escape(name)}"
            if name not in new_schemas:
                self._emit(
                    Severity.WARNING,
                    "schema-removed",
                    f"schema {name} removed",
                    place,
                    field=f"schema.{name}",
                )
                continue
            self.schemas.compare(
                old_schemas[name],
                new_schemas[name],
                path=place,
                field=f"schema.{name}",
                direction="response",
            )


def classify(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from document ``old`` to ``new``."""
    return Classifier(old, new).run()
