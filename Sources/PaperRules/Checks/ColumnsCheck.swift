import PaperAnalysis

/// The body is set in the required number of columns with the gutter where the format puts it.
/// Wide floats spanning both columns do not change the verdict: it is taken from body lines.
public enum ColumnsCheck: CheckKind {
    public struct Parameters: Codable, Sendable {
        public var count: Int
        /// Expected gap between two columns, x from and to, in points.
        public var gutter: Gutter?
        public var tolerance: Double?

        public struct Gutter: Codable, Sendable {
            public var from: Double
            public var to: Double
        }
    }

    public static let name = "columns"
    public static let summary = "Body text lines are set in `count` columns; with two, the gap between them lies at gutter.from to gutter.to within the tolerance."
    public static let defaultMessages = [
        "main": "body text is set in {found} column(s); expected {expected} ({narrow} of {lines} body lines fit one column)",
        "gutter": "the gap between the columns is at x {measured} pt; expected {expected} pt within {tolerance} pt",
    ]
    public static let placeholders = ["found", "expected", "narrow", "lines", "measured", "tolerance"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        guard let layout = context.analysis.columns else { return [] }
        guard layout.count == parameters.count else {
            return [CheckOutcome(values: ["found": "\(layout.count)", "expected": "\(parameters.count)",
                                          "narrow": "\(layout.narrowLines)", "lines": "\(layout.linesCounted)"])]
        }
        guard let expected = parameters.gutter, let measured = layout.gutter else { return [] }
        let tolerance = parameters.tolerance ?? 3
        guard abs(measured.lowerBound - expected.from) > tolerance || abs(measured.upperBound - expected.to) > tolerance else { return [] }
        return [CheckOutcome(variant: "gutter",
                             values: ["measured": "\(Format.points(measured.lowerBound))-\(Format.points(measured.upperBound))",
                                      "expected": "\(Format.points(expected.from))-\(Format.points(expected.to))",
                                      "tolerance": Format.points(tolerance)])]
    }
}
