import Foundation
import PaperAnalysis
import PaperFacts

/// The text the identity checks read: each page's lines without furniture (line numbers, running
/// heads), joined as `PageText` joins them, and where the references section lies, so that the
/// checks can leave out what only cites other people.
struct IdentityText {
    /// One page's readable text, with the line each range of it came from.
    struct Page {
        var number: Int
        var text: String
        var spans: [(Range<String.Index>, TextLine)]

        /// The box of the lines a range of `text` spans.
        func box(of range: Range<String.Index>) -> Box? {
            Box.enclosing(spans.filter { $0.0.overlaps(range) }.map(\.1.box))
        }
    }

    /// Pages with every line (the references included).
    var pages: [Page]
    /// Pages without the references section's lines.
    var pagesOutsideReferences: [Page]
    /// Pages without the references and without the acknowledgements section, whose heading
    /// another rule (`sectionAbsent`) reports.
    var pagesOutsideReferencesAndAcknowledgements: [Page]

    /// Titles of the headings that open a references section (compared as `Heading.comparableTitle`).
    static let referenceTitles: Set<String> = ["references", "bibliography", "referencesandnotes", "literaturecited", "citations"]
    /// Titles of the headings that open an acknowledgements section.
    static let acknowledgementTitles: Set<String> = ["acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment",
                                                     "funding", "fundingacknowledgements"]

    init(_ context: CheckContext) {
        let analysis = context.analysis
        let zone = Self.zone(analysis, titles: Self.referenceTitles)
        let acknowledgements = Self.zone(analysis, titles: Self.acknowledgementTitles)
        var all: [Page] = []
        var outside: [Page] = []
        var outsideBoth: [Page] = []
        for page in context.facts.pages where !analysis.extractability.unreadablePages.contains(page.number) {
            let gutters = analysis.lineNumbers.gutters.filter { $0.page == page.number }.map(\.box)
            let heads = analysis.runningHeads.filter { $0.page == page.number }.map(\.box)
            let lines = page.lines.compactMap { line -> TextLine? in
                // Line numbers and running heads say nothing about who wrote the paper.
                let words = line.words.filter { word in
                    !(gutters.contains { $0.intersects(word.box) } && word.text.allSatisfy(\.isNumber))
                        && !heads.contains { $0.contains(word.box.midX, word.box.midY) }
                }
                return words.isEmpty ? nil : TextLine(words: words)
            }
            all.append(Self.page(page.number, lines))
            let kept = zone.map { zone in lines.filter { !zone.contains(page: page.number, box: $0.box, columns: analysis.columns) } }
            outside.append(kept.map { Self.page(page.number, $0) } ?? all[all.count - 1])
            let keptBoth = (kept ?? lines).filter { line in
                acknowledgements.map { !$0.contains(page: page.number, box: line.box, columns: analysis.columns) } ?? true
            }
            outsideBoth.append(Self.page(page.number, keptBoth))
        }
        pages = all
        pagesOutsideReferences = outside
        pagesOutsideReferencesAndAcknowledgements = outsideBoth
    }

    private static func page(_ number: Int, _ lines: [TextLine]) -> Page {
        let page = PageFacts(number: number, width: 0, height: 0, lines: lines)
        let (text, spans) = PageText.text(of: page, region: nil)
        return Page(number: number, text: text, spans: spans)
    }

    /// A section (the references, the acknowledgements): from its heading to the next heading that
    /// is not an end-of-body one (an appendix after the references is the paper's own text
    /// again), or to the end.
    struct Zone {
        var start: (page: Int, box: Box)
        var end: (page: Int, box: Box)?

        func contains(page: Int, box: Box, columns: ColumnLayout?) -> Bool {
            let key = Self.key(page, box, columns)
            guard !key.lexicographicallyPrecedes(Self.key(start.page, start.box, columns)) else { return false }
            guard let end else { return true }
            return key.lexicographicallyPrecedes(Self.key(end.page, end.box, columns))
        }

        /// Reading order: page, then column, then height.
        static func key(_ page: Int, _ box: Box, _ columns: ColumnLayout?) -> [Double] {
            var column = 0.0
            if let gutter = columns?.gutter, columns?.count == 2, box.midX > (gutter.lowerBound + gutter.upperBound) / 2 {
                column = 1
            }
            return [Double(page), column, box.y0 - 1]
        }
    }

    static func zone(_ analysis: DocumentAnalysis, titles: Set<String>) -> Zone? {
        let headings = analysis.headings
        guard let index = headings.firstIndex(where: { titles.contains(Heading.comparableTitle($0.title)) }) else {
            return nil
        }
        let next = headings[(index + 1)...].first { !titles.contains(Heading.comparableTitle($0.title)) && !$0.isRunIn }
        let start = headings[index]
        return Zone(start: (start.page, start.box), end: next.map { ($0.page, $0.box) })
    }
}

extension Box {
    func contains(_ x: Double, _ y: Double) -> Bool { x >= x0 && x <= x1 && y >= y0 && y <= y1 }
}

/// Quoting text from a PDF in a finding: bounded, on one line.
enum Quote {
    /// At most `limit` characters, white space folded, an ellipsis where it was cut.
    static func bounded(_ text: String, limit: Int = 200) -> String {
        let folded = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        return folded.count <= limit ? folded : String(folded.prefix(limit - 1)) + "…"
    }

    /// The match with a few words around it, so that a reader sees what it says.
    static func excerpt(_ text: String, _ range: Range<String.Index>, around: Int = 40) -> String {
        var lower = text.index(range.lowerBound, offsetBy: -around, limitedBy: text.startIndex) ?? text.startIndex
        var upper = text.index(range.upperBound, offsetBy: around, limitedBy: text.endIndex) ?? text.endIndex
        // Whole words only.
        while lower > text.startIndex, lower < range.lowerBound, !text[text.index(before: lower)].isWhitespace {
            lower = text.index(after: lower)
        }
        while upper < text.endIndex, upper > range.upperBound, !text[upper].isWhitespace { upper = text.index(before: upper) }
        let prefix = lower > text.startIndex ? "…" : ""
        let suffix = upper < text.endIndex ? "…" : ""
        return bounded(prefix + text[lower..<upper].trimmingCharacters(in: .whitespaces) + suffix)
    }
}
