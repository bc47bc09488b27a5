import PaperFacts

/// Running line numbers printed in the side margins of review copies.
public struct LineNumbering: Codable, Equatable, Sendable {
    /// The stacks found, in page order; empty when the document has no line numbers.
    public var gutters: [LineNumberGutter]

    /// Makes a line numbering from its stacks.
    public init(gutters: [LineNumberGutter]) {
        self.gutters = gutters
    }

    /// Whether any page carries line numbers.
    public var isPresent: Bool { !gutters.isEmpty }
    /// The 1-based pages with line numbers, ascending.
    public var pages: [Int] { Array(Set(gutters.map(\.page))).sorted() }
}

/// One stack of line numbers on one side of one page.
public struct LineNumberGutter: Codable, Equatable, Sendable {
    /// The 1-based page the stack is on.
    public var page: Int
    /// The margin the stack sits in: `left` or `right`.
    public var side: String
    /// The bounding box of the stack's numbers, in points with a top-left origin.
    public var box: Box
    /// How many numbers the stack holds.
    public var count: Int
    /// The topmost number's value.
    public var first: Int
    /// The bottom number's value.
    public var last: Int

    /// Makes a stack from already detected values.
    public init(page: Int, side: String, box: Box, count: Int, first: Int, last: Int) {
        self.page = page
        self.side = side
        self.box = box
        self.count = count
        self.first = first
        self.last = last
    }
}

enum LineNumberDetector {
    /// A stack needs this many numbers on a page to count as line numbering.
    static let minimumPerStack = 8

    static func detect(in pages: [PageFacts]) -> LineNumbering {
        // First the confident stacks; then, at the same x positions, the short stacks of pages
        // whose columns end early (the last page of a paper may carry only a few numbers).
        let confident = stacks(in: pages) { $0.count >= minimumPerStack }
        let knownPositions = Set(confident.map { Int(($0.box.x1 / 6).rounded()) })
        let gutters = stacks(in: pages) { stack in
            stack.count >= minimumPerStack || knownPositions.contains(Int((stack.box.x1 / 6).rounded()))
        }
        return LineNumbering(gutters: gutters)
    }

    private static func stacks(in pages: [PageFacts], accept: (LineNumberGutter) -> Bool) -> [LineNumberGutter] {
        var gutters: [LineNumberGutter] = []
        for page in pages where page.width > 0 {
            // 3- or 4-digit numbers standing alone, as review templates print them.
            let numbers = page.lines.flatMap(\.words).filter { word in
                (3...4).contains(word.text.count) && word.text.allSatisfy(\.isASCII) && word.text.allSatisfy(\.isNumber)
            }
            // Stacks left to right: a dictionary's order changes from run to run.
            let stacks = Dictionary(grouping: numbers) { Int(($0.box.x1 / 6).rounded()) }
            for (_, stack) in stacks.sorted(by: { $0.key < $1.key }) {
                let ordered = stack.sorted { $0.box.y0 < $1.box.y0 }
                let values = ordered.compactMap { Int($0.text) }
                // Running numbers go up down the page, mostly by one.
                let rising = zip(values, values.dropFirst()).filter { $1 > $0 && $1 - $0 <= 3 }.count
                guard Double(rising) >= Double(values.count - 1) * 0.8,
                      let box = Box.enclosing(ordered.map(\.box)) else { continue }
                let side = box.midX < page.width / 2 ? "left" : "right"
                // Numbers inside the text (a table of figures) are not in a side margin.
                let outsideText = side == "left" ? box.x1 < page.width * 0.2 : box.x0 > page.width * 0.8
                let gutter = LineNumberGutter(page: page.number, side: side, box: box, count: values.count,
                                              first: values.first ?? 0, last: values.last ?? 0)
                if outsideText, accept(gutter) { gutters.append(gutter) }
            }
        }
        return gutters
    }
}

/// A running head: a short centred line above the text, repeated on following pages.
public struct RunningHead: Codable, Equatable, Sendable {
    /// The 1-based page the head is on.
    public var page: Int
    /// The head's text.
    public var text: String
    /// The head's text and the rule beneath it: the zone where it may print outside the text block.
    public var box: Box

    /// Makes a running head.
    public init(page: Int, text: String, box: Box) {
        self.page = page
        self.text = text
        self.box = box
    }
}

enum RunningHeadDetector {
    /// A running head is a short centred line in the top band of the page whose text repeats at the
    /// same height on other pages. It need not be the first line nor stand apart: a figure at the
    /// top of the page may share its band (its labels then sit beside or above the head).
    static func detect(in pages: [PageFacts]) -> [RunningHead] {
        var candidates: [RunningHead] = []
        for page in pages where page.width > 0 {
            for line in page.lines where line.box.y1 < page.height * 0.12 && line.characterCount >= 4 {
                for span in centredSpans(of: line, pageWidth: page.width) {
                    // The zone reaches a few points below the text, where templates draw a rule.
                    let zone = Box(x0: span.box.x0, y0: span.box.y0 - 1, x1: span.box.x1, y1: span.box.y1 + 5)
                    candidates.append(RunningHead(page: page.number, text: span.text, box: zone))
                }
            }
        }
        // The same text at the same height on at least two pages (the topmost such line of a page);
        // a document of one or two pages may show its head once, as the top line standing apart.
        let byText = Dictionary(grouping: candidates, by: \.text)
        var heads: [Int: RunningHead] = [:]
        for candidate in candidates {
            let repeats = (byText[candidate.text] ?? []).filter { abs($0.box.y0 - candidate.box.y0) <= 2 }
            guard Set(repeats.map(\.page)).count >= 2 || (pages.count <= 2 && isTopLineApart(candidate, in: pages)) else { continue }
            if let known = heads[candidate.page], known.box.y0 <= candidate.box.y0 { continue }
            heads[candidate.page] = candidate
        }
        return heads.values.sorted { $0.page < $1.page }
    }

    /// The line itself when it is centred, or else its centred run of words: poppler may put figure
    /// labels that share the head's baseline into the same line.
    private static func centredSpans(of line: TextLine, pageWidth: Double) -> [(text: String, box: Box)] {
        func isCentred(_ box: Box) -> Bool { abs(box.midX - pageWidth / 2) < pageWidth * 0.08 }
        if isCentred(line.box) { return [(line.text, line.box)] }
        // Split the line where the gap between words is wider than two spaces of its type.
        var runs: [[Word]] = []
        for word in line.words {
            if let last = runs.last?.last, word.box.x0 - last.box.x1 <= max(3, word.fontSize * 0.6) {
                runs[runs.count - 1].append(word)
            } else {
                runs.append([word])
            }
        }
        // A head of several words: a lone word of a justified line is no head.
        return runs.compactMap { run in
            guard run.count >= 2, let box = Box.enclosing(run.map(\.box)), isCentred(box),
                  run.reduce(0, { $0 + $1.text.count }) >= 4 else { return nil }
            return (run.map(\.text).joined(separator: " "), box)
        }
    }

    /// Whether the head is the page's top line with a gap of at least 6 pt to the next.
    private static func isTopLineApart(_ head: RunningHead, in pages: [PageFacts]) -> Bool {
        guard let page = pages.first(where: { $0.number == head.page }) else { return false }
        let lines = page.lines.filter { $0.characterCount > 0 }.sorted { $0.box.y0 < $1.box.y0 }
        guard let top = lines.first, top.text == head.text else { return false }
        let next = lines.dropFirst().first { $0.box.y0 > top.box.y1 - 1 }
        return next.map { $0.box.y0 - top.box.y1 >= 6 } ?? true
    }
}

/// Whether the pages carry text that can be read: scans have none, some fonts decode to garbage.
public struct TextExtractability: Codable, Equatable, Sendable {
    /// Pages with fewer than 10 characters but with ink or images (scans, pictures of text); blank pages are not listed.
    public var pagesWithoutText: [Int]
    /// Pages where more than 30% of the characters did not decode to real text.
    public var pagesWithUndecodableText: [Int]
    /// Number of pages in the document.
    public var pageCount: Int

    /// Makes an extractability assessment from already collected pages.
    public init(pagesWithoutText: [Int], pagesWithUndecodableText: [Int], pageCount: Int) {
        self.pagesWithoutText = pagesWithoutText
        self.pagesWithUndecodableText = pagesWithUndecodableText
        self.pageCount = pageCount
    }

    /// Pages without text or with undecodable text, 1-based and ascending.
    public var unreadablePages: [Int] { Array(Set(pagesWithoutText + pagesWithUndecodableText)).sorted() }
    /// Whether at least one page has readable text.
    public var hasReadableText: Bool { unreadablePages.count < pageCount }

    static func assess(_ pages: [PageFacts]) -> TextExtractability {
        var withoutText: [Int] = []
        var undecodable: [Int] = []
        for page in pages {
            // A page with a few characters but no ink beyond them is blank, not a scan; a page
            // with ink and hardly any text is an image of text or a figure page.
            if page.characterCount < PageFacts.fewCharacters {
                if page.inkBox != nil || !page.images.isEmpty { withoutText.append(page.number) }
            } else if isScanWithStamp(page) {
                withoutText.append(page.number)
            } else if Double(page.undecodableCharacterCount) > Double(page.characterCount) * 0.3 {
                undecodable.append(page.number)
            }
        }
        return TextExtractability(pagesWithoutText: withoutText, pagesWithUndecodableText: undecodable,
                                  pageCount: pages.count)
    }

    /// A scanned page whose only text is a stamp or two (an archive's id, a download notice): an
    /// image covers most of the page and the text is at most three short lines.
    static func isScanWithStamp(_ page: PageFacts) -> Bool {
        let pageArea = page.width * page.height
        guard pageArea > 0, page.lines.count <= 3, page.characterCount < 300 else { return false }
        let pageBox = Box(x0: 0, y0: 0, x1: page.width, y1: page.height)
        return page.images.contains { ($0.intersection(pageBox)?.area ?? 0) >= 0.7 * pageArea }
    }
}
