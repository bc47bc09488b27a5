/// Review copies carry line numbers in the margins; camera-ready papers do not.
public enum LineNumbersCheck: CheckKind {
    /// The `parameters` object of a `lineNumbers` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// "present" or "absent".
        public var expected: Expectation

        /// Whether the profile wants line numbers.
        public enum Expectation: String, Decodable, Sendable, CaseIterable {
            /// Line numbers are required (review copy).
            case present
            /// Line numbers are forbidden (camera-ready).
            case absent
        }
    }

    /// The parameters of a `lineNumbers` rule.
    public static let parameterSpecs = [
        ParameterSpec("expected", .choice(Parameters.Expectation.allCases.map(\.rawValue)),
                      "Whether the margins must carry line numbers (review copies) or must not (camera-ready)."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "lineNumbers"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Running 3- or 4-digit line numbers in the side margins are present (review copy) or absent (camera-ready)."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// Line numbers are missing.
        case main
        /// Line numbers are there where they must not be.
        case present
    }

    /// Message templates by variant: `main` (missing line numbers) and `present` (forbidden ones found).
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "no line numbers found in the margins"
        case .present: "line numbers found in the margins on pages {pages}"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["pages", "count"]

    /// Reports missing line numbers (only when some text is readable) or, when they must be absent, the pages
    /// that carry them.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let numbering = context.analysis.lineNumbers
        switch parameters.expected {
        case .present:
            guard !numbering.isPresent, context.analysis.extractability.hasReadableText else { return [] }
            return [CheckOutcome(values: ["pages": "", "count": "0"])]
        case .absent:
            guard numbering.isPresent else { return [] }
            let first = numbering.gutters.first
            return [CheckOutcome(variant: Variant.present,
                                 values: ["pages": PageList.text(numbering.pages),
                                          "count": "\(numbering.gutters.reduce(0) { $0 + $1.count })"],
                                 page: first?.page, pages: numbering.pages, box: first?.box)]
        }
    }
}
