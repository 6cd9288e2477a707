"""Reads template.yaml, the one definition of the table, for local servers and tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that keeps CloudFormation short tags (!Ref, !Sub...) as {"Fn::X": value}."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


_CfnLoader.add_multi_constructor("!", _tag)


@cache
def load_template() -> dict[str, Any]:
    return yaml.load(TEMPLATE.read_text(), Loader=_CfnLoader)


def table_properties() -> dict[str, Any]:
    resources = load_template()["Resources"]
    return next(r["Properties"] for r in resources.values() if r["Type"] == "AWS::DynamoDB::Table")


def create_table_kwargs(table_name: str) -> dict[str, Any]:
    """CreateTable arguments equal to the template's table (what DynamoDB local can honour)."""
    props = table_properties()
    kwargs: dict[str, Any] = {
        "TableName": table_name,
        "AttributeDefinitions": props["AttributeDefinitions"],
        "KeySchema": props["KeySchema"],
        "BillingMode": props["BillingMode"],
    }
    if props.get("LocalSecondaryIndexes"):
        kwargs["LocalSecondaryIndexes"] = props["LocalSecondaryIndexes"]
    if props.get("GlobalSecondaryIndexes"):
        kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
    return kwargs


def ttl_attribute() -> str | None:
    spec = table_properties().get("TimeToLiveSpecification") or {}
    return spec.get("AttributeName") if spec.get("Enabled") else None


def resources_of_type(kind: str) -> dict[str, dict[str, Any]]:
    """Logical id -> properties of every resource of one type."""
    return {name: r.get("Properties", {}) for name, r in load_template()["Resources"].items() if r["Type"] == kind}


def function_properties(handler: str) -> dict[str, Any]:
    """The properties of the function whose Handler is `handler` (e.g. "lambda_function.deletion_worker")."""
    functions = resources_of_type("AWS::Serverless::Function")
    return next(props for props in functions.values() if props.get("Handler") == handler)
