import Foundation
import PaperFacts

/// A document information field (title, author, ...) matches a regular expression.
public enum MetadataCheck: CheckKind {
    /// The `parameters` object of a `metadata` rule in rules.json.
    public struct Parameters: Codable, Sendable {
        /// The metadata field, one of `DocumentMetadata.fieldNames`; other names read as empty.
        public var field: String
        /// The whole value (empty when absent) must match this regular expression.
        public var pattern: String
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "metadata"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "A PDF metadata field (title, author, subject, keywords, creator, producer, pdfVersion) matches pattern; an absent field counts as empty."
    /// Message templates by variant: only `main`.
    public static let defaultMessages = ["main": "PDF {field} is \"{value}\"; expected to match {pattern}"]
    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["field", "value", "pattern"]

    /// Reports a field whose whole value (empty when absent) does not match `pattern`, case-insensitively.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let value = context.facts.metadata.value(of: parameters.field) ?? ""
        guard !TextPattern.matchesWhole(parameters.pattern, value) else { return [] }
        return [CheckOutcome(values: ["field": parameters.field, "value": value, "pattern": parameters.pattern], text: value)]
    }
}

/// Regular expressions as rules.json writes them (ICU syntax, case-insensitive).
enum TextPattern {
    static func expression(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    static func matchesWhole(_ pattern: String, _ text: String) -> Bool {
        expression("^(?:" + pattern + ")$")?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The first match in `text`, as a range of `text`.
    static func firstMatch(_ pattern: String, in text: String) -> Range<String.Index>? {
        guard let match = expression(pattern)?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(match.range, in: text)
    }
}
