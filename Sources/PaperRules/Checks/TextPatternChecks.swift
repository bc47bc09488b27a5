import PaperFacts

/// Where to look for a text pattern: a page (or every page) and optionally a region of it.
public struct TextScope: Codable, Sendable {
    /// 1-based page; every page when absent.
    public var page: Int?
    public var region: TextBlock?

    /// The page's lines in scope joined by single spaces, with each line's range in the joined text.
    static func text(of page: PageFacts, region: TextBlock?) -> (String, [(Range<String.Index>, TextLine)]) {
        var joined = ""
        var spans: [(Range<String.Index>, TextLine)] = []
        for line in page.lines where region.map({ $0.box.intersects(line.box) }) ?? true {
            if !joined.isEmpty { joined += " " }
            let start = joined.endIndex
            joined += line.text
            spans.append((start..<joined.endIndex, line))
        }
        return (joined, spans)
    }
}

/// Required text, such as the first-page notice of the review copy.
public enum TextPresentCheck: CheckKind {
    public struct Parameters: Codable, Sendable {
        public var pattern: String
        public var page: Int?
        public var region: TextBlock?
        /// A readable name for the text in messages, e.g. "the review notice".
        public var what: String?
    }

    public static let name = "textPresent"
    public static let summary = "Text matching `pattern` (a case-insensitive regular expression over the page's lines joined by spaces) appears on `page` (every page when absent), within `region` if given."
    public static let defaultMessages = ["main": "{what} was not found on {where} (looked for /{pattern}/)"]
    public static let placeholders = ["what", "where", "pattern"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let pages = context.facts.pages.filter { parameters.page == nil || $0.number == parameters.page }
        // A page without extractable text cannot show the notice either way; the extractability rule says so.
        guard pages.contains(where: { $0.characterCount > 0 }) else { return [] }
        let found = pages.contains { page in
            TextPattern.firstMatch(parameters.pattern, in: TextScope.text(of: page, region: parameters.region).0) != nil
        }
        guard !found else { return [] }
        return [CheckOutcome(values: ["what": parameters.what ?? "the required text",
                                      "where": parameters.page.map { "page \($0)" } ?? "any page",
                                      "pattern": parameters.pattern], page: parameters.page)]
    }
}

/// Forbidden text, such as the review notice in a camera-ready paper.
public enum TextAbsentCheck: CheckKind {
    public typealias Parameters = TextPresentCheck.Parameters

    public static let name = "textAbsent"
    public static let summary = "No text matching `pattern` (a case-insensitive regular expression over the page's lines joined by spaces) appears on `page` (every page when absent), within `region` if given."
    public static let defaultMessages = ["main": "{what} found on page {page}: \"{text}\""]
    public static let placeholders = ["what", "page", "text", "pattern"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        var outcomes: [CheckOutcome] = []
        for page in context.facts.pages where parameters.page == nil || page.number == parameters.page {
            let (text, spans) = TextScope.text(of: page, region: parameters.region)
            guard let match = TextPattern.firstMatch(parameters.pattern, in: text) else { continue }
            let lines = spans.filter { $0.0.overlaps(match) }.map(\.1)
            outcomes.append(CheckOutcome(values: ["what": (parameters.what ?? "forbidden text").capitalizedFirst,
                                                  "page": "\(page.number)", "text": String(text[match]),
                                                  "pattern": parameters.pattern],
                                         page: page.number, box: Box.enclosing(lines.map(\.box)), text: String(text[match])))
        }
        return outcomes
    }
}

/// A section that must not be there, found as a heading by typography (e.g. Acknowledgements in a blind submission).
public enum SectionAbsentCheck: CheckKind {
    public struct Parameters: Codable, Sendable {
        /// Heading titles, compared without case, numbers or punctuation.
        public var headings: [String]
    }

    public static let name = "sectionAbsent"
    public static let summary = "No heading (bold or larger than the body, on its own line, at a column's left edge) has one of the given titles."
    public static let defaultMessages = ["main": "section \"{heading}\" on page {page}"]
    public static let placeholders = ["heading", "page"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let wanted = Set(parameters.headings.map { $0.lowercased().filter(\.isLetter) })
        return context.analysis.headings.filter { wanted.contains($0.title.lowercased().filter(\.isLetter)) }.map { heading in
            CheckOutcome(values: ["heading": heading.text, "page": "\(heading.page)"], page: heading.page,
                         box: heading.box, text: heading.text)
        }
    }
}
