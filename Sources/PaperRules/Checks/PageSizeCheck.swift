/// Every page has the required size, within a tolerance; each wrong size is reported once with its pages.
public enum PageSizeCheck: CheckKind {
    public struct Parameters: Codable, Sendable {
        public var width: Double
        public var height: Double
        public var tolerance: Double
        /// A name for the expected size in messages, e.g. "US Letter".
        public var name: String?
    }

    public static let name = "pageSize"
    public static let summary = "Every page measures width x height points (as displayed, rotation applied) within the tolerance."
    public static let defaultMessages = ["main": "page size {measured} on pages {pages}; expected {expected} within {tolerance} pt"]
    public static let placeholders = ["measured", "expected", "tolerance", "pages", "count"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        var wrongBySize: [String: [Int]] = [:]
        var order: [String] = []
        for page in context.facts.pages {
            let fits = abs(page.width - parameters.width) <= parameters.tolerance
                && abs(page.height - parameters.height) <= parameters.tolerance
            guard !fits else { continue }
            let size = Format.size(page.width, page.height) + (page.isQuarterTurned ? " (rotated)" : "")
            if wrongBySize[size] == nil { order.append(size) }
            wrongBySize[size, default: []].append(page.number)
        }
        let expected = Format.size(parameters.width, parameters.height) + (parameters.name.map { " (\($0))" } ?? "")
        return order.map { size in
            let pages = wrongBySize[size] ?? []
            return CheckOutcome(values: ["measured": size, "expected": expected,
                                         "tolerance": Format.points(parameters.tolerance),
                                         "pages": Format.pageList(pages), "count": "\(pages.count)"],
                                page: pages.first, pages: pages)
        }
    }
}
