import PaperFacts

/// Every page has the required size, within a tolerance; each wrong size is reported once with its pages.
public enum PageSizeCheck: CheckKind {
    /// The `parameters` object of a `pageSize` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Expected page width as displayed, in points.
        public var width: Double
        /// Expected page height as displayed, in points.
        public var height: Double
        /// Allowed difference in each dimension, in points.
        public var tolerance: Double
        /// A name for the expected size in messages, e.g. "US Letter".
        public var name: String?
    }

    /// The parameters of a `pageSize` rule.
    public static let parameterSpecs = [
        ParameterSpec("width", .number(1...14_400, unit: "pt"), "The page width, in points (US Letter 612, A4 595.28)."),
        ParameterSpec("height", .number(1...14_400, unit: "pt"), "The page height, in points (US Letter 792, A4 841.89)."),
        ParameterSpec("tolerance", .number(0...100, unit: "pt"), "How far each side may differ, in points."),
        ParameterSpec("name", .text, .optional, "A name for the size in messages, e.g. \"US Letter\"."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "pageSize"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Every page measures width x height points (as displayed, rotation applied) within the tolerance."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// Pages of another size.
        case main
    }

    /// Message templates by variant: only `main`.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "page size {measured} on pages {pages}; expected {expected} within {tolerance} pt"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["measured", "expected", "tolerance", "pages", "count"]

    /// Reports each distinct wrong page size once, with the 1-based pages that have it.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        var wrongBySize: [String: [Int]] = [:]
        var order: [String] = []
        var dimensions: [String: Dimensions] = [:]
        for page in context.facts.pages {
            let fits = abs(page.width - parameters.width) <= parameters.tolerance
                && abs(page.height - parameters.height) <= parameters.tolerance
            guard !fits else { continue }
            let size = Format.size(page.width, page.height) + (page.isQuarterTurned ? " (rotated)" : "")
            if wrongBySize[size] == nil { order.append(size); dimensions[size] = Dimensions(width: page.width, height: page.height) }
            wrongBySize[size, default: []].append(page.number)
        }
        let expected = Format.size(parameters.width, parameters.height) + (parameters.name.map { " (\($0))" } ?? "")
        return order.map { size in
            let pages = wrongBySize[size] ?? []
            return CheckOutcome(values: ["measured": size, "expected": expected,
                                         "tolerance": Format.points(parameters.tolerance),
                                         "pages": PageList.text(pages), "count": "\(pages.count)"],
                                page: pages.first, pages: pages, measuredSize: dimensions[size],
                                expectedSize: Dimensions(width: parameters.width, height: parameters.height))
        }
    }
}
