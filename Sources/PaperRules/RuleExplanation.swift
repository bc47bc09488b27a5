/// What `papercheck rules explain` says of a rule beyond its summary: each parameter with its
/// type, range and default and the value this rule gives it; each message variant with the text
/// this rule prints; the placeholders messages may use; and the kind's worked examples.
public enum RuleExplanation {
    /// The lines, in the order they are printed.
    public static func lines(for rule: Rule, kind: any CheckKind.Type) -> [String] {
        var lines: [String] = []
        let given = rule.definition.objectValue?["parameters"]?.objectValue ?? [:]
        lines.append(kind.parameterSpecs.isEmpty ? "Parameters: none" : "Parameters:")
        for spec in kind.parameterSpecs {
            let value = given[spec.name].map { "= \(JSONText.compact($0))" }
                ?? spec.defaultValue.map { "= \(JSONText.compact($0)) (default)" } ?? "(not set)"
            let presence = if case .required = spec.presence { "required" } else { "optional" }
            lines.append("  \(spec.name) \(value): \(spec.summary) [\(spec.type.description), \(presence)]")
        }
        lines.append("Messages (by variant; a rule sets main with \"message\", the others under \"messages\"):")
        for variant in ["main"] + kind.defaultMessages.keys.filter({ $0 != "main" }).sorted() {
            let template = variant == "main" ? rule.message : rule.messages[variant] ?? kind.defaultMessages[variant] ?? ""
            lines.append("  \(variant): \(template)")
        }
        lines.append("Placeholders: " + kind.messagePlaceholders.map { "{\($0)}" }.joined(separator: " ")
                     + " ({{ and }} write literal braces)")
        lines.append("Examples:")
        lines += kind.examples.map { "  " + $0.summaryLine }
        return lines
    }
}
