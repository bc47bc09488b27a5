import PaperAnalysis
import PaperFacts

/// The body is set in the required number of columns with the gutter where the format puts it.
/// Wide floats spanning both columns do not change the verdict: it is taken from body lines.
public enum ColumnsCheck: CheckKind {
    /// The `parameters` object of a `columns` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Expected number of columns: 1 or 2.
        public var count: Int
        /// Expected gap between two columns, x from and to, in points.
        public var gutter: Gutter?
        /// Allowed distance of each gutter edge from `gutter`, in points (default 3).
        public var tolerance: Double

        /// A horizontal span of the page, in points from its left edge.
        public struct Gutter: Decodable, Sendable {
            /// The gutter's left edge: where the left column ends.
            public var from: Double
            /// The gutter's right edge: where the right column starts.
            public var to: Double
        }
    }

    /// The parameters of a `columns` rule.
    public static let parameterSpecs = [
        ParameterSpec("count", .integer(1...2), "Columns of body text: 1 or 2 (the layouts the analysis tells apart)."),
        ParameterSpec("gutter", .object([
            ParameterSpec("from", .points, "Where the gap between the columns starts, in points from the page's left side."),
            ParameterSpec("to", .points, "Where it ends."),
        ]), .optional, "Where the gap between two columns lies; not checked when absent."),
        ParameterSpec("tolerance", .number(0...100, unit: "pt"), .defaulted(.number(3)), "How far each side of the gap may be off, in points."),
    ]

    /// A gutter must be a gap, and only two columns have one.
    public static func validate(_ parameters: Parameters) -> ParameterProblem? {
        guard let gutter = parameters.gutter else { return nil }
        if parameters.count != 2 { return ParameterProblem("gutter", "only two columns have a gutter; count is \(parameters.count)") }
        if gutter.to <= gutter.from { return ParameterProblem("gutter.to", "\(Format.points(gutter.to)) is not right of from (\(Format.points(gutter.from)))") }
        return nil
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "columns"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Body text lines are set in `count` columns; with two, the gap between them lies at gutter.from to gutter.to within the tolerance."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The body has another number of columns.
        case main
        /// The gap between two columns is not where the rule puts it.
        case gutter
    }

    /// Message templates by variant: `main` (wrong column count) and `gutter` (gutter misplaced).
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "body text is set in {found} column(s); expected {expected} ({narrow} of {lines} body lines fit one column)"
        case .gutter: "the gap between the columns is at x {measured} pt; expected {expected} pt within {tolerance} pt"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["found", "expected", "narrow", "lines", "measured", "tolerance"]

    /// Reports a wrong column count, or else a gutter misplaced by more than the tolerance; nothing when
    /// the layout could not be determined.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        guard let layout = context.analysis.columns else { return [] }
        guard layout.count == parameters.count else {
            return [CheckOutcome(values: ["found": "\(layout.count)", "expected": "\(parameters.count)",
                                          "narrow": "\(layout.narrowLines)", "lines": "\(layout.linesCounted)"])]
        }
        guard let expected = parameters.gutter, let measured = layout.gutter else { return [] }
        let tolerance = parameters.tolerance
        guard abs(measured.lowerBound - expected.from) > tolerance || abs(measured.upperBound - expected.to) > tolerance else { return [] }
        return [CheckOutcome(variant: Variant.gutter,
                             values: ["measured": "\(Format.points(measured.lowerBound))-\(Format.points(measured.upperBound))",
                                      "expected": "\(Format.points(expected.from))-\(Format.points(expected.to))",
                                      "tolerance": Format.points(tolerance)],
                             measured: Quantity(max(abs(measured.lowerBound - expected.from), abs(measured.upperBound - expected.to)), .pt),
                             expected: Quantity(tolerance, .pt))]
    }
}
