/// Review copies carry line numbers in the margins; camera-ready papers do not.
public enum LineNumbersCheck: CheckKind {
    public struct Parameters: Codable, Sendable {
        /// "present" or "absent".
        public var expected: Expectation

        public enum Expectation: String, Codable, Sendable {
            case present
            case absent
        }
    }

    public static let name = "lineNumbers"
    public static let summary = "Running 3- or 4-digit line numbers in the side margins are present (review copy) or absent (camera-ready)."
    public static let defaultMessages = [
        "main": "no line numbers found in the margins",
        "present": "line numbers found in the margins on pages {pages}",
    ]
    public static let placeholders = ["pages", "count"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let numbering = context.analysis.lineNumbers
        switch parameters.expected {
        case .present:
            guard !numbering.isPresent, context.analysis.extractability.hasReadableText else { return [] }
            return [CheckOutcome(values: ["pages": "", "count": "0"])]
        case .absent:
            guard numbering.isPresent else { return [] }
            let first = numbering.gutters.first
            return [CheckOutcome(variant: "present",
                                 values: ["pages": Format.pageList(numbering.pages),
                                          "count": "\(numbering.gutters.reduce(0) { $0 + $1.count })"],
                                 page: first?.page, pages: numbering.pages, box: first?.box)]
        }
    }
}
