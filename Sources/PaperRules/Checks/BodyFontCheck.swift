import PaperAnalysis
import PaperFacts

/// The running text uses the required family (or a clone), size and baseline step.
public enum BodyFontCheck: CheckKind {
    /// The `parameters` object of a `bodyFont` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Accepted font name prefixes, compared without case: "Times", "NimbusRomNo9L", ...
        public var families: [String]
        /// A readable name for the expected family in messages; the `families` list joined when absent.
        public var familyName: String?
        /// Expected body font size, in points.
        public var size: Double
        /// Allowed difference from `size`, in points.
        public var sizeTolerance: Double
        /// Expected distance between body baselines, in points; not checked when absent.
        public var baselineStep: Double?
        /// Allowed difference from `baselineStep`, in points (default 0.5).
        public var baselineTolerance: Double
        /// Severity for a baseline step off by more than the tolerance (default warning).
        public var baselineSeverity: Severity
    }

    /// The parameters of a `bodyFont` rule.
    public static let parameterSpecs = [
        ParameterSpec("families", .texts, "Accepted font name prefixes, compared without case: \"Times\", \"NimbusRomNo9L\"."),
        ParameterSpec("familyName", .text, .optional, "A name for the expected family in messages; the families joined when absent."),
        ParameterSpec("size", .number(1...200, unit: "pt"), "The body font size, in points."),
        ParameterSpec("sizeTolerance", .number(0...100, unit: "pt"), "How far the size may be off, in points."),
        ParameterSpec("baselineStep", .number(1...400, unit: "pt"), .optional, "The distance between body baselines, in points; not checked when absent."),
        ParameterSpec("baselineTolerance", .number(0...100, unit: "pt"), .defaulted(.number(0.5)), "How far the baseline step may be off, in points."),
        ParameterSpec("baselineSeverity", .severity, .defaulted(.string("warning")), "The severity of a baseline step off by more than its tolerance."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "bodyFont"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "The font that sets most body characters is one of `families` at `size` points (within sizeTolerance), on baselines `baselineStep` apart (within baselineTolerance)."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The body is set in another family.
        case main
        /// The body size is off by more than the tolerance.
        case size
        /// Body baselines are closer than the step allows.
        case compressed
        /// Body baselines are further apart than the step allows.
        case loose
    }

    /// Message templates by variant: `main` (wrong family), `size`, `compressed` and `loose` (baseline step).
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "body text is set in {font} ({share}% of characters); expected {family}"
        case .size: "body text is {measured} pt; expected {expected} pt within {tolerance} pt"
        case .compressed: "body lines are {measured} pt apart; expected {expected} pt within {tolerance} pt (compressed spacing)"
        case .loose: "body lines are {measured} pt apart; expected {expected} pt within {tolerance} pt"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["font", "share", "family", "measured", "expected", "tolerance"]

    /// Reports a wrong family, a wrong size and a baseline step off by more than its tolerance, one outcome each;
    /// nothing when the document has no body style.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        guard let style = context.analysis.bodyStyle else { return [] }
        var outcomes: [CheckOutcome] = []
        let name = style.fontName.lowercased()
        if !parameters.families.contains(where: { name.hasPrefix($0.lowercased()) }) {
            outcomes.append(CheckOutcome(values: ["font": style.fontName, "share": "\(Int((style.familyShare * 100).rounded()))",
                                                  "family": parameters.familyName ?? parameters.families.joined(separator: ", ")],
                                         text: style.fontName))
        }
        if abs(style.fontSize - parameters.size) > parameters.sizeTolerance {
            outcomes.append(CheckOutcome(variant: Variant.size, values: ["measured": Format.points(style.fontSize),
                                                                   "expected": Format.points(parameters.size),
                                                                   "tolerance": Format.points(parameters.sizeTolerance)],
                                         measured: Quantity(style.fontSize, .pt), expected: Quantity(parameters.size, .pt)))
        }
        if let expected = parameters.baselineStep, let measured = style.baselineStep {
            let tolerance = parameters.baselineTolerance
            if abs(measured - expected) > tolerance {
                outcomes.append(CheckOutcome(variant: measured < expected ? Variant.compressed : .loose,
                                             severity: parameters.baselineSeverity,
                                             values: ["measured": Format.points(measured), "expected": Format.points(expected),
                                                      "tolerance": Format.points(tolerance)],
                                             measured: Quantity(measured, .pt), expected: Quantity(expected, .pt)))
            }
        }
        return outcomes
    }
}
