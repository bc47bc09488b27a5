import PaperAnalysis
import PaperFacts

/// The text block as rules.json writes it: edges in points from the top-left corner of the page.
public struct TextBlock: Codable, Sendable, Equatable {
    /// Left edge, in points from the page's left side.
    public var left: Double
    /// Top edge, in points from the page's top side.
    public var top: Double
    /// Right edge, in points from the page's left side.
    public var right: Double
    /// Bottom edge, in points from the page's top side; text is held to it at its baseline.
    public var bottom: Double

    /// The block as a `Box`.
    public var box: Box { Box(x0: left, y0: top, x1: right, y1: bottom) }
}

/// Text, images and vector graphics stay inside the text block, except in allowed zones.
///
/// Boxes are only a first screen: glyph boxes come from font metrics (a big operator's box is
/// 3.7 em tall), image boxes include white and transparent pixels, and clipped content has boxes
/// but no ink. Wherever a box crosses the block, the region outside it is rendered finely
/// (`inkRegions`) and the drawn ink decides whether, and how far, something is outside. The bottom
/// edge is the last baseline: text ink may hang `lastLineDepth` below it (descenders, subscripts,
/// limits). Severity follows the consequence: a local overflow (at most `localOverflow` points) gets
/// `localSeverity`; content further out, and a text block that differs on many pages, the rule's.
/// One cause is one finding: page numbers or a stamp on every page, or a block that does not fit
/// on many pages, are folded into one finding with its occurrences.
public enum ContentWithinCheck: CheckKind {
    /// The `parameters` object of a `contentWithin` rule in rules.json.
    public struct Parameters: Codable, Sendable {
        /// The block content must stay inside, in points from the page's top-left corner.
        public var textBlock: TextBlock
        /// How far content may reach past each edge before it counts, in points.
        public var tolerance: Double
        /// Furniture allowed outside the block: "runningHead", "lineNumbers".
        public var allowedZones: [String]?
        /// How far below the bottom edge (the last baseline) the ink of text may reach before the
        /// tolerance applies: descenders, subscripts and limits of the last line (default 0).
        public var lastLineDepth: Double?
        /// Overflows up to this many points (beyond the edge) are local: one line, an equation or
        /// a URL a little too wide. Absent: every overflow has the rule's severity.
        public var localOverflow: Double?
        /// The severity of a local overflow (default warning).
        public var localSeverity: Severity?
        /// Pages on which at least `geometryLines` text lines cross the same edge mean a different
        /// text block once there are this many of them (default 3): one finding for all of them.
        public var geometryPages: Int?
        /// Text lines crossing one edge of a page for the page to count towards `geometryPages` (default 3).
        public var geometryLines: Int?
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "contentWithin"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Text, images and vector graphics lie inside the text block within the tolerance, judged by the ink a fine render shows where boxes cross the block (text may hang lastLineDepth below the last baseline); overflows up to localOverflow are local (localSeverity); page numbers, stamps and a block that differs on many pages are one finding each; the running head and line numbers are allowed zones."
    /// Message templates by variant: `main` (content outside on one page and side), `pageNumbers`
    /// and `repeated` (the same furniture on several pages), `geometry` (the block does not fit on many pages).
    public static let defaultMessages = [
        "main": "{what} {overflow} pt into the {side} margin on page {page} (text block {side} edge {edge} pt, tolerance {tolerance} pt)",
        "pageNumbers": "page numbers in the {side} margin on pages {pages} ({overflow} pt outside the text block)",
        "repeated": "{what} repeated in the {side} margin on pages {pages}, up to {overflow} pt outside the text block",
        "geometry": "the text block does not fit: content crosses the {edges} of the {block} text block on {pageCount} pages ({pages}), up to {overflow} pt",
    ]
    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["what", "overflow", "side", "edges", "page", "pages", "pageCount", "edge", "tolerance",
                                      "items", "block"]

    /// Where the check wants the ink: on every page, the parts outside the block (grown by the
    /// tolerance) of the boxes that cross it, lie in no allowed zone and cannot be believed as they
    /// are (`Candidate.trusted`); and, on such a page, the
    /// whole margin out to the page's ink extent, so that a drawing beside a glyph box whose ink
    /// turns out to be inside is not missed (the render costs the same).
    public static func inkRegions(_ parameters: Parameters, in context: CheckContext) -> [Int: [Box]] {
        var regions: [Int: [Box]] = [:]
        for page in context.facts.pages where page.width > 0 && page.height > 0 {
            let screen = Screen(page: page, parameters: parameters, analysis: context.analysis)
            var pieces = screen.candidates.filter { !$0.trusted }.flatMap { screen.partsOutside($0.box.expanded(by: 1)) }
            guard !pieces.isEmpty else { continue }
            // The margins that hold a piece, out to the ink's extent there.
            if let extent = page.inkBox {
                let margins = screen.partsOutside(extent.expanded(by: 1))
                pieces += margins.filter { margin in pieces.contains { $0.intersects(margin) } }
            }
            regions[page.number] = pieces
        }
        return regions
    }

    /// Reports content outside the block: per page and side the worst overflow, the box around the
    /// offending items and up to 12 offending words; folded across pages for repeated furniture and
    /// for a block that differs on many pages.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        var items: [Item] = []
        for page in context.facts.pages where page.width > 0 && page.height > 0 {
            let screen = Screen(page: page, parameters: parameters, analysis: context.analysis)
            items += screen.items()
        }
        return Folding(parameters: parameters, pageCount: context.facts.pageCount).outcomes(for: items)
    }
}

extension ContentWithinCheck {
    enum Side: String, CaseIterable {
        case left, right, top, bottom
    }

    enum Kind: String, CaseIterable {
        case text, image, graphics
    }

    /// Something whose box crosses the block: a word, an image or low-resolution vector ink.
    struct Candidate {
        var kind: Kind
        var box: Box
        /// A word whose box can be believed without a render: letters or digits over a side edge; at
        /// the bottom, a word of a line that is plainly below the block (its letters' baseline is) or
        /// that cannot hang deeper than `lastLineDepth` (letters and digits, whose boxes hold their ink);
        /// as far as the page's drawn extent reaches. Lone symbols, big operators, tops of lines,
        /// images and clipped text are not believed.
        var trusted = false
        /// The word's index among the screen's labels (text candidates only).
        var label: Int?
    }

    /// What lies outside the block on one side of one page: one text line, one image or one group of graphics.
    struct Item {
        var page: Int
        var side: Side
        var kinds: Set<Kind>
        var box: Box
        var overflow: Double
        /// The offending words in reading order (none for graphics).
        var words: [String]
        /// Distinct text lines among the item's parts.
        var lines: Int

        var text: String { words.joined(separator: " ") }
    }

    /// One page seen through the rule: its allowed zones, what crosses the block, and what the ink says.
    struct Screen {
        let page: PageFacts
        let block: TextBlock
        let tolerance: Double
        let depth: Double
        /// The block grown by the tolerance: boxes reaching outside it are candidates.
        let inner: Box
        let allowed: [Box]
        let allowsRunningHead: Bool
        let candidates: [Candidate]
        /// The words that may label ink (those reaching out of the block), with their line and its
        /// baseline where the line has one.
        private let labels: [(word: Word, line: Int, baseline: Double?)]

        init(page: PageFacts, parameters: Parameters, analysis: DocumentAnalysis) {
            self.page = page
            block = parameters.textBlock
            tolerance = parameters.tolerance
            depth = parameters.lastLineDepth ?? 0
            inner = parameters.textBlock.box.expanded(by: parameters.tolerance)
            let zones = Set(parameters.allowedZones ?? [])
            allowsRunningHead = zones.contains("runningHead")
            let allowed = Self.allowedBoxes(on: page.number, zones: zones, analysis: analysis,
                                            block: parameters.textBlock, tolerance: parameters.tolerance)
            self.allowed = allowed
            func isAllowed(_ box: Box) -> Bool { allowed.contains { $0.contains(box) } }
            // Only words reaching out of the block can touch ink outside it, so only they are kept
            // (a page has a thousand words and a handful of these).
            var labels: [(Word, Int, Double?)] = []
            var candidates: [Candidate] = []
            let inner = self.inner, core = inner.expanded(by: -0.5)
            for (index, line) in page.lines.enumerated() where !core.contains(line.box) {
                var baseline: Double??
                for word in line.words where !core.contains(word.box) && !isAllowed(word.box) {
                    if baseline == nil { baseline = .some(line.letterBaseline) }
                    labels.append((word, index, baseline ?? nil))
                    if !inner.contains(word.box) {
                        let believed = Self.believable(word, on: line, inner: inner, drawn: page.inkBox,
                                                       bottom: parameters.textBlock.bottom, depth: depth)
                        candidates.append(Candidate(kind: .text, box: word.box, trusted: believed, label: labels.count - 1))
                    }
                }
            }
            self.labels = labels
            // A page under one picture (a scan) is judged by its boxes: its ink would take decoding the scan.
            if page.isCoveredByAnImage {
                for index in candidates.indices { candidates[index].trusted = true }
            }
            let scanned = page.isCoveredByAnImage
            let pageBox = Box(x0: 0, y0: 0, x1: page.width, y1: page.height)
            for image in page.images {
                guard let visible = image.intersection(pageBox), !inner.contains(visible), !isAllowed(visible) else { continue }
                candidates.append(Candidate(kind: .image, box: visible, trusted: scanned))
            }
            // Low-resolution ink lies on a 2 pt grid: one pixel of slack.
            for ink in page.vectorInkOutside where !inner.expanded(by: 2).contains(ink) && !isAllowed(ink) {
                candidates.append(Candidate(kind: .graphics, box: ink, trusted: scanned))
            }
            // A side that believed text crosses fails anyway: an image or drawing over that side only
            // would add a render (decoding every image of the page) for the same finding.
            let failing = Self.sidesCrossed(by: candidates.filter { $0.trusted && $0.kind == .text }, inner: inner,
                                            labels: labels, bottomEdge: block.bottom + tolerance)
            if !failing.isEmpty, !scanned {
                candidates.removeAll { candidate in
                    candidate.kind != .text && Self.sidesCrossed(by: [candidate], inner: inner, labels: labels,
                                                                 bottomEdge: inner.y1).isSubset(of: failing)
                }
            }
            self.candidates = candidates
        }

        /// The sides that candidates cross: by their boxes, words at the bottom by their baseline.
        static func sidesCrossed(by candidates: [Candidate], inner: Box, labels: [(word: Word, line: Int, baseline: Double?)],
                                 bottomEdge: Double) -> Set<Side> {
            var sides = Set<Side>()
            for candidate in candidates {
                let box = candidate.box
                if box.x0 < inner.x0 { sides.insert(.left) }
                if box.x1 > inner.x1 { sides.insert(.right) }
                if box.y0 < inner.y0 { sides.insert(.top) }
                let bottom = candidate.label.map { labels[$0].word.baseline } ?? box.y1
                if bottom > bottomEdge { sides.insert(.bottom) }
            }
            return sides
        }

        /// Whether a crossing word's box can stand for its ink (see `Candidate.trusted`).
        static func believable(_ word: Word, on line: TextLine, inner: Box, drawn: Box?, bottom: Double, depth: Double) -> Bool {
            guard let drawn, word.box.y0 >= inner.y0 else { return false }
            let box = word.box
            let sideways = box.x0 < inner.x0 || box.x1 > inner.x1, below = box.y1 > inner.y1
            let tolerance = inner.y1 - bottom
            return (!sideways || word.hasInkWideAsItsBox)
                && (!below || !line.mayHideInkBelow(bottom, depth: depth, tolerance: tolerance))
                && (box.x0 >= inner.x0 || drawn.x0 <= box.x0 + 1) && (box.x1 <= inner.x1 || drawn.x1 >= box.x1 - 1)
                && (!below || drawn.y1 >= min(box.y1, line.letterBaseline ?? word.baseline) - 1)
        }

        /// The parts of `box` outside the block grown by the tolerance, within the page.
        func partsOutside(_ box: Box) -> [Box] {
            let strips = [
                Box(x0: 0, y0: 0, x1: inner.x0, y1: page.height), Box(x0: inner.x1, y0: 0, x1: page.width, y1: page.height),
                Box(x0: inner.x0, y0: 0, x1: inner.x1, y1: inner.y0), Box(x0: inner.x0, y0: inner.y1, x1: inner.x1, y1: page.height),
            ]
            return strips.compactMap { $0.intersection(box) }
        }

        /// What lies outside the block on this page: measured on the ink where it was rendered,
        /// on the boxes otherwise (facts read without a render, as in tests built from facts).
        func items() -> [Item] {
            guard let ink = page.ink else { return group(partsFromBoxes(candidates)) }
            // Believed words that the render did not cover keep their boxes.
            let uncovered = candidates.filter { $0.trusted && !partsOutside($0.box).allSatisfy(ink.covers) }
            var parts = partsFromBoxes(uncovered)
            for mark in ink.marks where !allowed.contains(where: { $0.contains(mark) }) && !isHeadRule(mark) {
                let touching = labels.indices.filter { labels[$0].word.box.expanded(by: 0.5).intersects(mark) }
                let kind: Kind = !touching.isEmpty ? .text
                    : page.images.contains(where: { $0.intersects(mark) }) ? .image : .graphics
                var bottom = mark.y1 - block.bottom - (kind == .text ? depth : 0)
                // A line of text below the block is measured at its baseline, like the body's last line.
                if let baseline = touching.compactMap({ labels[$0].baseline }).max() {
                    bottom = max(bottom, baseline - block.bottom)
                }
                let overflows: [(Side, Double)] = [(.left, block.left - mark.x0), (.right, mark.x1 - block.right),
                                                   (.top, block.top - mark.y0), (.bottom, bottom)]
                guard let worst = overflows.max(by: { $0.1 < $1.1 }), worst.1 > tolerance else { continue }
                parts.append((worst.0, kind, mark, worst.1, touching))
            }
            return group(parts)
        }

        /// The box-based reading of some candidates: words at their baseline at the bottom edge (a
        /// sub- or superscript at its line's), images and low-resolution vector ink by their boxes.
        private func partsFromBoxes(_ chosen: [Candidate]) -> [(side: Side, kind: Kind, box: Box, overflow: Double, labels: [Int])] {
            var parts: [(side: Side, kind: Kind, box: Box, overflow: Double, labels: [Int])] = []
            func record(_ kind: Kind, _ box: Box, bottom: Double, labels: [Int], slack: Double = 0) {
                let overflows: [(Side, Double)] = [(.left, block.left - box.x0), (.right, box.x1 - block.right),
                                                   (.top, block.top - box.y0), (.bottom, bottom - block.bottom)]
                guard let worst = overflows.max(by: { $0.1 < $1.1 }), worst.1 > tolerance + slack else { return }
                parts.append((worst.0, kind, box, worst.1, labels))
            }
            for candidate in chosen {
                guard let index = candidate.label else {
                    record(candidate.kind, candidate.box, bottom: candidate.box.y1, labels: [],
                           slack: candidate.kind == .graphics ? 2 : 0)
                    continue
                }
                let label = labels[index]
                let line = page.lines[label.line]
                let main = line.words.max { $0.fontSize < $1.fontSize }
                let isScript = main.map { label.word.fontSize < $0.fontSize * 0.85 } ?? false
                // The line's letters tell its baseline best; a script hangs from its line's.
                let own = isScript ? min(label.word.baseline, main?.baseline ?? label.word.baseline) : label.word.baseline
                let bottom = label.baseline ?? own
                record(.text, label.word.box, bottom: bottom, labels: [index])
            }
            return parts
        }

        /// Joins the parts of one text line on one side (its glyph groups) into one item; images
        /// and graphics stay one item each.
        private func group(_ parts: [(side: Side, kind: Kind, box: Box, overflow: Double, labels: [Int])]) -> [Item] {
            var items: [Item] = []
            var wordsOfItem: [Set<Int>] = []
            var lineItem: [String: Int] = [:]
            for part in parts {
                let lines = Set(part.labels.map { labels[$0].line })
                let key = lines.min().map { "\(part.side.rawValue)#\($0)" }
                if let key, let index = lineItem[key] {
                    items[index].kinds.insert(part.kind)
                    items[index].box = items[index].box.union(part.box)
                    items[index].overflow = max(items[index].overflow, part.overflow)
                    wordsOfItem[index].formUnion(part.labels)
                    continue
                }
                if let key { lineItem[key] = items.count }
                items.append(Item(page: page.number, side: part.side, kinds: [part.kind], box: part.box,
                                  overflow: part.overflow, words: [], lines: max(1, lines.count)))
                wordsOfItem.append(Set(part.labels))
            }
            // The words in reading order (labels are kept in it), each once.
            for index in items.indices {
                items[index].words = wordsOfItem[index].sorted().map { labels[$0].word.text }
            }
            return items
        }

        /// The rule of a running head whose title is empty: a thin line across most of the block's
        /// width just above it. Allowed wherever the running head is.
        private func isHeadRule(_ mark: Box) -> Bool {
            allowsRunningHead && mark.height <= 2 && mark.width >= 0.8 * (block.right - block.left)
                && mark.y1 <= block.top && mark.y0 >= block.top - 20
        }

        static func allowedBoxes(on page: Int, zones: Set<String>, analysis: DocumentAnalysis, block: TextBlock,
                                 tolerance: Double) -> [Box] {
            var boxes: [Box] = []
            if zones.contains("lineNumbers") {
                boxes += analysis.lineNumbers.gutters.filter { $0.page == page }.map { $0.box.expanded(by: 2) }
            }
            if zones.contains("runningHead") {
                // The head, the rule under it, and the band between the rule and the block (where
                // a float at the top of the page may start), across the block's width.
                boxes += analysis.runningHeads.filter { $0.page == page }.map { head in
                    Box(x0: min(block.left, head.box.x0) - tolerance, y0: head.box.y0 - 2,
                        x1: max(block.right, head.box.x1) + tolerance, y1: max(block.top, head.box.y1) + 1)
                }
            }
            return boxes
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension ContentWithinCheck {
    /// Turns the items of all pages into outcomes, one per cause: page numbers and other furniture
    /// repeated on several pages, a text block that differs on many pages, then per page and side.
    struct Folding {
        let parameters: Parameters

        /// Pages in the document, which bounds how many a different block can show on.
        let pageCount: Int

        func outcomes(for items: [Item]) -> [CheckOutcome] {
            var used = [Bool](repeating: false, count: items.count)
            var outcomes: [CheckOutcome] = []
            func take(_ indices: [Int]) -> [Item] {
                for index in indices { used[index] = true }
                return indices.map { items[$0] }
            }

            // A short paper shows a different block on fewer pages: half of them, two at least.
            let linesNeeded = parameters.geometryLines ?? 3
            let pagesNeeded = min(parameters.geometryPages ?? 3, max(2, pageCount / 2))

            // Page numbers: short numbers in the top or bottom margin of two or more pages.
            for side in [Side.top, .bottom] {
                let numbers = items.indices.filter { !used[$0] && items[$0].side == side && items[$0].kinds == [.text]
                    && Self.isPageNumber(items[$0].text) }
                guard Set(numbers.map { items[$0].page }).count >= 2 else { continue }
                outcomes.append(folded(take(numbers), variant: "pageNumbers"))
            }
            // A different text block: on many pages, many text lines or a large object (a scan's
            // page image, another template's header rule) over the same edge. Everything else on
            // that edge, headers and footers of that template included, belongs to the same cause.
            let geometrySides = Side.allCases.filter { side in
                var weight: [Int: Int] = [:]
                for index in items.indices where !used[index] && items[index].side == side {
                    weight[items[index].page, default: 0] += weightTowardsGeometry(items[index])
                }
                return weight.values.filter { $0 >= linesNeeded }.count >= pagesNeeded
            }
            if !geometrySides.isEmpty {
                let indices = items.indices.filter { !used[$0] && geometrySides.contains(items[$0].side) }
                outcomes.append(folded(take(indices), variant: "geometry", sides: geometrySides, local: false))
            }
            // The same furniture (a footer, a stamp, a logo) at the same place on two or more pages.
            var repeated: [String: [Int]] = [:]
            for index in items.indices where !used[index] {
                guard let key = Self.furnitureKey(items[index]) else { continue }
                repeated[key, default: []].append(index)
            }
            for indices in repeated.values.sorted(by: { $0[0] < $1[0] })
                where Set(indices.map { items[$0].page }).count >= 2 {
                outcomes.append(folded(take(indices), variant: "repeated"))
            }
            // The rest: one outcome per page and side.
            var perPage: [String: [Int]] = [:]
            var order: [String] = []
            for index in items.indices where !used[index] {
                let key = "\(items[index].page)#\(items[index].side.rawValue)"
                if perPage[key] == nil { order.append(key) }
                perPage[key, default: []].append(index)
            }
            for key in order {
                outcomes.append(single(perPage[key, default: []].map { items[$0] }))
            }
            return outcomes.sorted { ($0.page ?? 0, Self.sideRank($0)) < ($1.page ?? 0, Self.sideRank($1)) }
        }

        /// How much an item says that the block itself differs: a text line or a piece of ink
        /// counts one, an object that covers a quarter of the edge or more a whole page's worth.
        private func weightTowardsGeometry(_ item: Item) -> Int {
            let block = parameters.textBlock
            let along = item.side == .left || item.side == .right ? item.box.height / (block.bottom - block.top)
                : item.box.width / (block.right - block.left)
            let large = along >= 0.25 && (item.kinds.contains(.image) || item.kinds.contains(.graphics))
            return large ? (parameters.geometryLines ?? 3) : item.lines
        }

        private func single(_ group: [Item]) -> CheckOutcome {
            let first = group[0]
            let worst = group.map(\.overflow).max() ?? 0
            let words = group.flatMap(\.words).prefix(12).joined(separator: " ")
            var values = commonValues(group, worst: worst)
            values["side"] = first.side.rawValue
            values["edge"] = Format.points(edge(first.side))
            return CheckOutcome(severity: severity(worst), values: values, page: first.page,
                                box: Box.enclosing(group.map(\.box)), text: words.isEmpty ? nil : words)
        }

        private func folded(_ group: [Item], variant: String, sides: [Side]? = nil, local: Bool = true) -> CheckOutcome {
            let worst = group.map(\.overflow).max() ?? 0
            let pages = Array(Set(group.map(\.page))).sorted()
            let sideNames = (sides ?? Array(Set(group.map(\.side)))).sorted { Self.rank($0) < Self.rank($1) }.map(\.rawValue)
            var values = commonValues(group, worst: worst)
            values["side"] = sideNames.joined(separator: " and ")
            values["edges"] = sideNames.count == 1 ? "\(sideNames[0]) edge"
                : sideNames.dropLast().joined(separator: ", ") + " and \(sideNames[sideNames.count - 1]) edges"
            values["edge"] = sideNames.count == 1 ? Format.points(edge(Side(rawValue: sideNames[0]) ?? .bottom)) : "-"
            values["pages"] = PageList.text(pages)
            values["pageCount"] = "\(pages.count)"
            let firstPage = group.filter { $0.page == pages[0] }
            let occurrences = group.sorted { ($0.page, $0.box.y0) < ($1.page, $1.box.y0) }.map { item in
                Occurrence(page: item.page, box: item.box, text: item.text.isEmpty ? nil : String(item.text.prefix(120)),
                           measured: "\(Format.points(item.overflow)) pt \(item.side.rawValue)")
            }
            let text = firstPage.flatMap(\.words).prefix(12).joined(separator: " ")
            return CheckOutcome(variant: variant, severity: local ? severity(worst) : nil, values: values, page: pages[0],
                                pages: pages, box: Box.enclosing(firstPage.map(\.box)), text: text.isEmpty ? nil : text,
                                occurrences: occurrences)
        }

        private func commonValues(_ group: [Item], worst: Double) -> [String: String] {
            let kinds = Kind.allCases.filter { kind in group.contains { $0.kinds.contains(kind) } }.map(\.rawValue)
            let block = parameters.textBlock
            return ["what": kinds.joined(separator: ", ").capitalizedFirst, "overflow": Format.points(worst),
                    "page": "\(group[0].page)", "tolerance": Format.points(parameters.tolerance), "items": "\(group.count)",
                    "block": "\(Format.points(block.right - block.left)) x \(Format.points(block.bottom - block.top)) pt"]
        }

        /// The local severity for an overflow up to `localOverflow`; nil (the rule's) beyond it.
        private func severity(_ overflow: Double) -> Severity? {
            guard let local = parameters.localOverflow, overflow <= local else { return nil }
            return parameters.localSeverity ?? .warning
        }

        private func edge(_ side: Side) -> Double {
            let block = parameters.textBlock
            switch side {
            case .left: return block.left
            case .right: return block.right
            case .top: return block.top
            case .bottom: return block.bottom
            }
        }

        /// Page numbers as templates print them: `3`, `iv`, `- 3 -`, `Page 3`, `3 of 12`.
        static func isPageNumber(_ text: String) -> Bool {
            let words = text.lowercased().split(separator: " ").filter { $0 != "-" && $0 != "–" && $0 != "page" && $0 != "of" }
            guard !words.isEmpty, words.count <= 2 else { return false }
            return words.allSatisfy { word in
                (word.count <= 4 && word.allSatisfy(\.isNumber))
                    || (word.count <= 5 && word.allSatisfy { "ivxlc".contains($0) })
            }
        }

        /// Items alike enough to be the same furniture on every page: side, kind, position and
        /// text with its digits ignored (a stamp's record number, a footer's page).
        static func furnitureKey(_ item: Item) -> String? {
            let bucket = { (value: Double) in Int((value / 4).rounded()) }
            if item.kinds == [.text] {
                let normalized = String(item.text.lowercased().map { $0.isNumber ? "#" : $0 })
                guard normalized.count >= 4 else { return nil }
                return "text|\(item.side.rawValue)|\(bucket(item.box.midY))|\(normalized)"
            }
            let box = item.box
            return "ink|\(item.side.rawValue)|\(item.kinds.map(\.rawValue).sorted())|\(bucket(box.x0)),\(bucket(box.y0)),\(bucket(box.x1)),\(bucket(box.y1))"
        }

        private static func rank(_ side: Side) -> Int { Side.allCases.firstIndex(of: side) ?? 0 }

        private static func sideRank(_ outcome: CheckOutcome) -> Int {
            rank(Side(rawValue: outcome.values["side"]?.split(separator: " ").first.map(String.init) ?? "") ?? .left)
        }
    }
}
