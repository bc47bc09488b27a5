import PaperFacts

/// How the running text is set: one column or two, and where the gap between them lies.
public struct ColumnLayout: Codable, Equatable, Sendable {
    /// Number of text columns: 1 or 2.
    public var count: Int
    /// Left edges of the columns (the most common start of body lines in each).
    public var leftEdges: [Double]
    /// The gap between two columns: the right edge of the left column to the left edge of the right one.
    public var gutter: ClosedRange<Double>?
    /// Body lines counted to decide, and how many of them were narrow enough to sit in one column.
    public var linesCounted: Int
    /// How many of `linesCounted` were narrower than about half the page.
    public var narrowLines: Int

    /// Makes a column layout from already measured values.
    public init(count: Int, leftEdges: [Double], gutter: ClosedRange<Double>?, linesCounted: Int, narrowLines: Int) {
        self.count = count
        self.leftEdges = leftEdges
        self.gutter = gutter
        self.linesCounted = linesCounted
        self.narrowLines = narrowLines
    }

    /// The left edge of the column a box sits in.
    public func columnLeftEdge(for box: Box) -> Double? {
        guard let gutter, leftEdges.count == 2 else { return leftEdges.first }
        return box.midX < (gutter.lowerBound + gutter.upperBound) / 2 ? leftEdges[0] : leftEdges[1]
    }
}

enum ColumnAnalyzer {
    static func analyze(_ pages: [PageFacts], bodyStyle: BodyTextStyle, excluding excluded: ExcludedWords) -> ColumnLayout? {
        var lines: [(page: PageFacts, box: Box)] = []
        for page in pages where page.width > 0 {
            for line in page.lines where line.characterCount >= 12 {
                guard let word = line.dominantWord, abs(word.fontSize - bodyStyle.fontSize) < 0.6,
                      !excluded.contains(word, page: page.number) else { continue }
                lines.append((page, line.box))
            }
        }
        guard lines.count >= 10 else { return nil }
        // A body line in a two-column page spans well under half the page width.
        let narrow = lines.filter { $0.box.width < $0.page.width * 0.48 }
        let left = narrow.filter { $0.box.midX < $0.page.width / 2 }.map(\.box)
        let right = narrow.filter { $0.box.midX >= $0.page.width / 2 }.map(\.box)
        let twoColumns = Double(narrow.count) >= Double(lines.count) * 0.6
            && Double(min(left.count, right.count)) >= Double(narrow.count) * 0.2
        guard twoColumns else {
            return ColumnLayout(count: 1, leftEdges: [mode(of: lines.map(\.box.x0))], gutter: nil,
                                linesCounted: lines.count, narrowLines: narrow.count)
        }
        // Full lines of the left column end at the column's right edge; ragged last lines end earlier.
        let leftColumnRight = percentile(left.map(\.x1), 0.9)
        let rightColumnLeft = mode(of: right.map(\.x0))
        return ColumnLayout(count: 2, leftEdges: [mode(of: left.map(\.x0)), rightColumnLeft],
                            gutter: leftColumnRight...max(leftColumnRight, rightColumnLeft),
                            linesCounted: lines.count, narrowLines: narrow.count)
    }

    /// The most common value after rounding to half a point.
    static func mode(of values: [Double]) -> Double {
        var counts: [Int: Int] = [:]
        for value in values { counts[Int((value * 2).rounded()), default: 0] += 1 }
        guard let key = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return 0 }
        let near = values.filter { abs($0 * 2 - Double(key)) <= 1 }
        return near.isEmpty ? Double(key) / 2 : near.reduce(0, +) / Double(near.count)
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
    }
}
