import PaperAnalysis

/// The running text uses the required family (or a clone), size and baseline step.
public enum BodyFontCheck: CheckKind {
    public struct Parameters: Codable, Sendable {
        /// Accepted font name prefixes, compared without case: "Times", "NimbusRomNo9L", ...
        public var families: [String]
        public var familyName: String?
        public var size: Double
        public var sizeTolerance: Double
        public var baselineStep: Double?
        public var baselineTolerance: Double?
        /// Severity for a baseline step off by more than the tolerance (default warning).
        public var baselineSeverity: Severity?
    }

    public static let name = "bodyFont"
    public static let summary = "The font that sets most body characters is one of `families` at `size` points (within sizeTolerance), on baselines `baselineStep` apart (within baselineTolerance)."
    public static let defaultMessages = [
        "main": "body text is set in {font} ({share}% of characters); expected {family}",
        "size": "body text is {measured} pt; expected {expected} pt within {tolerance} pt",
        "compressed": "body lines are {measured} pt apart; expected {expected} pt within {tolerance} pt (compressed spacing)",
        "loose": "body lines are {measured} pt apart; expected {expected} pt within {tolerance} pt",
    ]
    public static let placeholders = ["font", "share", "family", "measured", "expected", "tolerance"]

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
            outcomes.append(CheckOutcome(variant: "size", values: ["measured": Format.points(style.fontSize),
                                                                   "expected": Format.points(parameters.size),
                                                                   "tolerance": Format.points(parameters.sizeTolerance)]))
        }
        if let expected = parameters.baselineStep, let measured = style.baselineStep {
            let tolerance = parameters.baselineTolerance ?? 0.5
            if abs(measured - expected) > tolerance {
                outcomes.append(CheckOutcome(variant: measured < expected ? "compressed" : "loose",
                                             severity: parameters.baselineSeverity ?? .warning,
                                             values: ["measured": Format.points(measured), "expected": Format.points(expected),
                                                      "tolerance": Format.points(tolerance)]))
            }
        }
        return outcomes
    }
}
