import PaperAnalysis
import PaperFacts

/// The text of a page as the text checks match against it.
enum PageText {
    /// The page's lines in scope joined by single spaces, with each line's range in the joined text.
    /// A word hyphenated at the end of a line is joined again (`Con-` + `ference`), so that a
    /// pattern matches the words the reader sees.
    static func text(of page: PageFacts, region: TextBlock?) -> (String, [(Range<String.Index>, TextLine)]) {
        var joined = ""
        var spans: [(Range<String.Index>, TextLine)] = []
        for line in page.lines where region.map({ $0.box.intersects(line.box) }) ?? true {
            let text = line.text
            if endsInHyphenAfterLetter(joined), text.first?.isLowercase == true, let previous = spans.popLast() {
                joined.removeLast()
                spans.append((previous.0.lowerBound..<joined.endIndex, previous.1))
            } else if !joined.isEmpty {
                joined += " "
            }
            let start = joined.endIndex
            joined += text
            spans.append((start..<joined.endIndex, line))
        }
        return (joined, spans)
    }

    /// Whether `text` ends in a hyphen after a letter. Reads the last two characters only
    /// (`dropLast()` on a string counts all of them, once per line of the page).
    private static func endsInHyphenAfterLetter(_ text: String) -> Bool {
        guard text.last == "-" else { return false }
        let hyphen = text.index(before: text.endIndex)
        return hyphen > text.startIndex && text[text.index(before: hyphen)].isLetter
    }
}

/// Required text, such as the first-page notice of the review copy.
public enum TextPresentCheck: CheckKind {
    /// The `parameters` of a `textPresent` or `textAbsent` rule.
    public struct Parameters: Decodable, Sendable {
        /// A case-insensitive ICU regular expression, matched against the page's lines joined by single spaces.
        public var pattern: TextPattern
        /// The 1-based page to search; every page when absent.
        public var page: Int?
        /// Only lines that intersect this region count; the whole page when absent.
        public var region: TextBlock?
        /// A readable name for the text in messages, e.g. "the review notice".
        public var what: String?
    }

    /// The parameters of a `textPresent` or `textAbsent` rule.
    public static let parameterSpecs = [
        ParameterSpec("pattern", .pattern, "A case-insensitive ICU regular expression, matched against the page's lines joined by single spaces."),
        ParameterSpec("page", .integer(1...100_000), .optional, "The 1-based page to search; every page when absent."),
        ParameterSpec("region", .object(TextBlock.specs), .optional, "Only lines that intersect this region count; the whole page when absent."),
        ParameterSpec("what", .text, .optional, "A name for the text in messages, e.g. \"the review notice\"."),
    ]

    /// A region must not be inverted.
    public static func validate(_ parameters: Parameters) -> ParameterProblem? {
        parameters.region?.inversion.map { ParameterProblem("region." + $0.key, $0.message) }
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "textPresent"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Text matching `pattern` (a case-insensitive regular expression over the page's lines joined by spaces) appears on `page` (every page when absent), within `region` if given."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The required text was not found.
        case main
    }

    /// Message templates by variant: only `main`.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "{what} was not found on {where} (looked for /{pattern}/)"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["what", "where", "pattern"]

    /// Reports when no searched page matches `pattern`; nothing when none of them has any text.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let pages = context.facts.pages.filter { parameters.page == nil || $0.number == parameters.page }
        // A page without extractable text cannot show the notice either way; the extractability rule says so.
        guard pages.contains(where: { $0.characterCount > 0 }) else { return [] }
        let found = pages.contains { page in
            parameters.pattern.firstMatch(in: PageText.text(of: page, region: parameters.region).0) != nil
        }
        guard !found else { return [] }
        return [CheckOutcome(values: ["what": parameters.what ?? "the required text",
                                      "where": parameters.page.map { "page \($0)" } ?? "any page",
                                      "pattern": parameters.pattern.source], page: parameters.page)]
    }
}

/// Forbidden text, such as the review notice in a camera-ready paper.
public enum TextAbsentCheck: CheckKind {
    /// The same parameters as `textPresent`.
    public typealias Parameters = TextPresentCheck.Parameters

    /// The same parameters as `textPresent`.
    public static let parameterSpecs = TextPresentCheck.parameterSpecs

    /// A region must not be inverted.
    public static func validate(_ parameters: Parameters) -> ParameterProblem? { TextPresentCheck.validate(parameters) }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "textAbsent"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "No text matching `pattern` (a case-insensitive regular expression over the page's lines joined by spaces) appears on `page` (every page when absent), within `region` if given."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The forbidden text was found.
        case main
    }

    /// Message templates by variant: only `main`.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "{what} found on page {page}: \"{text}\""
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["what", "page", "text", "pattern"]

    /// Reports the first match on each searched page, with the box of the lines it spans.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        var outcomes: [CheckOutcome] = []
        for page in context.facts.pages where parameters.page == nil || page.number == parameters.page {
            let (text, spans) = PageText.text(of: page, region: parameters.region)
            guard let match = parameters.pattern.firstMatch(in: text) else { continue }
            let lines = spans.filter { $0.0.overlaps(match) }.map(\.1)
            outcomes.append(CheckOutcome(values: ["what": (parameters.what ?? "forbidden text").capitalizedFirst,
                                                  "page": "\(page.number)", "text": String(text[match]),
                                                  "pattern": parameters.pattern.source],
                                         page: page.number, box: Box.enclosing(lines.map(\.box)), text: String(text[match])))
        }
        return outcomes
    }
}

/// A section that must not be there, found as a heading by typography (e.g. Acknowledgements in a blind submission).
public enum SectionAbsentCheck: CheckKind {
    /// The `parameters` object of a `textPresent` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Heading titles, compared without case, numbers or punctuation.
        public var headings: [String]
    }

    /// The parameters of a `sectionAbsent` rule.
    public static let parameterSpecs = [
        ParameterSpec("headings", .texts, "Heading titles that must not appear, compared without case, numbers or punctuation."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "sectionAbsent"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "No heading (bold or larger than the body, on its own line, at a column's left edge) has one of the given titles."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// A section that must not be there.
        case main
    }

    /// Message templates by variant: only `main`.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "section \"{heading}\" on page {page}"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["heading", "page"]

    /// Reports each detected heading whose title is one of `headings`.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let wanted = Set(parameters.headings.map(Heading.comparableTitle))
        return context.analysis.headings.filter { wanted.contains(Heading.comparableTitle($0.title)) }.map { heading in
            CheckOutcome(values: ["heading": heading.text, "page": "\(heading.page)"], page: heading.page,
                         box: heading.box, text: heading.text)
        }
    }
}
