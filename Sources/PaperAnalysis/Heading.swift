import PaperFacts

/// A line set apart by typography: bold or larger than the body, on its own line, at a column's left edge.
public struct Heading: Codable, Equatable, Sendable {
    /// The 1-based page the heading is on.
    public var page: Int
    /// The heading line's full text, section number included.
    public var text: String
    /// The heading text without its number (`5.2 Results` gives `Results`).
    public var title: String
    /// The heading line's bounding box, in points with a top-left origin.
    public var box: Box
    /// The glyph size of the line's dominant word, in points.
    public var fontSize: Double
    /// Whether every word with letters in the line is bold.
    public var isBold: Bool

    /// Makes a heading from already detected values.
    public init(page: Int, text: String, title: String, box: Box, fontSize: Double, isBold: Bool) {
        self.page = page
        self.text = text
        self.title = title
        self.box = box
        self.fontSize = fontSize
        self.isBold = isBold
    }
}

extension Heading {
    /// A title as headings are compared by name: letters only, lower case, so `5. Acknowledgments:`
    /// and `ACKNOWLEDGMENTS` match `Acknowledgments`.
    public static func comparableTitle(_ title: String) -> String {
        String(title.lowercased().filter(\.isLetter))
    }
}

/// Where the body of the paper ends for the page limit.
public struct BodyEnd: Codable, Equatable, Sendable {
    /// The heading that ends the body (e.g. References).
    public var heading: Heading
    /// Pages of body: the pages before the heading, plus the heading's page when body text precedes it there.
    public var bodyPages: Int

    /// Makes a body end.
    public init(heading: Heading, bodyPages: Int) {
        self.heading = heading
        self.bodyPages = bodyPages
    }
}

enum HeadingDetector {
    static func detect(in pages: [PageFacts], bodyStyle: BodyTextStyle, columns: ColumnLayout?,
                       excluding excluded: ExcludedWords) -> [Heading] {
        var headings: [Heading] = []
        for page in pages {
            for fullLine in readingOrder(page.lines, columns: columns) {
                // A line number printed beside a heading is not part of its text.
                let line = TextLine(words: fullLine.words.filter { !excluded.contains($0, page: page.number) })
                guard let word = line.dominantWord,
                      line.words.count <= 8, line.characterCount >= 3, line.characterCount <= 70 else { continue }
                let larger = word.fontSize >= bodyStyle.fontSize + 1
                let bold = line.words.filter { $0.text.contains(where: \.isLetter) }.allSatisfy(\.isBold)
                guard larger || bold, word.fontSize >= bodyStyle.fontSize - 0.5 else { continue }
                if let leftEdge = columns?.columnLeftEdge(for: line.box), abs(line.box.x0 - leftEdge) > 4 { continue }
                let title = stripNumbering(line.text)
                guard title.contains(where: \.isLetter) else { continue }
                headings.append(Heading(page: page.number, text: line.text, title: title, box: line.box,
                                        fontSize: word.fontSize, isBold: bold))
            }
        }
        return headings
    }

    /// The first heading whose whole title is one of `names` (compared without case, spaces or
    /// punctuation), so a sentence that merely mentions "references" never ends the body.
    static func bodyEnd(headings: [Heading], pages: [PageFacts], names: [String]) -> BodyEnd? {
        let wanted = Set(names.map(normalized))
        guard let heading = headings.first(where: { wanted.contains(normalized($0.title)) }),
              let page = pages.first(where: { $0.number == heading.page }) else { return nil }
        // Body text above the heading in its column, or in an earlier column, keeps the page in the body.
        let textBefore = page.lines.contains { line in
            guard line.characterCount >= 20, line.box.y1 < heading.box.y0 else { return false }
            return line.box.x0 < heading.box.x1
        } || page.lines.contains { $0.characterCount >= 20 && $0.box.x1 < heading.box.x0 }
        return BodyEnd(heading: heading, bodyPages: textBefore ? heading.page : heading.page - 1)
    }

    static func normalized(_ text: String) -> String {
        Heading.comparableTitle(text)
    }

    /// Removes a leading section number such as `5`, `5.2.`, `A.` or `IV.`.
    static func stripNumbering(_ text: String) -> String {
        var words = text.split(separator: " ")
        if let first = words.first, words.count > 1 {
            let isNumber = first.allSatisfy { $0.isNumber || $0 == "." }
            let isLetterNumber = first.count <= 5 && first.hasSuffix(".")
                && first.dropLast().allSatisfy { $0.isUppercase || $0.isNumber || $0 == "." }
            if isNumber || isLetterNumber { words.removeFirst() }
        }
        return words.joined(separator: " ")
    }

    /// Lines in reading order: by column, then top to bottom.
    static func readingOrder(_ lines: [TextLine], columns: ColumnLayout?) -> [TextLine] {
        guard let gutter = columns?.gutter else { return lines.sorted { $0.box.y0 < $1.box.y0 } }
        let middle = (gutter.lowerBound + gutter.upperBound) / 2
        return lines.sorted { first, second in
            // Lines that span both columns (titles, wide floats) are read in place of the left column.
            let firstColumn = first.box.x0 >= middle ? 1 : 0
            let secondColumn = second.box.x0 >= middle ? 1 : 0
            return firstColumn != secondColumn ? firstColumn < secondColumn : first.box.y0 < second.box.y0
        }
    }
}
