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
    /// Whether the heading runs into its paragraph ("**Acknowledgments.** We thank..."): `text`,
    /// `title` and `box` are then the bold words only.
    public var isRunIn: Bool

    /// Makes a heading from already detected values.
    public init(page: Int, text: String, title: String, box: Box, fontSize: Double, isBold: Bool, isRunIn: Bool = false) {
        self.page = page
        self.text = text
        self.title = title
        self.box = box
        self.fontSize = fontSize
        self.isBold = isBold
        self.isRunIn = isRunIn
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
                guard let word = line.dominantWord else { continue }
                let atLeftEdge = columns?.columnLeftEdge(for: line.box).map { abs(line.box.x0 - $0) <= 4 } ?? true
                // The end-of-body headings are known by name, so they may look a little different:
                // centred, in capitals or small capitals, not bold, a number standing apart.
                if line.words.count <= 4, word.fontSize >= bodyStyle.fontSize - 1.5, line.characterCount <= 40 {
                    let title = stripNumbering(line.text)
                    if isStructuralName(title), atLeftEdge || isCentredInColumn(line.box, columns: columns, pageWidth: page.width)
                        || columns?.columnLeftEdge(for: line.box).map({ line.box.x0 - $0 >= 0 && line.box.x0 - $0 <= 30 }) == true {
                        headings.append(Heading(page: page.number, text: line.text, title: title, box: line.box,
                                                fontSize: word.fontSize, isBold: line.words.allSatisfy(\.isBold)))
                        continue
                    }
                }
                guard atLeftEdge else { continue }
                if let runIn = runInHeading(line, page: page.number, bodyStyle: bodyStyle) {
                    headings.append(runIn)
                    continue
                }
                guard line.words.count <= 8, line.characterCount >= 3, line.characterCount <= 70 else { continue }
                let larger = word.fontSize >= bodyStyle.fontSize + 1
                let bold = line.words.filter { $0.text.contains(where: \.isLetter) }.allSatisfy(\.isBold)
                guard larger || bold, word.fontSize >= bodyStyle.fontSize - 0.5 else { continue }
                let title = stripNumbering(line.text)
                guard title.contains(where: \.isLetter) else { continue }
                headings.append(Heading(page: page.number, text: line.text, title: title, box: line.box,
                                        fontSize: word.fontSize, isBold: bold))
            }
        }
        return headings
    }

    /// Section names that end the body or must be absent from blind papers, as whole titles
    /// starting with a capital: `References`, `ACKNOWLEDGMENTS`, `Bibliography`.
    static func isStructuralName(_ title: String) -> Bool {
        guard title.first?.isUppercase == true else { return false }
        return DocumentAnalyzer.defaultBodyEndHeadings.contains(normalized(title))
    }

    /// Whether a line is centred in its column (or on the page when there is one column).
    static func isCentredInColumn(_ box: Box, columns: ColumnLayout?, pageWidth: Double) -> Bool {
        guard let columns, let gutter = columns.gutter, columns.leftEdges.count == 2 else {
            return abs(box.midX - pageWidth / 2) <= 10
        }
        let left = box.midX < (gutter.lowerBound + gutter.upperBound) / 2
        let middle = left ? (columns.leftEdges[0] + gutter.lowerBound) / 2
            : (columns.leftEdges[1] + (pageWidth - columns.leftEdges[0])) / 2
        return abs(box.midX - middle) <= 10
    }

    /// A bold run-in heading opening a paragraph: up to four bold words at the start of the line,
    /// the last ending in `.` or `:`, followed by text that is not bold, all at the body size.
    static func runInHeading(_ line: TextLine, page: Int, bodyStyle: BodyTextStyle) -> Heading? {
        guard line.words.first?.isBold == true else { return nil }
        let bold = Array(line.words.prefix { $0.isBold }.prefix(5))
        guard !bold.isEmpty, bold.count <= 4, bold.count < line.words.count,
              let last = bold.last, last.text.hasSuffix(".") || last.text.hasSuffix(":"),
              bold.contains(where: { $0.text.contains(where: \.isLetter) }),
              bold.allSatisfy({ abs($0.fontSize - bodyStyle.fontSize) <= 0.5 }),
              let box = Box.enclosing(bold.map(\.box)) else { return nil }
        let text = bold.map(\.text).joined(separator: " ")
        let title = String(stripNumbering(text).dropLast())
        guard title.contains(where: \.isLetter) else { return nil }
        return Heading(page: page, text: text, title: title, box: box, fontSize: last.fontSize, isBold: true, isRunIn: true)
    }

    /// The first heading whose whole title is one of `names` (compared without case, spaces or
    /// punctuation), so a sentence that merely mentions "references" never ends the body.
    static func bodyEnd(headings: [Heading], pages: [PageFacts], names: [String], excluded: ExcludedWords) -> BodyEnd? {
        let wanted = Set(names.map(normalized))
        guard let heading = headings.first(where: { wanted.contains(normalized($0.title)) }),
              let page = pages.first(where: { $0.number == heading.page }) else { return nil }
        // Body text above the heading in its column, or in an earlier column, keeps the page in the body.
        // Furniture (a running head, line numbers) is not body text, however long.
        let lines = page.lines.map { TextLine(words: $0.words.filter { !excluded.contains($0, page: page.number) }) }
        let textBefore = lines.contains { line in
            guard line.characterCount >= 20, line.box.y1 < heading.box.y0 else { return false }
            return line.box.x0 < heading.box.x1
        } || lines.contains { $0.characterCount >= 20 && $0.box.x1 < heading.box.x0 }
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
