import Foundation
import PaperFacts

/// A document information field (title, author, ...) matches a regular expression.
public enum MetadataCheck: CheckKind {
    /// The `parameters` object of a `metadata` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// The metadata field, one of `DocumentMetadata.fieldNames`; other names read as empty.
        public var field: String
        /// The whole value (empty when absent) must match this regular expression.
        public var pattern: TextPattern
    }

    /// The parameters of a `metadata` rule.
    public static let parameterSpecs = [
        ParameterSpec("field", .choice(DocumentMetadata.fieldNames), "The metadata field to match."),
        ParameterSpec("pattern", .pattern, "A case-insensitive ICU regular expression the whole value must match (an absent field is empty)."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "metadata"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "A PDF metadata field (title, author, subject, keywords, creator, producer, pdfVersion) matches pattern; an absent field counts as empty."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The field does not match the pattern.
        case main
    }

    /// Message templates by variant: only `main`.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "PDF {field} is \"{value}\"; expected to match {pattern}"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["field", "value", "pattern"]

    /// Reports a field whose whole value (empty when absent) does not match `pattern`, case-insensitively.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let value = context.facts.metadata.value(of: parameters.field) ?? ""
        guard !parameters.pattern.matchesWhole(value) else { return [] }
        return [CheckOutcome(values: ["field": parameters.field, "value": value, "pattern": parameters.pattern.source], text: value)]
    }
}

/// A case-insensitive ICU regular expression from a rules file, compiled once when the rules load
/// (a pattern that does not compile is an error there, not a check that never matches).
public struct TextPattern: Decodable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let source: String
    private let expression: NSRegularExpression
    private let whole: NSRegularExpression

    /// Compiles `source` (and its whole-value form); the error says why when it cannot, in
    /// ICU's words where it gives them.
    public init(compiling source: String) throws(PatternError) {
        do {
            expression = try NSRegularExpression(pattern: source, options: [.caseInsensitive])
        } catch {
            throw PatternError(reason: (error as NSError).userInfo["NSInvalidValue"].map { "near \($0)" } ?? "invalid pattern")
        }
        guard let whole = try? NSRegularExpression(pattern: "^(?:" + source + ")$", options: [.caseInsensitive]) else {
            throw PatternError(reason: "it cannot be matched against a whole value")
        }
        self.source = source
        self.whole = whole
    }

    /// Why a pattern does not compile.
    public struct PatternError: Error, Sendable {
        /// In a few words.
        public var reason: String
    }

    /// Decodes and compiles a pattern; one that does not compile is an error at its JSON path,
    /// so the rules file is refused when it loads.
    public init(from decoder: Decoder) throws {
        let source = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try TextPattern(compiling: source)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "the regular expression does not compile (\(error.reason))"))
        }
    }

    /// The pattern as written.
    public var description: String { source }

    /// Whether the whole of `text` matches.
    public func matchesWhole(_ text: String) -> Bool {
        whole.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The first match in `text`, as a range of `text`.
    public func firstMatch(in text: String) -> Range<String.Index>? {
        guard let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return Range(match.range, in: text)
    }

    /// Every match in `text`, in order, as ranges of `text`.
    public func allMatches(in text: String) -> [Range<String.Index>] {
        expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text) }
    }
}
