#!/usr/bin/env python3
"""Validators for papercheck's SARIF and JUnit output, used by Scripts/validate-reports.sh.

    report_validators.py sarif-om FILE        SARIF 2.1.0 against the sarif-om object model
    report_validators.py sarif-pydantic FILE  SARIF 2.1.0 through sarif-pydantic's models
    report_validators.py junit FILE XSD       JUnit XML with junitparser (counts) and xmlschema (XSD)

Each prints nothing on success and the problems on stderr otherwise (exit 1).
"""
import json
import re
import sys

# sarif-om's classes are generated from the official SARIF 2.1.0 JSON schema: their attrs fields
# carry the schema's property names, and the fields without a default are the required ones. The
# schema's types of nested objects are not in the classes, so this map gives them for the
# properties papercheck writes. An object-valued property missing here is reported, so the map
# grows with the renderer instead of letting new output go unchecked.
NESTED = {
    "SarifLog": {"runs": ["Run"]},
    "Run": {"tool": "Tool", "results": ["Result"], "invocations": ["Invocation"], "artifacts": ["Artifact"]},
    "Tool": {"driver": "ToolComponent", "extensions": ["ToolComponent"]},
    "ToolComponent": {"rules": ["ReportingDescriptor"], "notifications": ["ReportingDescriptor"],
                      "shortDescription": "MultiformatMessageString", "fullDescription": "MultiformatMessageString"},
    "ReportingDescriptor": {"shortDescription": "MultiformatMessageString", "fullDescription": "MultiformatMessageString",
                            "help": "MultiformatMessageString", "defaultConfiguration": "ReportingConfiguration"},
    "Result": {"message": "Message", "locations": ["Location"], "suppressions": ["Suppression"],
               "relatedLocations": ["Location"]},
    "Location": {"physicalLocation": "PhysicalLocation", "logicalLocations": ["LogicalLocation"], "message": "Message"},
    "PhysicalLocation": {"artifactLocation": "ArtifactLocation", "region": "Region"},
    "Invocation": {"toolConfigurationNotifications": ["Notification"], "toolExecutionNotifications": ["Notification"]},
    "Notification": {"descriptor": "ReportingDescriptorReference", "message": "Message", "locations": ["Location"]},
    "Artifact": {"location": "ArtifactLocation"},
    "ArtifactLocation": {"description": "Message"},
}
# Property bags hold anything the tool wants.
FREE_FORM = {"properties"}
LEVELS = {"none", "note", "warning", "error"}
# RFC 3986 URI-reference characters (percent-encoding checked separately).
URI_REFERENCE = re.compile(r"^([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def validate_sarif_om(path):
    import attr
    import sarif_om

    problems = []

    def walk(value, class_name, where):
        cls = getattr(sarif_om, class_name)
        if not isinstance(value, dict):
            problems.append(f"{where}: expected an object ({class_name})")
            return
        fields = {f.metadata["schema_property_name"]: f for f in attr.fields(cls)}
        for key in value:
            if key not in fields:
                problems.append(f"{where}.{key}: not a property of {class_name} in SARIF 2.1.0")
        for name, field in fields.items():
            if field.default is attr.NOTHING and name not in value:
                problems.append(f"{where}: {class_name} requires '{name}'")
        known = {name: value[name] for name in value if name in fields}
        try:
            cls(**{fields[name].name: item for name, item in known.items()})
        except TypeError as error:
            problems.append(f"{where}: {class_name}: {error}")
        nested = NESTED.get(class_name, {})
        for name, item in known.items():
            if name in FREE_FORM:
                if not isinstance(item, dict):
                    problems.append(f"{where}.{name}: a property bag must be an object")
                continue
            target = nested.get(name)
            if target is None:
                if isinstance(item, dict) or (isinstance(item, list) and any(isinstance(x, dict) for x in item)):
                    problems.append(f"{where}.{name}: object value with no model in NESTED; extend the map")
                continue
            if isinstance(target, list):
                if not isinstance(item, list):
                    problems.append(f"{where}.{name}: expected an array of {target[0]}")
                    continue
                for index, element in enumerate(item):
                    walk(element, target[0], f"{where}.{name}[{index}]")
            else:
                walk(item, target, f"{where}.{name}")

    with open(path, encoding="utf-8") as handle:
        log = json.load(handle)
    walk(log, "SarifLog", "$")
    if log.get("version") != "2.1.0":
        problems.append("$.version: must be 2.1.0")
    for run_index, run in enumerate(log.get("runs", [])):
        driver = run.get("tool", {}).get("driver", {})
        rules = driver.get("rules", [])
        ids = [rule.get("id") for rule in rules]
        if len(set(ids)) != len(ids):
            problems.append(f"$.runs[{run_index}].tool.driver.rules: duplicate ids")
        for rule_index, rule in enumerate(rules):
            level = rule.get("defaultConfiguration", {}).get("level")
            if level is not None and level not in LEVELS:
                problems.append(f"$.runs[{run_index}].tool.driver.rules[{rule_index}]: level '{level}'")
        for result_index, result in enumerate(run.get("results", [])):
            where = f"$.runs[{run_index}].results[{result_index}]"
            if result.get("level", "warning") not in LEVELS:
                problems.append(f"{where}.level: '{result.get('level')}' is not one of {sorted(LEVELS)}")
            index = result.get("ruleIndex")
            if index is not None and (not 0 <= index < len(rules) or rules[index].get("id") != result.get("ruleId")):
                problems.append(f"{where}.ruleIndex: {index} does not point at rule '{result.get('ruleId')}'")
            for suppression in result.get("suppressions", []):
                if suppression.get("kind") not in {"inSource", "external"}:
                    problems.append(f"{where}.suppressions: kind '{suppression.get('kind')}'")
            for location in result.get("locations", []):
                uri = location.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
                if not URI_REFERENCE.match(uri):
                    problems.append(f"{where}: artifactLocation.uri '{uri}' is not a URI reference")
    return problems


def validate_sarif_pydantic(path):
    from sarif_pydantic import Sarif

    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    try:
        Sarif.model_validate(data)
    except Exception as error:  # pydantic's ValidationError lists every problem
        return [str(error)]
    return []


def validate_junit(path, xsd_path):
    import xmlschema
    from junitparser import Error, Failure, JUnitXml

    problems = []
    schema = xmlschema.XMLSchema(xsd_path)
    for error in schema.iter_errors(path):
        problems.append(f"XSD: {error.reason} at {error.path}")
    xml = JUnitXml.fromfile(path)
    total = {"tests": 0, "failures": 0, "errors": 0}
    for suite in xml:
        cases = list(suite)
        failures = sum(1 for case in cases if any(isinstance(r, Failure) for r in case.result)
                       and not any(isinstance(r, Error) for r in case.result))
        errors = sum(1 for case in cases if any(isinstance(r, Error) for r in case.result))
        for name, counted in (("tests", len(cases)), ("failures", failures), ("errors", errors)):
            declared = getattr(suite, name) or 0
            if declared != counted:
                problems.append(f"testsuite '{suite.name}': {name}={declared} but {counted} found")
            total[name] += counted
    for name, counted in total.items():
        declared = getattr(xml, name) or 0
        if declared != counted:
            problems.append(f"testsuites: {name}={declared} but {counted} found")
    return problems


def main(argv):
    commands = {
        "sarif-om": lambda args: validate_sarif_om(args[0]),
        "sarif-pydantic": lambda args: validate_sarif_pydantic(args[0]),
        "junit": lambda args: validate_junit(args[0], args[1]),
    }
    if len(argv) < 2 or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 64
    problems = commands[argv[0]](argv[1:])
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
