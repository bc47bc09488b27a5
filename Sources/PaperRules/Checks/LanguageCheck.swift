import PaperAnalysis
import PaperFacts

/// The paper is written in the expected language: an error for a confident other language,
/// a warning when the language cannot be determined from the extractable text.
public enum LanguageCheck: CheckKind {
    /// The `parameters` object of a `language` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// ISO 639-1 code, e.g. "en".
        public var expected: String
        /// Below this confidence (0...1) the language counts as undetermined.
        public var minConfidence: Double
    }

    /// The parameters of a `language` rule.
    public static let parameterSpecs = [
        ParameterSpec("expected", .language, "The language code the body must be written in (ISO 639-1, e.g. \"en\")."),
        ParameterSpec("minConfidence", .number(0...1, unit: nil), "The confidence, from 0 to 1, below which the language is reported as undetermined."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "language"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "The main language of the body text (identified from Unicode scripts and word and letter statistics) is `expected` with at least minConfidence."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The text is in another language.
        case main
        /// The language could not be determined with enough confidence.
        case undetermined
    }

    /// Message templates by variant: `main` (another language) and `undetermined` (a warning).
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "the paper is written in {language} ({confidence}% confidence, {share}% of the text); expected {expectedName}"
        case .undetermined: "the language of the text could not be determined ({detail}); expected {expectedName}"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["language", "confidence", "share", "expected", "expectedName", "detail"]

    /// Reports a text confidently in another language (or clearly not in the expected one), and warns when
    /// the language cannot be determined; nothing when no text was readable.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let expectedName = LanguageIdentifier.supportedLanguages.first { $0.code == parameters.expected }?.name ?? parameters.expected
        // Without readable text the extractability rule reports the pages; there is nothing to judge here.
        guard let guess = context.analysis.language else { return [] }
        // Text can be clearly not in the expected language while torn between two others
        // (Spanish or French): that is as much a violation as a confident other language.
        let expectedShare = guess.shares.first { $0.code == parameters.expected }?.share ?? 0
        let clearlyOther = guess.best.map { $0.code != parameters.expected } == true
            && expectedShare < 0.1 && guess.analyzedCharacters >= 1000
        guard let best = guess.best, best.confidence >= parameters.minConfidence || clearlyOther else {
            let detail = guess.best.map { "best guess \($0.name) at \(percent($0.confidence))%" }
                ?? "\(guess.analyzedCharacters) characters of readable text"
            return [CheckOutcome(variant: Variant.undetermined, severity: .warning,
                                 values: ["expected": parameters.expected, "expectedName": expectedName, "detail": detail],
                                 measured: guess.best.map { Quantity(($0.confidence * 100).rounded(), .percent) },
                                 expected: Quantity(parameters.minConfidence * 100, .percent))]
        }
        guard best.code != parameters.expected else { return [] }
        let share = guess.shares.first { $0.code == best.code }?.share ?? best.confidence
        return [CheckOutcome(values: ["language": best.name, "confidence": percent(best.confidence), "share": percent(share),
                                      "expected": parameters.expected, "expectedName": expectedName, "detail": ""],
                             text: best.name, measured: Quantity((best.confidence * 100).rounded(), .percent),
                             expected: Quantity(parameters.minConfidence * 100, .percent))]
    }

    static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))" }
}
