import PaperAnalysis

/// The JSON Schema of rules.json (`schemas/rules.schema.json`), generated from what papercheck
/// reads: the file and profile keys of `RuleSetParser`, and for each check kind its parameters
/// (`parameterSpecs`), its message variants and its placeholders. `make schema` writes it; a test
/// fails when the committed file differs.
public enum RuleSchema {
    /// The schema's `$id`.
    static let id = "https://papercheck.invalid/schemas/rules.schema.json"

    /// The schema as a JSON value.
    public static func generate() -> JSONValue {
        var definitions: [String: JSONValue] = [
            "profile": profile,
            "rule": rule,
            "override": override,
            "parameterValue": parameterValue,
        ]
        for kind in CheckRegistry.kinds { definitions[definitionName(of: kind)] = schema(of: kind) }
        return .object([
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string(id),
            "title": "papercheck rules file",
            "description": "Venue profiles for papercheck: rules with check kinds, severities, parameters in PDF points, messages, hints and references. Profiles can extend another and override, remove or add rules by id. Generated from the check kinds by `papercheck rules schema` (`make schema`): do not edit by hand.",
            "type": "object",
            "required": ["schemaVersion", "default", "profiles"],
            "additionalProperties": false,
            "properties": .object([
                "$schema": .object(["type": "string"]),
                "schemaVersion": .object(["const": .number(Double(RuleSet.supportedSchemaVersion))]),
                "default": .object(["type": "string", "description": "Id of the profile used without --profile."]),
                "profiles": .object(["type": "array", "minItems": 1, "items": reference("profile")]),
            ]),
            "$defs": .object(definitions),
        ])
    }

    /// The schema as `schemas/rules.schema.json` holds it: sorted keys, two-space indentation, a final newline.
    public static func text() -> String {
        render(generate()) + "\n"
    }

    /// The `$defs` key of a kind's part of the schema.
    static func definitionName(of kind: any CheckKind.Type) -> String {
        "check." + kind.name
    }

    // MARK: - File and profile

    private static let idSchema = JSONValue.object(["type": "string", "pattern": .string(RuleSetParser.idPattern)])

    private static func reference(_ name: String) -> JSONValue {
        .object(["$ref": .string("#/$defs/" + name)])
    }

    private static func described(_ value: JSONValue, _ description: String) -> JSONValue {
        guard case var .object(members) = value else { return value }
        members["description"] = .string(description)
        return .object(members)
    }

    private static var profile: JSONValue {
        .object([
            "type": "object",
            "required": ["id"],
            "additionalProperties": false,
            "properties": .object([
                "id": described(idSchema, "Profile id, for --profile. In a file given with --rules, the id of a built-in profile replaces that profile."),
                "title": .object(["type": "string"]),
                "source": .object(["type": "string", "description": "URL of the venue's instructions."]),
                "extends": .object(["type": "string", "description": "Id of the profile whose rules this one starts from: one of this file or, in a file given with --rules, a built-in one (a profile that extends its own id starts from the built-in profile it replaces)."]),
                "rules": .object(["type": "array", "items": reference("rule")]),
                "add": .object(["type": "array", "items": reference("rule")]),
                "remove": .object(["type": "array", "uniqueItems": true, "items": .object(["type": "string"])]),
                "override": .object(["type": "array", "items": reference("override")]),
            ]),
        ])
    }

    // MARK: - Rules

    private static var severity: JSONValue {
        .object(["enum": .array(Severity.allCases.reversed().map { .string($0.rawValue) })])
    }

    /// What the hints of each producer family are for.
    static let producerDescriptions: [Producer: String] = [
        .latex: "The hint for PDFs made with TeX (pdfTeX, LuaTeX, XeTeX, dvips, dvipdfmx).",
        .word: "The hint for PDFs made with a word processor (Word, LibreOffice, Google Docs).",
    ]

    private static var hints: JSONValue {
        var families: [String: JSONValue] = [:]
        for family in Producer.allCases {
            families[family.rawValue] = .object(["type": "string",
                                                 "description": .string(producerDescriptions[family] ?? "The hint for PDFs made with \(family.rawValue).")])
        }
        let names = Producer.allCases.map(\.rawValue).joined(separator: "|")
        return .object([
            "type": "object",
            "properties": .object(families),
            "propertyNames": .object(["pattern": .string("^(?:[A-Za-z0-9]+\\.)?(?:\(names))$|^[A-Za-z0-9]+$")]),
            "additionalProperties": .object(["type": "string"]),
            "description": "Hints by the producer family that the PDF's Creator and Producer name, by variant (`attachment`), or by both (`attachment.latex`); the most specific that fits is used, `hint` when none does.",
        ])
    }

    /// The keys of a rule other than `check` and `parameters`, as both rules and overrides take them.
    private static var ruleKeys: [String: JSONValue] {
        [
            "id": described(idSchema, "Stable rule id, used in reports and waivers."),
            "severity": severity,
            "message": .object(["type": "string", "description": "Message template with named {placeholders} filled by the check; the kind's own message when absent."]),
            "messages": .object(["type": "object", "additionalProperties": .object(["type": "string"]),
                                 "description": "Templates for the check's other outcomes, by variant."]),
            "hint": .object(["type": "string", "description": "How to fix a failure, for any producer; {placeholders} are filled like the message's."]),
            "hints": hints,
            "reference": .object(["type": "string", "description": "The guideline sentence the rule encodes."]),
            "triage": .object(["type": "string", "enum": .array(TriageClass.ruleClasses.map { .string($0.rawValue) }),
                               "description": "What a program chair does with a paper that fails the rule with an error: desk-reject, fix-before-camera-ready (the default for errors) or ok. Warnings are always advice."]),
            "cause": .object(["type": "string", "description": "A short name of the failure for triage lists (\"over length: {bodyPages} body pages\"); the kind's placeholders and {count}, {pageCount}."]),
            "description": .object(["type": "string"]),
        ]
    }

    /// A full rule: the keys every rule has, then the part of its kind, chosen by `check`.
    private static var rule: JSONValue {
        var properties = ruleKeys
        properties["check"] = .object(["type": "string", "enum": .array(CheckRegistry.kinds.map { .string($0.name) }),
                                       "description": "The check kind (see `papercheck rules explain`)."])
        properties["parameters"] = .object(["type": "object",
                                            "description": "The check kind's parameters; lengths in PDF points (1/72 in), origin top-left."])
        let branches: [JSONValue] = CheckRegistry.kinds.map { kind in
            .object([
                "if": .object(["required": ["check"], "properties": .object(["check": .object(["const": .string(kind.name)])])]),
                "then": reference(definitionName(of: kind)),
            ])
        }
        return .object([
            "type": "object",
            "required": ["id", "check", "severity", "hint", "reference"],
            "additionalProperties": false,
            "properties": .object(properties),
            "allOf": .array(branches),
        ])
    }

    /// An override: any key of a rule but `check`, only `id` required. Its kind is the inherited
    /// rule's, which the file may not show, so parameters and message variants are those of any kind.
    private static var override: JSONValue {
        var properties = ruleKeys
        let parameterNames = Set(CheckRegistry.kinds.flatMap { $0.parameterSpecs.map(\.name) }).sorted()
        let variants = Set(CheckRegistry.kinds.flatMap { $0.defaultMessages.keys.filter { $0 != "main" } }).sorted()
        properties["parameters"] = .object([
            "type": "object",
            "description": "Parameters merged key by key into the inherited rule's (null drops one); lengths in PDF points (1/72 in), origin top-left. Names are those of any check kind; the inherited rule's kind decides which apply.",
            "propertyNames": .object(["enum": .array(parameterNames.map(JSONValue.string))]),
            "additionalProperties": reference("parameterValue"),
        ])
        properties["messages"] = .object([
            "type": "object",
            "description": "Templates for the check's other outcomes, by variant (those of the inherited rule's kind).",
            "propertyNames": .object(["enum": .array(variants.map(JSONValue.string))]),
            "additionalProperties": .object(["type": "string"]),
        ])
        return .object([
            "type": "object",
            "required": ["id"],
            "additionalProperties": false,
            "description": "Changes an inherited rule: given keys replace the rule's, parameters are merged key by key. The check cannot change.",
            "properties": .object(properties),
        ])
    }

    private static var parameterValue: JSONValue {
        .object([
            "description": "A parameter value; numbers are finite, from 0 to 10^12 (points, pages, bytes).",
            "anyOf": [
                .object(["type": "number", "minimum": 0, "maximum": 1_000_000_000_000]),
                .object(["type": ["string", "boolean", "null"]]),
                .object(["type": "array", "items": reference("parameterValue")]),
                .object(["type": "object", "additionalProperties": reference("parameterValue")]),
            ],
        ])
    }

    // MARK: - Check kinds

    /// What a rule of `kind` adds to the keys every rule has: its parameters, its message variants
    /// and the placeholders its templates may use.
    static func schema(of kind: any CheckKind.Type) -> JSONValue {
        let placeholders = kind.messagePlaceholders.map { "{\($0)}" }.joined(separator: ", ")
        let named = placeholders.isEmpty ? "no placeholders" : "placeholders " + placeholders
        var variants: [String: JSONValue] = [:]
        for (variant, template) in kind.defaultMessages where variant != "main" {
            variants[variant] = .object(["type": "string", "default": .string(template),
                                         "description": .string("The message of the \(variant) outcome.")])
        }
        var message: [String: JSONValue] = ["type": "string", "description": .string("Message template of the main outcome; \(named).")]
        if let main = kind.defaultMessages["main"] { message["default"] = .string(main) }
        var body: [String: JSONValue] = [
            "description": .string("A \(kind.name) rule: \(kind.summary)"),
            "properties": .object([
                "parameters": object(of: kind.parameterSpecs, description: "The parameters of \(kind.name); lengths in PDF points (1/72 in), origin top-left."),
                "message": .object(message),
                "messages": .object([
                    "type": "object",
                    "additionalProperties": false,
                    "properties": .object(variants),
                    "description": .string(variants.isEmpty ? "\(kind.name) has no other outcomes than the main one."
                        : "Templates for the other outcomes of \(kind.name), by variant; \(named)."),
                ]),
                "hint": .object(["type": "string", "description": .string("How to fix a failure; \(named).")]),
                "hints": .object([
                    "type": "object",
                    "propertyNames": .object(["enum": .array(Rule.hintKeys(variants: kind.defaultMessages.keys.sorted()).map(JSONValue.string))]),
                    "description": .string("Hints of \(kind.name) by producer family, variant, or variant.family; \(named)."),
                ]),
            ]),
        ]
        if kind.parameterSpecs.contains(where: { if case .required = $0.presence { true } else { false } }) {
            body["required"] = ["parameters"]
        }
        return .object(body)
    }

    /// An object of parameters: exactly the specs' keys, the required ones required.
    private static func object(of specs: [ParameterSpec], description: String? = nil) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for spec in specs { properties[spec.name] = schema(of: spec) }
        var members: [String: JSONValue] = ["type": "object", "additionalProperties": false, "properties": .object(properties)]
        let required = specs.filter { if case .required = $0.presence { true } else { false } }.map { JSONValue.string($0.name) }
        if !required.isEmpty { members["required"] = .array(required) }
        if let description { members["description"] = .string(description) }
        return .object(members)
    }

    private static func schema(of spec: ParameterSpec) -> JSONValue {
        guard case var .object(members) = schema(of: spec.type) else { return schema(of: spec.type) }
        var description = spec.summary
        if case let .number(_, unit?) = spec.type { description += " Unit: \(unit)." }
        members["description"] = .string(description)
        if let value = spec.defaultValue { members["default"] = value }
        return .object(members)
    }

    private static func schema(of type: ParameterType) -> JSONValue {
        switch type {
        case let .integer(range):
            return .object(["type": "integer", "minimum": .number(Double(range.lowerBound)), "maximum": .number(Double(range.upperBound))])
        case let .number(range, _):
            return .object(["type": "number", "minimum": .number(range.lowerBound), "maximum": .number(range.upperBound)])
        case .text:
            return .object(["type": "string", "minLength": 1])
        case .pattern:
            return .object(["type": "string", "minLength": 1, "$comment": "A case-insensitive ICU regular expression; papercheck checks that it compiles."])
        case .language:
            return .object(["type": "string", "enum": .array(LanguageIdentifier.supportedLanguages.map { .string($0.code) })])
        case let .choice(values):
            return .object(["type": "string", "enum": .array(values.map(JSONValue.string))])
        case let .list(element, minimumCount):
            var members: [String: JSONValue] = ["type": "array", "uniqueItems": true, "items": schema(of: element)]
            if minimumCount > 0 { members["minItems"] = .number(Double(minimumCount)) }
            return .object(members)
        case let .object(specs):
            return object(of: specs)
        }
    }

    // MARK: - Text

    /// JSON text with sorted keys and two-space indentation; integral numbers without a fraction.
    static func render(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case let .array(elements) where !elements.isEmpty:
            return "[\n" + elements.map { inner + render($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case let .object(members) where !members.isEmpty:
            return "{\n" + members.keys.sorted().map { key in
                inner + JSONText.quoted(key) + ": " + render(members[key]!, indent: inner)
            }.joined(separator: ",\n") + "\n\(indent)}"
        case .array: return "[]"
        case .object: return "{}"
        default: return JSONText.compact(value)
        }
    }
}
